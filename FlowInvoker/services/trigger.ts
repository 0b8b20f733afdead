import { FlowInvokerError, isFlowInvokerError } from "../errors/FlowInvokerError";
import { pollAsyncResponse, pollableLocation } from "./asyncResponse";
import { FetchFn, HttpResponse, send } from "./http";
import { redact, redactAnswer } from "../shared/redact";
import { readTriggerRefusal } from "./triggerAnswer";
import { TriggerCorsMemory, extraHeaders, findRefusedHeaders } from "./triggerCors";

/** What one click produced. */
export interface RunResult {
    /**
     * 202: the run started and goes on; any other 2xx: the flow's Response action answered; running: an asynchronous Response
     * being polled; stillRunning: the maker's limit passed while polling.
     */
    outcome: "started" | "completed" | "running" | "stillRunning";
    status: number;
    durationMs: number;
    runId?: string;
    trackingId?: string;
    /** Parsed JSON, or text for other content; tokens and signed URLs in it redacted. */
    body: unknown;
    /** The answer was longer than MAX_ANSWER_BYTES: `body` is the beginning of its text. */
    truncated?: boolean;
    /** A 202 naming its run (an asynchronous Response) whose Location the browser cannot read: it runs in the background. */
    background?: boolean;
}

/** How a 202 with a readable Location is followed; without it a 202 is returned as it came. */
export interface AsyncFollow {
    limitMs: number;
    sleep: (ms: number) => Promise<void>;
    onProgress?: (running: RunResult) => void;
    alive?: () => void;
}

export interface InvokeRequest {
    url: string;
    /** Absent for an "Anyone" trigger: a bearer must never go to a `sig=` URL. */
    token?: string;
    body: unknown;
    /** Sent as x-ms-client-tracking-id (or as the TRACKING_QUERY parameter where that header is refused) so the user can quote it and find the run. */
    trackingId: string;
    /** A token for the maker's own API (identityScope), for the flow to verify who called. */
    identityToken?: string;
    /** The trigger answers within 120 s or gives 504; wait a little longer than that. */
    timeoutMs: number;
    now: () => number;
    /** What the page learnt about this host's CORS preflight; without it nothing is remembered between clicks. */
    cors?: TriggerCorsMemory;
    /** Poll an asynchronous Response's Location until it answers or the limit passes. */
    follow?: AsyncFollow;
}

/** The request header carrying the identityScope token; the flow reads it as triggerOutputs()['headers']['x-flowinvoker-identity']. */
export const IDENTITY_HEADER = "x-flowinvoker-identity";
/** Logic Apps keeps this header as the run's client tracking id (searchable in run history). */
export const TRACKING_HEADER = "x-ms-client-tracking-id";
/**
 * The tracking id in the query (triggerOutputs()['queries']['flowinvokerTrackingId']) for a trigger whose CORS preflight
 * refuses the header, so the flow still gets it (docs/platform-facts.md, "CORS").
 */
export const TRACKING_QUERY = "flowinvokerTrackingId";
/** A run id as the runtime writes them (08584…CU12): nothing else in a 202 body is taken for one. */
const RUN_ID = /^\d{20,}CU\d{1,3}$/;

function header(headers: Headers, name: string): string | undefined {
    return headers.get(name) ?? undefined;
}

/** A 202's JSON body names the run (`name`) for an asynchronous Response; headers may be unreadable to the browser. */
function runIdFromBody(status: number, body: unknown): string | undefined {
    const name = status === 202 && typeof body === "object" && body !== null ? (body as { name?: unknown }).name : undefined;
    return typeof name === "string" && RUN_ID.test(name) ? name : undefined;
}

function withTrackingQuery(url: string, trackingId: string): string {
    const parsed = new URL(url);
    parsed.searchParams.set(TRACKING_QUERY, trackingId);
    return parsed.href;
}

/** POSTs the JSON body to the trigger with the user's token and reads the answer. */
export async function invokeTrigger(fetchFn: FetchFn, request: InvokeRequest): Promise<RunResult> {
    const service = new URL(request.url).hostname;
    // The same URL click after click keeps the browser's preflight cached; the query carries the id only without the header.
    const headerRefused = request.cors?.isRefused(service, TRACKING_HEADER) === true;
    const url = headerRefused ? withTrackingQuery(request.url, request.trackingId) : request.url;
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (!headerRefused) headers[TRACKING_HEADER] = request.trackingId;
    if (request.token) headers.Authorization = `Bearer ${request.token}`;
    if (request.identityToken) headers[IDENTITY_HEADER] = request.identityToken;
    const started = request.now();
    const post = (target: string, sent: Record<string, string>): Promise<HttpResponse> =>
        send(fetchFn, target, { method: "POST", headers: sent, body: JSON.stringify(request.body) }, { service, timeoutMs: request.timeoutMs });
    let response: HttpResponse;
    try {
        response = await post(url, headers);
    } catch (error) {
        const again = await withoutRefusedHeaders(fetchFn, url, headers, error, request);
        response = await postAgain(() => post(withTrackingQuery(url, request.trackingId), again), request, service);
    }
    const first = answer(response, request, service, started);
    const location = response.status === 202 ? pollableLocation(request.url, response.headers.get("location")) : undefined;
    // An asynchronous Response names its run in the 202's body; without a readable Location its answer cannot be fetched.
    const background = response.status === 202 && !location && runIdFromBody(202, response.body) !== undefined;
    if (!location || !request.follow) return background ? { ...first, background } : first;
    const { follow } = request;
    const running = (elapsedMs: number): RunResult => ({ ...first, outcome: "running", durationMs: Math.round(elapsedMs), body: "" });
    const end = await pollAsyncResponse(fetchFn, {
        location,
        retryAfterSeconds: response.retryAfterSeconds,
        startedAt: started,
        limitMs: follow.limitMs,
        timeoutMs: request.timeoutMs,
        now: request.now,
        sleep: follow.sleep,
        onProgress: follow.onProgress && ((elapsed) => follow.onProgress?.(running(elapsed))),
        alive: follow.alive,
    });
    if (end.kind === "stillRunning") return { ...running(request.now() - started), outcome: "stillRunning" };
    const final = answer(end.response, request, service, started);
    return { ...final, runId: final.runId ?? first.runId };
}

/** The flow's answer as a RunResult, or the gateway's refusal (or the flow's own error status) thrown. */
function answer(response: HttpResponse, request: InvokeRequest, service: string, started: number): RunResult {
    const durationMs = Math.max(0, Math.round(request.now() - started));
    const runId = header(response.headers, "x-ms-workflow-run-id") ?? runIdFromBody(response.status, response.body);
    // Ours, always: without our header the runtime answers with the run id in its place, and the flow has ours in the query.
    const trackingId = request.trackingId;
    if (response.status >= 200 && response.status < 300) {
        const outcome = response.status === 202 ? "started" : "completed";
        return {
            outcome,
            status: response.status,
            durationMs,
            runId,
            trackingId,
            body: redactAnswer(response.body),
            truncated: response.truncated || undefined,
        };
    }
    const refusal = readTriggerRefusal(response.status, response.body);
    throw new FlowInvokerError(refusal.code, {
        serviceCode: refusal.serviceCode,
        status: response.status,
        variant: refusal.variant,
        values: { service, status: String(response.status), ...refusal.values },
        responseText: redact(response.text),
        runId: runId ?? refusal.runId,
        trackingId,
        noRun: refusal.noRun,
        staleUrl: refusal.staleUrl,
        retryAfterSeconds: response.retryAfterSeconds,
    });
}

async function postAgain(post: () => Promise<HttpResponse>, request: InvokeRequest, service: string): Promise<HttpResponse> {
    try {
        return await post();
    } catch (cause) {
        throw outcomeUnknown(request, service, cause);
    }
}

/** Sent but unanswered: the run may have started, so it is never retried silently. */
function outcomeUnknown(request: InvokeRequest, service: string, cause: unknown): FlowInvokerError {
    const values = { service, seconds: String(Math.round(request.timeoutMs / 1000)) };
    return new FlowInvokerError("RunOutcomeUnknown", { mayHaveRun: true, values, trackingId: request.trackingId, cause });
}

/**
 * The POST got no answer. If the trigger's preflight refused only the tracking header, the POST never left the browser: the
 * headers to send again without it (the id still travels in the query). Anything else is thrown: a refused identity header
 * as CorsBlocked naming it, a request that may have reached the flow as RunOutcomeUnknown, never retried.
 */
async function withoutRefusedHeaders(
    fetchFn: FetchFn,
    url: string,
    headers: Record<string, string>,
    error: unknown,
    request: InvokeRequest,
): Promise<Record<string, string>> {
    const service = new URL(url).hostname;
    // Blocked before it left the browser (the page's CSP): say so as it is.
    if (isFlowInvokerError(error) && error.details.noRun) throw error;
    // Timed out, redirected, or cut off mid-answer: the request got through, so no header was refused and a run may exist.
    if (isFlowInvokerError(error) && (error.code === "RequestTimedOut" || error.details.status !== undefined)) throw outcomeUnknown(request, service, error);
    const refused = await findRefusedHeaders(fetchFn, url, extraHeaders(headers), request.timeoutMs);
    if (refused.length === 0) throw outcomeUnknown(request, service, error);
    request.cors?.remember(service, refused);
    const blocking = refused.find((name) => name.toLowerCase() !== TRACKING_HEADER);
    if (blocking) {
        throw new FlowInvokerError("CorsBlocked", {
            variant: "Header",
            noRun: true,
            values: { service, host: service, header: blocking },
            trackingId: request.trackingId,
            cause: error,
        });
    }
    return Object.fromEntries(Object.entries(headers).filter(([name]) => !refused.includes(name)));
}
