/** @jest-environment node */
import { Pending, settlesWithin } from "../../../FlowInvoker/shared/pending";
import { deferred, settle as flush } from "../fakes";

describe("Pending", () => {
    it("joins the pending work for a key and starts new work for another key", async () => {
        const pending = new Pending<string>("pending");
        const start = jest.fn(() => Promise.resolve("x"));
        const [a, b] = [pending.join("k", start), pending.join("k", start)];
        expect(a).toBe(b);
        void pending.join("other", start);
        expect(start).toHaveBeenCalledTimes(2);
        await a;
    });

    it("forgets a failure, so the next call tries again", async () => {
        const pending = new Pending<string>("success");
        await expect(pending.join("k", () => Promise.reject(new Error("once")))).rejects.toThrow("once");
        await flush();
        await expect(pending.join("k", () => Promise.resolve("again"))).resolves.toBe("again");
    });

    it("keeps a success or drops it once settled, as asked", async () => {
        const kept = new Pending<string>("success");
        await kept.join("k", () => Promise.resolve("first"));
        await flush();
        await expect(kept.join("k", () => Promise.resolve("second"))).resolves.toBe("first");

        const dropped = new Pending<string>("pending");
        await dropped.join("k", () => Promise.resolve("first"));
        await flush();
        await expect(dropped.join("k", () => Promise.resolve("second"))).resolves.toBe("second");
    });

    it("never lets a late settle clear a newer entry", async () => {
        const pending = new Pending<string>("success");
        const old = deferred<string>();
        void pending.join("k", () => old.promise);
        pending.forget("k");
        const newer = pending.join("k", () => new Promise<string>(() => undefined));
        old.reject(new Error("late"));
        await flush();
        expect(pending.peek("k")).toBe(newer);
    });

    it("turns a start that throws into a rejection and remembers nothing", async () => {
        const pending = new Pending<string>("success");
        await expect(
            pending.join("k", () => {
                throw new Error("sync");
            }),
        ).rejects.toThrow("sync");
        expect(pending.peek("k")).toBeUndefined();
    });
});

describe("settlesWithin", () => {
    it("says whether the work settled (failures too) before the time ran out", async () => {
        expect(await settlesWithin(Promise.resolve(), 1000)).toBe(true);
        expect(await settlesWithin(Promise.reject(new Error("x")), 1000)).toBe(true);
        expect(await settlesWithin(new Promise((resolve) => setTimeout(resolve, 5)), 1000)).toBe(true);
        expect(await settlesWithin(new Promise(() => undefined), 10)).toBe(false);
    });
});
