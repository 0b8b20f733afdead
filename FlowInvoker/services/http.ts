import { FlowInvokerError, isFlowInvokerError } from "../errors/FlowInvokerError";
import { MAX_ANSWER_BYTES } from "../shared/limits";

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpResponse {
    status: number;
    headers: Headers;
    /** Parsed JSON when the body is JSON, else the text ("" when empty). */
    body: unknown;
    /** The body as it came, for messages: never re-serialised, which fails on deeply nested JSON. */
    text: string;
    /** Longer than MAX_ANSWER_BYTES: `text` is its beginning and `body` that text, not parsed. */
    truncated: boolean;
    /** Seconds from a Retry-After header given in seconds. */
    retryAfterSeconds?: number;
}

export interface HttpOptions {
    /** Name of the service for messages (a host name, never a URL with a query). */
    service: string;
    timeoutMs: number;
}

/** `{"error":{"code":…,"message":…}}`, the shape Dataverse, the Flow API and the trigger all use. */
export function serviceError(body: unknown): { code?: string; message?: string } {
    if (typeof body !== "object" || body === null) return {};
    const error = (body as { error?: unknown }).error;
    if (typeof error !== "object" || error === null) return {};
    const { code, message } = error as { code?: unknown; message?: unknown };
    return { code: typeof code === "string" ? code : undefined, message: typeof message === "string" ? message : undefined };
}

/** The body's text, read no further than `maxBytes`: the rest is cancelled unread. */
async function readText(response: Response, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
    const reader = response.body?.getReader();
    if (!reader) {
        const text = await response.text();
        return { text: text.slice(0, maxBytes), truncated: text.length > maxBytes };
    }
    const decoder = new TextDecoder();
    let text = "";
    for (let bytes = 0; ; ) {
        const { done, value } = await reader.read();
        if (done) return { text: text + decoder.decode(), truncated: false };
        if (bytes + value.byteLength > maxBytes) {
            reader.cancel().catch(() => undefined);
            return { text: text + decoder.decode(value.subarray(0, maxBytes - bytes)), truncated: true };
        }
        bytes += value.byteLength;
        text += decoder.decode(value, { stream: true });
    }
}

async function readBody(response: Response): Promise<Pick<HttpResponse, "body" | "text" | "truncated">> {
    const { text, truncated } = await readText(response, MAX_ANSWER_BYTES);
    if (text === "" || truncated) return { body: text, text, truncated };
    try {
        return { body: JSON.parse(text) as unknown, text, truncated };
    } catch {
        return { body: text, text, truncated };
    }
}

/**
 * One request with a timeout. A request that never got an answer becomes RequestTimedOut or CorsBlocked
 * (the browser does not say whether the network or CORS refused it); statuses are the caller's to judge.
 */
export async function send(fetchFn: FetchFn, url: string, init: RequestInit, options: HttpOptions): Promise<HttpResponse> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    const values = { service: options.service, seconds: String(Math.round(options.timeoutMs / 1000)) };
    let response: Response | undefined;
    try {
        // A redirect would carry the body, the identity header and, on the same host, the bearer elsewhere: never followed.
        response = await fetchFn(url, { ...init, redirect: "manual", signal: controller.signal });
        if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
            throw new FlowInvokerError("UnexpectedResponse", { status: response.status || 302, values: { ...values, detail: "redirect" } });
        }
        const retryAfter = Number(response.headers.get("retry-after") ?? NaN);
        return {
            status: response.status,
            headers: response.headers,
            ...(await readBody(response)),
            retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
        };
    } catch (error) {
        // Already explained: a redirect, or a Content-Security-Policy block named by the fetch the page gave us.
        if (isFlowInvokerError(error)) throw error;
        if (controller.signal.aborted) throw new FlowInvokerError("RequestTimedOut", { values, cause: error });
        // `status` set: the answer had begun (the preflight passed) when the connection failed.
        throw new FlowInvokerError("CorsBlocked", { values, status: response?.status, cause: error });
    } finally {
        clearTimeout(timer);
    }
}
