import { FlowInvokerError } from "../errors/FlowInvokerError";
import { FetchFn, redact, send } from "./http";
import { readTriggerRefusal } from "./triggerAnswer";

/** What one click produced. */
export interface RunResult {
    /** 202: the run started and goes on; any other 2xx: the flow's Response action answered. */
    outcome: "started" | "completed";
    status: number;
    durationMs: number;
    runId?: string;
    trackingId?: string;
    /** Parsed JSON, or text for other content. */
    body: unknown;
}

export interface InvokeRequest {
    url: string;
    /** Absent for an "Anyone" trigger: a bearer must never go to a `sig=` URL. */
    token?: string;
    body: unknown;
    /** Sent as x-ms-client-tracking-id so the user can quote it and find the run. */
    trackingId: string;
    /** A token for the maker's own API (identityScope), for the flow to verify who called. */
    identityToken?: string;
    /** The trigger answers within 120 s or gives 504; wait a little longer than that. */
    timeoutMs: number;
    now: () => number;
}

/** The request header carrying the identityScope token; the flow reads it as triggerOutputs()['headers']['x-flowinvoker-identity']. */
export const IDENTITY_HEADER = "x-flowinvoker-identity";

function header(headers: Headers, name: string): string | undefined {
    return headers.get(name) ?? undefined;
}

function asText(body: unknown): string {
    return typeof body === "string" ? body : JSON.stringify(body);
}

/** POSTs the JSON body to the trigger with the user's token and reads the answer. */
export async function invokeTrigger(fetchFn: FetchFn, request: InvokeRequest): Promise<RunResult> {
    const service = new URL(request.url).hostname;
    const headers: Record<string, string> = { "Content-Type": "application/json", "x-ms-client-tracking-id": request.trackingId };
    if (request.token) headers.Authorization = `Bearer ${request.token}`;
    if (request.identityToken) headers[IDENTITY_HEADER] = request.identityToken;
    const started = request.now();
    let response;
    try {
        response = await send(fetchFn, request.url, { method: "POST", headers, body: JSON.stringify(request.body) }, { service, timeoutMs: request.timeoutMs });
    } catch (error) {
        // Sent but unanswered: the run may have started, so never retry it silently.
        const values = { service, seconds: String(Math.round(request.timeoutMs / 1000)) };
        throw new FlowInvokerError("RunOutcomeUnknown", { mayHaveRun: true, values, trackingId: request.trackingId, cause: error });
    }
    const durationMs = Math.max(0, Math.round(request.now() - started));
    const runId = header(response.headers, "x-ms-workflow-run-id");
    const trackingId = header(response.headers, "x-ms-client-tracking-id") ?? request.trackingId;
    if (response.status >= 200 && response.status < 300) {
        return { outcome: response.status === 202 ? "started" : "completed", status: response.status, durationMs, runId, trackingId, body: response.body };
    }
    const refusal = readTriggerRefusal(response.status, response.body);
    throw new FlowInvokerError(refusal.code, {
        serviceCode: refusal.serviceCode,
        status: response.status,
        variant: refusal.variant,
        values: { service, status: String(response.status), ...refusal.values },
        responseText: redact(asText(response.body)),
        runId: runId ?? refusal.runId,
        trackingId,
        noRun: refusal.noRun,
        staleUrl: refusal.staleUrl,
        retryAfterSeconds: response.retryAfterSeconds,
    });
}
