import { FetchFn, HttpResponse, send } from "./http";

/**
 * An asynchronous Response answers 202 with a signed `Location` on the trigger's own host, polled with GET and no bearer
 * until the flow answers (docs/platform-facts.md, "Trigger answers").
 */
export interface AsyncPoll {
    /** The readable Location of the 202: a signed URL, never shown, stored or sent anywhere but its own host. */
    location: string;
    /** Seconds from the 202's Retry-After, when the browser could read it. */
    retryAfterSeconds?: number;
    /** When the POST started (ms, `now()`'s clock): elapsed time and the limit count from there. */
    startedAt: number;
    /** The maker's limit: after this the run is left to run on and the user gets its link. */
    limitMs: number;
    timeoutMs: number;
    now: () => number;
    sleep: (ms: number) => Promise<void>;
    /** Called before each wait with the time elapsed so far. */
    onProgress?: (elapsedMs: number) => void;
    /** Throws when the control is gone: nothing more is sent then. */
    alive?: () => void;
}

export type PollEnd = { kind: "answered"; response: HttpResponse } | { kind: "stillRunning" };

const FIRST_WAIT_MS = 1000;
const LONGEST_WAIT_MS = 10_000;

/** A Location the poll may follow: https, default port, no user info, and the trigger URL's own host. */
export function pollableLocation(triggerUrl: string, location: string | null | undefined): string | undefined {
    if (!location) return undefined;
    try {
        const trigger = new URL(triggerUrl);
        const target = new URL(location, trigger);
        const plain = target.protocol === "https:" && target.port === "" && target.username === "" && target.password === "";
        return plain && target.host === trigger.host ? target.href : undefined;
    } catch {
        return undefined;
    }
}

/** The wait before the next poll: Retry-After when readable (1 s at least), else 1 s doubling up to 10 s; never past the limit. */
export function nextWaitMs(attempt: number, retryAfterSeconds: number | undefined, leftMs: number): number {
    const backoff = Math.min(FIRST_WAIT_MS * 2 ** attempt, LONGEST_WAIT_MS);
    const wanted = retryAfterSeconds !== undefined ? Math.max(FIRST_WAIT_MS, retryAfterSeconds * 1000) : backoff;
    return Math.max(0, Math.min(wanted, leftMs));
}

/**
 * Polls until the flow answers (any status but 202) or the limit passes. A poll that fails (network, timeout) is tried again
 * on the same schedule: the run exists either way, and a GET starts nothing.
 */
export async function pollAsyncResponse(fetchFn: FetchFn, poll: AsyncPoll): Promise<PollEnd> {
    const service = new URL(poll.location).hostname;
    let location = poll.location;
    let retryAfter = poll.retryAfterSeconds;
    for (let attempt = 0; ; attempt++) {
        const left = poll.limitMs - (poll.now() - poll.startedAt);
        if (left <= 0) return { kind: "stillRunning" };
        poll.onProgress?.(Math.max(0, poll.now() - poll.startedAt));
        await poll.sleep(nextWaitMs(attempt, retryAfter, left));
        poll.alive?.();
        // Headers are given as a fresh object: nothing from the POST (bearer, identity token) can travel with the poll.
        const response = await send(fetchFn, location, { method: "GET", headers: {} }, { service, timeoutMs: poll.timeoutMs }).catch(() => undefined);
        poll.alive?.();
        if (response && response.status !== 202) return { kind: "answered", response };
        retryAfter = response?.retryAfterSeconds;
        location = pollableLocation(location, response?.headers.get("location")) ?? location;
    }
}
