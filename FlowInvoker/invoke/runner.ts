import { FlowInvokerError, isFlowInvokerError } from "../errors/FlowInvokerError";
import { runUrl } from "../settings/clouds";
import { isSignedUrl } from "../shared/signedUrl";
import { RunResult, invokeTrigger } from "../services/trigger";
import { TriggerCorsMemory } from "../services/triggerCors";
import { ASYNC_TIMEOUT_SECONDS } from "../settings/settings";
import { settlesWithin } from "../shared/pending";
import { BodySource, checkRequestBody } from "./bodyCheck";
import { CachedDiscovery } from "./callbackCache";
import { findClaimMismatch, readClaims } from "./claims";
import { Discovery } from "./discovery";
import { TokenSession } from "./session";
import { RunOutcome, Runner, RunnerDeps, RunnerDisposed, SignInState } from "./types";

export type { AppContext, RunOutcome, Runner, RunnerDeps, SignInState } from "./types";

/** The trigger answers within 120 s or gives 504: wait a little longer than that. */
const TRIGGER_TIMEOUT_MS = 130_000;
/** A Retry-After on the trigger longer than this is shown, not waited for. */
const MAX_THROTTLE_WAIT_MS = 10_000;
/**
 * How long a click that needs the popup waits for the load's flow check: the popup must open while the browser still counts
 * the click (docs/platform-facts.md, "MSAL browser"); a check still running then is awaited after sign-in instead.
 */
const PRECHECK_WAIT_MS = 400;

type Retry = "staleUrl" | "throttled";

/** One click, at most one run: the chain token → discovery → trigger, retrying only what provably did not start a run. */
export class FlowRunner implements Runner {
    private readonly discovery: Discovery;
    private readonly session: TokenSession;
    /** Request headers a trigger host's preflight refused: learnt once, not offered again on this page. */
    private readonly cors = new TriggerCorsMemory();
    /** The discovery under way and the token it was started with: a click never inherits another token's failure. */
    private discovering?: { token: string; settled: Promise<unknown> };
    private disposed = false;
    /** Who hears an asynchronous Response being polled (the panel). */
    private readonly progress = new Set<(running: RunOutcome) => void>();

    constructor(private readonly deps: RunnerDeps) {
        this.discovery = new Discovery(deps);
        this.session = new TokenSession(deps, () => this.discovery.org());
        // Signed in (here or by another control): get the URL and the identity token ready before the click.
        this.session.onChange(() => {
            if (this.session.signInState !== "signedIn") return;
            this.session
                .silent({ cacheOnly: true })
                .then((token) => this.triggerFor(token))
                .catch(() => undefined);
            this.session.identity().catch(() => undefined);
        });
    }

    get signInState(): SignInState {
        return this.session.signInState;
    }

    onChange(listener: () => void): () => void {
        return this.session.onChange(listener);
    }

    onProgress(listener: (running: RunOutcome) => void): () => void {
        this.progress.add(listener);
        return () => this.progress.delete(listener);
    }

    /**
     * Form load: the token and the flow check in parallel, the URL once a token is there, so the first click finds them
     * ready and a click that needs the popup opens it at once. Never opens a popup.
     */
    prefetch(): void {
        this.discovery.precheck().catch(() => undefined);
        // The inputs dialog needs the schema at the click: read it even when the URL is cached.
        void this.discovery.schema({ evenIfCached: this.deps.settings.askForInputs });
        const token = this.session.silent();
        token.then(() => this.session.identity()).catch(() => undefined);
        token.then((found) => this.triggerFor(found)).catch(() => undefined);
    }

    /** From a click only: opens the sign-in popup (or joins the one another control opened for the same token). */
    async signIn(): Promise<void> {
        await this.session.interactive();
    }

    /** The control is gone or its settings changed: no page-wide listener, nothing more sent, late results dropped. */
    dispose(): void {
        this.disposed = true;
        this.session.dispose();
    }

    triggerSchema(): Promise<unknown> {
        return this.discovery.schema({ evenIfCached: true });
    }

    async run(body: unknown, source?: BodySource): Promise<RunOutcome> {
        const trackingId = this.deps.newTrackingId();
        // A body the trigger's schema refuses is said before sign-in when the schema is there in time, and always before sending.
        const bodyCheck = checkRequestBody(this.discovery.schema(), body, source);
        bodyCheck.catch(() => undefined);
        const token = await this.unlessDisposed(this.session.forClick(this.precheck(bodyCheck)));
        await this.unlessDisposed(bodyCheck);
        const identityToken = await this.unlessDisposed(this.session.identity());
        let trigger = await this.unlessDisposed(this.triggerFor(token));
        const retried = new Set<Retry>();
        for (;;) {
            try {
                this.throwIfDisposed();
                const result = await this.postToTrigger(trigger, { token, identityToken }, body, trackingId);
                const link =
                    result.runId && trigger.resourceId ? runUrl(this.deps.settings.cloud, trigger.environmentId, trigger.resourceId, result.runId) : undefined;
                return { ...result, runUrl: link };
            } catch (error) {
                const retry = this.retryFor(error, retried);
                if (!retry) throw isFlowInvokerError(error) && error.code === "MisMatchingOAuthClaims" ? await this.explainMismatch(error, token) : error;
                retried.add(retry);
                if (retry === "staleUrl") {
                    this.discovery.forget();
                    trigger = await this.unlessDisposed(this.triggerFor(token));
                } else {
                    await this.deps.sleep(((error as FlowInvokerError).details.retryAfterSeconds ?? 0) * 1000);
                }
            }
        }
    }

    /**
     * A flow that cannot run (off, not HTTP, not found) is said before anyone is asked to sign in. When the popup will be
     * needed, a check still running after PRECHECK_WAIT_MS is left to discovery, which fails the same way after sign-in.
     */
    private async precheck(bodyCheck: Promise<void>): Promise<void> {
        const check = Promise.all([this.discovery.precheck(), bodyCheck]).then(() => undefined);
        if (this.session.signInState === "signedIn" || (await settlesWithin(check, PRECHECK_WAIT_MS))) await check;
        else check.catch(() => undefined);
    }

    /** The trigger (URL, environment, flow) for this token: a discovery started with another token is waited out, never joined, then asked again. */
    private async triggerFor(token: string): Promise<CachedDiscovery> {
        const other = this.discovering;
        if (other && other.token !== token) await other.settled;
        const found = this.discovery.callbackUrl(Promise.resolve(token));
        const mine = { token, settled: found.catch(() => undefined) };
        this.discovering = mine;
        try {
            return await found;
        } finally {
            if (this.discovering === mine) this.discovering = undefined;
        }
    }

    /** Past dispose() nothing more is sent: the click's result would reach no one. */
    private throwIfDisposed(): void {
        if (this.disposed) throw new RunnerDisposed();
    }

    private async unlessDisposed<T>(work: Promise<T>): Promise<T> {
        const value = await work;
        this.throwIfDisposed();
        return value;
    }

    private postToTrigger(trigger: CachedDiscovery, tokens: { token: string; identityToken?: string }, body: unknown, trackingId: string): Promise<RunResult> {
        const anonymous = isSignedUrl(trigger.url);
        return invokeTrigger(this.deps.fetch, {
            url: trigger.url,
            token: anonymous ? undefined : tokens.token,
            // The identity token proves who called to the maker's API: never to a URL anyone may call.
            identityToken: anonymous ? undefined : tokens.identityToken,
            body,
            trackingId,
            timeoutMs: TRIGGER_TIMEOUT_MS,
            now: this.deps.now,
            cors: this.cors,
            follow: {
                limitMs: (this.deps.settings.asyncTimeoutSeconds ?? ASYNC_TIMEOUT_SECONDS) * 1000,
                sleep: this.deps.sleep,
                onProgress: (running) => this.progress.forEach((hear) => hear(running)),
                alive: () => this.throwIfDisposed(),
            },
        });
    }

    /**
     * Each retry at most once per click, and only after the gateway's own refusal before any run (its error envelope and a
     * known code, docs/platform-facts.md "Trigger answers"): a flow's own 401 or 404 is its answer, a resend would run it twice.
     */
    private retryFor(error: unknown, retried: Set<Retry>): Retry | undefined {
        if (!isFlowInvokerError(error) || !error.details.noRun || error.details.mayHaveRun) return undefined;
        const { status, staleUrl, retryAfterSeconds } = error.details;
        // Browsers hide Retry-After unless the service exposes it: without it the wait is unknown, so the user is told instead.
        const shortThrottle = status === 429 && retryAfterSeconds !== undefined && retryAfterSeconds * 1000 <= MAX_THROTTLE_WAIT_MS;
        const wanted: Retry | undefined = staleUrl ? "staleUrl" : shortThrottle ? "throttled" : undefined;
        return wanted && !retried.has(wanted) ? wanted : undefined;
    }

    private async explainMismatch(error: FlowInvokerError, token: string): Promise<FlowInvokerError> {
        const { tenantId } = await this.discovery.org();
        const mismatch = findClaimMismatch(readClaims(token), { audience: this.deps.settings.cloud.audience, tenantId });
        // aud and tid are checked here; when both match, the trigger's user list (oid) is what refused.
        const claim = mismatch?.claim ?? "oid";
        const values = { ...error.details.values, claim, expected: mismatch?.expected ?? "", actual: mismatch?.actual ?? "" };
        return new FlowInvokerError("MisMatchingOAuthClaims", { ...error.details, values, variant: claim });
    }
}
