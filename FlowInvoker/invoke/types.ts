import { PageSignIn } from "../auth/pageSignIn";
import { MsalClient } from "../auth/signIn";
import { WebApi } from "../services/dataverse";
import { FetchFn } from "../services/http";
import { Settings } from "../settings/settings";
import { KeyValueStore } from "./callbackCache";

/** What the form tells us about where we run and who is signed in. */
export interface AppContext {
    /** The org's origin, e.g. https://contoso.crm.dynamics.com. */
    orgUrl: string;
    userId?: string;
    /** Undocumented platform values, when present; looked up otherwise. */
    tenantId?: string;
    environmentId?: string;
    isFramedCrossOrigin: boolean;
}

export interface Organization {
    tenantId?: string;
    environmentId?: string;
}

/** Everything the runner talks to, passed in so tests and the control use the same code. */
export interface RunnerDeps {
    settings: Settings;
    app: AppContext;
    webApi: WebApi;
    fetch: FetchFn;
    msal: (options: { clientId: string; authority: string; redirectUri: string }) => Promise<MsalClient>;
    pageSignIn: PageSignIn;
    store?: KeyValueStore;
    now: () => number;
    sleep: (ms: number) => Promise<void>;
    newTrackingId: () => string;
}
