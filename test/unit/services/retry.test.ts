/** @jest-environment node */
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { READ_RETRY, retryRead } from "../../../FlowInvoker/services/retry";
import { failure } from "../fakes";

/** Work that fails with `errors` in turn, then answers "row"; and the waits it was made to take. */
function flaky(...errors: unknown[]) {
    const waits: number[] = [];
    let tries = 0;
    const work = async (): Promise<string> => {
        tries += 1;
        if (errors.length > 0) throw errors.shift();
        return "row";
    };
    return { work, waits, tries: () => tries, policy: { ...READ_RETRY, sleep: async (ms: number) => void waits.push(ms) } };
}

const unavailable = (status?: number, retryAfterSeconds?: number) => new FlowInvokerError("ServiceUnavailable", { status, retryAfterSeconds });

describe("retryRead: a read is tried again when the service may answer next time", () => {
    it.each<[string, unknown]>([
        ["throttled (429)", unavailable(429)],
        ["failing (503)", unavailable(503)],
        ["unavailable without a status", unavailable()],
        ["unreachable (CorsBlocked)", new FlowInvokerError("CorsBlocked")],
        ["timed out", new FlowInvokerError("RequestTimedOut")],
    ])("retries a read that was %s", async (_, error) => {
        const read = flaky(error);
        expect(await retryRead(read.work, read.policy)).toBe("row");
        expect(read.tries()).toBe(2);
    });

    it.each<[string, unknown]>([
        ["a refusal (403)", unavailable(403)],
        ["another error of ours", new FlowInvokerError("WorkflowNotFound")],
        ["an error that is not ours", new TypeError("bug")],
    ])("gives up at once on %s", async (_, error) => {
        const read = flaky(error);
        await expect(retryRead(read.work, read.policy)).rejects.toBe(error);
        expect(read.tries()).toBe(1);
        expect(read.waits).toEqual([]);
    });

    it("backs off exponentially and stops after the policy's tries with the last error", async () => {
        const last = unavailable(503);
        const read = flaky(unavailable(503), unavailable(503), unavailable(503), last, unavailable(503));
        expect(await failure(retryRead(read.work, { ...read.policy, attempts: 4 }))).toBe(last);
        expect(read.tries()).toBe(4);
        expect(read.waits).toEqual([500, 1000, 2000]);
    });

    it("tries a read three times in all", async () => {
        const read = flaky(unavailable(503), unavailable(503), unavailable(503), unavailable(503));
        await failure(retryRead(read.work, read.policy));
        expect(read.tries()).toBe(3);
    });

    it("waits as long as Retry-After asks, and not at all when that is longer than the policy allows", async () => {
        const asked = flaky(unavailable(429, 3));
        expect(await retryRead(asked.work, asked.policy)).toBe("row");
        expect(asked.waits).toEqual([3000]);

        const tooLong = unavailable(429, 60);
        const read = flaky(tooLong);
        expect(await failure(retryRead(read.work, read.policy))).toBe(tooLong);
        expect(read.waits).toEqual([]);
    });
});
