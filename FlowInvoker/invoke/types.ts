import { PageSignIn } from "../auth/pageSignIn";
import { MsalClient } from "../auth/signIn";
import { WebApi } from "../services/dataverse";
import { FetchFn } from "../services/http";
import { RunResult } from "../services/trigger";
import { RunnerSettings } from "../settings/readers";
import { BodySource } from "./bodyCheck";
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
    /** Only what the runner reads: a setting outside its rebuild key cannot reach it (settings/schema.ts). */
    settings: RunnerSettings;
    app: AppContext;
    webApi: WebApi;
    fetch: FetchFn;
    msal: (options: { clientId: string; authority: string; redirectUri: string }) => Promise<MsalClient>;
    pageSignIn: PageSignIn;
    store?: KeyValueStore;
    /** Kept across browser sessions (localStorage): a returning user's trigger URL and flow facts, revalidated by version. */
    keptStore?: KeyValueStore;
    now: () => number;
    sleep: (ms: number) => Promise<void>;
    newTrackingId: () => string;
}

export type SignInState = "checking" | "signedIn" | "required";

/** A run as the panel shows it; `status` is the HTTP status (absent in queue mode), `runUrl` the run's page when known. */
export interface RunOutcome extends Omit<RunResult, "status"> {
    status?: number;
    runUrl?: string;
}

/** A run cut short because its control was destroyed or its settings changed: nobody is there to be told. */
export class RunnerDisposed extends Error {
    constructor() {
        super("RunnerDisposed");
        this.name = "RunnerDisposed";
    }
}

/** What the button drives: the HTTP trigger runner or the queue runner. */
export interface Runner {
    readonly signInState: SignInState;
    onChange(listener: () => void): () => void;
    /** Form load: get ready without any popup. */
    prefetch(): void;
    /** From a click only. */
    signIn(): Promise<void>;
    /** One click, at most one run. Rejects with RunnerDisposed once disposed. */
    run(body: unknown, source?: BodySource): Promise<RunOutcome>;
    /** The HTTP trigger's schema as written (for the inputs dialog); absent in queue mode. */
    triggerSchema?(): Promise<unknown>;
    /** Hears an asynchronous Response being polled (Running, the time so far); returns the unsubscribe. */
    onProgress?(listener: (running: RunOutcome) => void): () => void;
    /** The control was destroyed or its settings changed: remove page-wide listeners, stop polling, send nothing more. */
    dispose(): void;
}
