import { getMsalClient } from "../auth/msalClient";
import { pageSignIn } from "../auth/pageSignIn";
import { FlowInvokerError } from "../errors/FlowInvokerError";
import { cspAwareFetch, watchPageCsp } from "../host/contentSecurityPolicy";
import { FormFacts, isFramedCrossOrigin } from "../host/formFacts";
import { withTimeouts } from "../services/dataverse";
import { FetchFn } from "../services/http";
import { runnerSettings } from "../settings/readers";
import { Settings } from "../settings/settings";
import { QueueRunner } from "./queueRunner";
import { FlowRunner } from "./runner";
import { checkInvalidSettings, runSetupCheck } from "./setup/check";
import { SetupStep } from "./setup/steps";
import { Runner, RunnerDeps } from "./types";

type FormWebApi = ConstructorParameters<typeof FlowRunner>[0]["webApi"];

/** What a runner talks to on the page, passed in so its assembly is testable without a form. */
export interface RunnerPage {
    window: Window;
    /** context.webAPI: the form's own Dataverse session. */
    webApi: FormWebApi;
    msal?: RunnerDeps["msal"];
}

export interface BuiltRunner {
    runner: Runner;
    /** The setup check with the runner's own dependencies (Http mode only). */
    setupCheck?: () => Promise<SetupStep[]>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const now = (): number => performance.now();

/** The page's fetch that names the host and directive when the page's Content-Security-Policy blocked a request. */
function pageFetch(win: Window): FetchFn {
    return cspAwareFetch((input, init) => win.fetch(input, init), watchPageCsp(win), sleep);
}

/** Queue mode gets the queue runner; Http mode the flow runner, prefetching at once, and the setup check beside it. */
export function buildRunner(settings: Settings, facts: FormFacts, page: RunnerPage): BuiltRunner {
    const win = page.window;
    const webApi = withTimeouts(page.webApi);
    if (settings.queue) return { runner: new QueueRunner({ queue: settings.queue, webApi, now, sleep }) };
    const deps: RunnerDeps = {
        // Exactly what the rebuild key holds (CurrentRunner below): the runner can read nothing the key misses.
        settings: runnerSettings(settings),
        app: {
            orgUrl: win.location.origin,
            userId: facts.userId,
            tenantId: facts.tenantId,
            environmentId: facts.environmentId,
            isFramedCrossOrigin: isFramedCrossOrigin(win),
        },
        webApi,
        fetch: pageFetch(win),
        msal: page.msal ?? getMsalClient,
        pageSignIn,
        store: storageOrUndefined(() => win.sessionStorage),
        keptStore: storageOrUndefined(() => win.localStorage),
        now,
        sleep,
        newTrackingId,
    };
    const runner = new FlowRunner(deps);
    runner.prefetch();
    // The check asks the services afresh with the runner's own dependencies; it never shares the runner's cache.
    const setupCheck = (): Promise<SetupStep[]> =>
        runSetupCheck({ ...deps, cspViolations: () => watchPageCsp(win).violations, silentFailedAtLoad: runner.signInState === "required" });
    return { runner, setupCheck };
}

/** The setup check for a configuration error: what can be checked without valid properties (README "Setup check"). */
export function invalidSettingsCheck(error: FlowInvokerError, win: Window): () => Promise<SetupStep[]> {
    return () => checkInvalidSettings(error, { orgUrl: win.location.origin, fetch: pageFetch(win), cspViolations: () => watchPageCsp(win).violations });
}

/**
 * updateView runs on every form change: one runner is kept while the settings it reads stay the same (the key is the
 * schema's runner settings, settings/schema.ts); a replaced runner is disposed so it stops listening and sending.
 */
export class CurrentRunner {
    private built?: BuiltRunner;
    private key?: string;

    for(settings: Settings, facts: FormFacts, page: RunnerPage): BuiltRunner {
        const key = JSON.stringify(runnerSettings(settings));
        if (this.built && this.key === key) return this.built;
        this.dispose();
        this.built = buildRunner(settings, facts, page);
        this.key = key;
        return this.built;
    }

    /** Its late results are dropped, its page-wide listeners removed, Queue polling stopped. */
    dispose(): void {
        this.built?.runner.dispose();
        this.built = undefined;
        this.key = undefined;
    }
}

/** A GUID per click, sent as x-ms-client-tracking-id so the user can quote it to find the run. */
function newTrackingId(): string {
    if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** sessionStorage and localStorage throw in some privacy modes; both caches are optional. */
function storageOrUndefined(read: () => Storage): Storage | undefined {
    try {
        return read();
    } catch {
        return undefined;
    }
}
