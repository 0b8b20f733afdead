import { isFlowInvokerError } from "../errors/FlowInvokerError";

export interface RetryPolicy {
    /** Tries in all, the first included. */
    attempts: number;
    baseDelayMs: number;
    /** A Retry-After longer than this is not waited for: the error is shown instead. */
    maxDelayMs: number;
    sleep: (ms: number) => Promise<void>;
}

export const READ_RETRY: Omit<RetryPolicy, "sleep"> = { attempts: 3, baseDelayMs: 500, maxDelayMs: 10_000 };

/** Reads are safe to repeat: a throttled (429), failing (5xx) or unreachable service is tried again. */
function isTransient(error: unknown): boolean {
    if (!isFlowInvokerError(error)) return false;
    if (error.code === "CorsBlocked" || error.code === "RequestTimedOut") return true;
    const status = error.details.status;
    return error.code === "ServiceUnavailable" && (status === undefined || status === 429 || status >= 500);
}

/** Waits as the service asked (Retry-After) or backs off exponentially; gives up on anything that is not transient. */
export async function retryRead<T>(work: () => Promise<T>, policy: RetryPolicy): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
        try {
            return await work();
        } catch (error) {
            if (attempt >= policy.attempts || !isTransient(error)) throw error;
            const asked = isFlowInvokerError(error) ? error.details.retryAfterSeconds : undefined;
            const delay = asked !== undefined ? asked * 1000 : policy.baseDelayMs * 2 ** (attempt - 1);
            if (delay > policy.maxDelayMs) throw error;
            await policy.sleep(delay);
        }
    }
}
