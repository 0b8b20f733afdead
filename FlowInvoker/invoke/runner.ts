import { FlowInvokerError, isFlowInvokerError } from "../errors/FlowInvokerError";
import { runUrl } from "../services/clouds";
import { isSignedUrl } from "../services/signedUrl";
import { RunResult, invokeTrigger } from "../services/trigger";
import { TriggerCorsMemory } from "../services/triggerCors";
import { CachedDiscovery } from "./callbackCache";
import { findClaimMismatch, readClaims } from "./claims";
import { Discovery } from "./discovery";
import { TokenSession } from "./session";
import { RunOutcome, Runner, RunnerDeps, SignInState } from "./types";

export type { AppContext, RunOutcome, Runner, RunnerDeps, SignInState } from "./types";

/** The trigger answers within 120 s or gives 504: wait a little longer than that. */
const TRIGGER_TIMEOUT_MS = 130_000;
/** A Retry-After on the trigger longer than this is shown, not waited for. */
const MAX_THROTTLE_WAIT_MS = 10_000;

type Retry = "staleUrl" | "throttled";

/** One click, at most one run: the chain token → discovery → trigger, retrying only what provably did not start a run. */
export class FlowRunner implements Runner {
    private readonly discovery: Discovery;
    private readonly session: TokenSession;
    /** Request headers a trigger host's preflight refused: learnt once, not offered again on this page. */
    private readonly cors = new TriggerCorsMemory();

    constructor(private readonly deps: RunnerDeps) {
        this.discovery = new Discovery(deps);
        this.session = new TokenSession(deps, () => this.discovery.org());
        // Signed in (here or by another control): get the URL and the identity token ready before the click.
        this.session.onChange(() => {
            if (this.session.signInState !== "signedIn") return;
            this.discovery.callbackUrl(this.session.silent({ cacheOnly: true })).catch(() => undefined);
            this.session.identity().catch(() => undefined);
        });
    }

    get signInState(): SignInState {
        return this.session.signInState;
    }

    onChange(listener: () => void): () => void {
        return this.session.onChange(listener);
    }

    /** Form load: token and discovery in parallel, so the first click finds them ready. Never opens a popup. */
    prefetch(): void {
        const token = this.session.silent();
        token.then(() => this.session.identity()).catch(() => undefined);
        this.discovery.callbackUrl(token).catch(() => undefined);
    }

    /** From a click only: opens the sign-in popup (or joins the one another control opened). */
    async signIn(): Promise<void> {
        await this.session.interactive();
    }

    async run(body: unknown): Promise<RunOutcome> {
        const trackingId = this.deps.newTrackingId();
        // A flow that cannot run (off, not HTTP, not found) is said before anyone is asked to sign in.
        await this.discovery.precheck();
        const token = await this.session.forClick();
        const identityToken = await this.session.identity();
        let target = await this.discovery.callbackUrl(Promise.resolve(token));
        const done = new Set<Retry>();
        for (;;) {
            try {
                const result = await this.post(target, { token, identityToken }, body, trackingId);
                const link = result.runId && target.resourceId ? runUrl(this.deps.settings.cloud, target.environmentId, target.resourceId, result.runId) : undefined;
                return { ...result, runUrl: link };
            } catch (error) {
                const retry = this.retryFor(error, done);
                if (!retry) throw isFlowInvokerError(error) && error.code === "MisMatchingOAuthClaims" ? await this.explainMismatch(error, token) : error;
                done.add(retry);
                if (retry === "staleUrl") {
                    this.discovery.forget();
                    target = await this.discovery.callbackUrl(Promise.resolve(token));
                } else {
                    await this.deps.sleep(((error as FlowInvokerError).details.retryAfterSeconds ?? 0) * 1000);
                }
            }
        }
    }

    private post(target: CachedDiscovery, tokens: { token: string; identityToken?: string }, body: unknown, trackingId: string): Promise<RunResult> {
        const anonymous = isSignedUrl(target.url);
        return invokeTrigger(this.deps.fetch, {
            url: target.url,
            token: anonymous ? undefined : tokens.token,
            // The identity token proves who called to the maker's API: never to a URL anyone may call.
            identityToken: anonymous ? undefined : tokens.identityToken,
            body,
            trackingId,
            timeoutMs: TRIGGER_TIMEOUT_MS,
            now: this.deps.now,
            cors: this.cors,
        });
    }

    /**
     * Each retry at most once per click, and only after the gateway's own refusal before any run (its error envelope and a
     * known code, docs/platform-facts.md "Trigger answers"): a flow's own 401 or 404 is its answer, a resend would run it twice.
     */
    private retryFor(error: unknown, done: Set<Retry>): Retry | undefined {
        if (!isFlowInvokerError(error) || !error.details.noRun || error.details.mayHaveRun) return undefined;
        const { status, staleUrl, retryAfterSeconds } = error.details;
        // Browsers hide Retry-After unless the service exposes it: without it the wait is unknown, so the user is told instead.
        const shortThrottle = status === 429 && retryAfterSeconds !== undefined && retryAfterSeconds * 1000 <= MAX_THROTTLE_WAIT_MS;
        const wanted: Retry | undefined = staleUrl ? "staleUrl" : shortThrottle ? "throttled" : undefined;
        return wanted && !done.has(wanted) ? wanted : undefined;
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
