/** @jest-environment node */
import { nextWaitMs, pollableLocation } from "../../../FlowInvoker/services/asyncResponse";
import { RunResult, invokeTrigger } from "../../../FlowInvoker/services/trigger";
import { Reply, SentRequest, scriptedFetch } from "../fakes";

const HOST = "default72f988bf.00.environment.api.powerplatform.com";
const TRIGGER = `https://${HOST}/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?api-version=1`;
const LOCATION = `https://${HOST}/powerautomate/automations/direct/workflows/abc/runs/08584000000000000001CU12/operations/op1?api-version=1&sig=POLLSIG`;
const RUN = { name: "08584000000000000001CU12" };

/** A trigger whose asynchronous Response answers on the `answerAt`-th poll; time passes only through sleep. */
function asyncFlow(answerAt: number, location = LOCATION, pollHeaders: Record<string, string> = {}) {
    let clock = 0;
    const waits: number[] = [];
    let polls = 0;
    const fetch = scriptedFetch([
        [/paths\/invoke/, { status: 202, body: RUN, headers: { location } }],
        [/operations/, (): Reply => (++polls >= answerAt ? { status: 200, body: { approved: true } } : { status: 202, headers: pollHeaders })],
    ]);
    const progress: number[] = [];
    const click = (limitMs: number): Promise<RunResult> =>
        invokeTrigger(fetch, {
            url: TRIGGER,
            token: "TOKEN",
            identityToken: "IDENTITY",
            body: {},
            trackingId: "t",
            timeoutMs: 1000,
            now: () => clock,
            follow: { limitMs, sleep: async (ms) => void (waits.push(ms), (clock += ms)), onProgress: (r) => progress.push(r.durationMs) },
        });
    return { fetch, waits, progress, click };
}

const polls = (sent: SentRequest[]): SentRequest[] => sent.filter((r) => r.url.includes("/operations/"));

describe("asynchronous Response", () => {
    it("polls the Location until the flow answers and ends with that answer and the run id", async () => {
        const flow = asyncFlow(4);
        const result = await flow.click(600_000);
        expect(result).toMatchObject({ outcome: "completed", status: 200, body: { approved: true }, runId: RUN.name });
        expect(polls(flow.fetch.sent)).toHaveLength(4);
        expect(flow.waits).toEqual([1000, 2000, 4000, 8000]);
        expect(flow.progress).toEqual([0, 1000, 3000, 7000]);
    });

    it("sends the poll as a GET with neither the bearer nor the identity token", async () => {
        const flow = asyncFlow(2);
        await flow.click(600_000);
        for (const poll of polls(flow.fetch.sent)) {
            expect(poll.method).toBe("GET");
            expect(poll.headers.authorization).toBeUndefined();
            expect(poll.headers["x-flowinvoker-identity"]).toBeUndefined();
        }
    });

    it("backs off to 10 s at most and honours a readable Retry-After", async () => {
        expect([0, 1, 2, 3, 4, 9].map((n) => nextWaitMs(n, undefined, 60_000))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
        const flow = asyncFlow(3, LOCATION, { "retry-after": "5" });
        await flow.click(600_000);
        expect(flow.waits).toEqual([1000, 5000, 5000]);
        expect(nextWaitMs(0, 0, 60_000)).toBe(1000);
    });

    it("ends as still running, with the run id, when the maker's limit passes", async () => {
        const flow = asyncFlow(1000);
        const result = await flow.click(30_000);
        expect(result).toMatchObject({ outcome: "stillRunning", status: 202, runId: RUN.name, durationMs: 30_000 });
        expect(flow.waits.reduce((a, b) => a + b, 0)).toBe(30_000);
    });

    it("never follows a Location on another host, over http or with another port, and reports the run as in the background", async () => {
        for (const other of [
            LOCATION.replace(HOST, "evil.environment.api.powerplatform.com"),
            LOCATION.replace("https:", "http:"),
            LOCATION.replace(HOST, `${HOST}:8443`),
        ]) {
            const flow = asyncFlow(1, other);
            const result = await flow.click(600_000);
            expect(result).toMatchObject({ outcome: "started", background: true });
            expect(polls(flow.fetch.sent)).toHaveLength(0);
        }
        expect(pollableLocation(TRIGGER, "/powerautomate/x?sig=1")).toBe(`https://${HOST}/powerautomate/x?sig=1`);
    });

    it("reports a 202 whose Location the browser cannot read as running in the background", async () => {
        const fetch = scriptedFetch([[/invoke/, { status: 202, body: RUN }]]);
        const result = await invokeTrigger(fetch, {
            url: TRIGGER,
            token: "T",
            body: {},
            trackingId: "t",
            timeoutMs: 1000,
            now: () => 0,
            follow: { limitMs: 1000, sleep: async () => undefined },
        });
        expect(result).toMatchObject({ outcome: "started", background: true, runId: RUN.name });
        expect(fetch.sent).toHaveLength(1);
    });

    it("keeps a flow without a Response action as plainly started", async () => {
        const fetch = scriptedFetch([[/invoke/, { status: 202 }]]);
        const result = await invokeTrigger(fetch, { url: TRIGGER, token: "T", body: {}, trackingId: "t", timeoutMs: 1000, now: () => 0 });
        expect(result.outcome).toBe("started");
        expect(result.background).toBeUndefined();
    });
});
