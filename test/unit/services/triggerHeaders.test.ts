/** @jest-environment node */
import { RunResult, TRACKING_HEADER, TRACKING_QUERY, invokeTrigger } from "../../../FlowInvoker/services/trigger";
import { TriggerCorsMemory } from "../../../FlowInvoker/services/triggerCors";
import { SentRequest, failure, scriptedFetch } from "../fakes";

const OAUTH_URL =
    "https://default72f988bf.00.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?api-version=1";
const SIGNED_URL =
    "https://prod-12.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SECRETSIG";
const now = (): number => 0;

/** A trigger whose preflight allows only `allowed` request headers: anything else fails like a refused preflight. */
function triggerAllowing(allowed: string[], answer: { status: number; body?: unknown; headers?: Record<string, string> }) {
    return scriptedFetch([
        [
            /invoke/,
            (request: SentRequest) => {
                const extra = Object.keys(request.headers).filter((name) => !["authorization", "content-type", ...allowed].includes(name));
                if (extra.length > 0) return new TypeError("Failed to fetch");
                return request.headers.authorization === "Bearer flowinvoker-preflight-probe" ||
                    (!request.url.includes("sig=") && !request.headers.authorization)
                    ? { status: 401, body: { error: { code: "DirectApiAuthorizationRequired" } } }
                    : answer;
            },
        ],
    ]);
}

const invoke = (fetchFn: ReturnType<typeof scriptedFetch>, extra: Partial<Parameters<typeof invokeTrigger>[1]> = {}): Promise<RunResult> =>
    invokeTrigger(fetchFn, { url: OAUTH_URL, token: "TOKEN", body: { a: 1 }, trackingId: "track-1", timeoutMs: 1000, now, ...extra });

describe("the tracking id", () => {
    it("travels in the header, and the URL stays the same click after click (the browser keeps its preflight)", async () => {
        const fetchFn = triggerAllowing([TRACKING_HEADER], { status: 202 });
        await invoke(fetchFn);
        await invoke(fetchFn, { trackingId: "track-2" });
        expect(fetchFn.sent).toHaveLength(2);
        expect(fetchFn.sent.map((r) => r.headers[TRACKING_HEADER])).toEqual(["track-1", "track-2"]);
        expect(fetchFn.sent.map((r) => r.url)).toEqual([OAUTH_URL, OAUTH_URL]);
    });

    it("still reaches the flow, in the query only, when the preflight refuses the header: one real POST", async () => {
        const fetchFn = triggerAllowing([], { status: 200, body: { ok: true } });
        const result = await invoke(fetchFn);
        expect(result).toMatchObject({ outcome: "completed", body: { ok: true } });
        const real = fetchFn.sent.filter((r) => r.headers.authorization === "Bearer TOKEN");
        // the refused attempt (never sent by a browser) and the one that ran
        expect(real.map((r) => r.headers[TRACKING_HEADER])).toEqual(["track-1", undefined]);
        expect(new URL(real[1].url).searchParams.get(TRACKING_QUERY)).toBe("track-1");
    });

    it("is not offered again to a host whose preflight refused it", async () => {
        const cors = new TriggerCorsMemory();
        await invoke(triggerAllowing([], { status: 202 }), { cors });
        const second = triggerAllowing([], { status: 202 });
        await invoke(second, { cors });
        expect(second.sent).toHaveLength(1);
        expect(second.sent[0].headers[TRACKING_HEADER]).toBeUndefined();
        expect(new URL(second.sent[0].url).searchParams.get(TRACKING_QUERY)).toBe("track-1");
    });
});

describe("a refused preflight", () => {
    it("for the identity header is CorsBlocked naming the header and the host, with no run", async () => {
        const fetchFn = triggerAllowing([TRACKING_HEADER], { status: 202 });
        const error = await failure(invoke(fetchFn, { identityToken: "ID" }));
        expect(error).toMatchObject({ code: "CorsBlocked", details: { variant: "Header", noRun: true } });
        expect(error.details.values).toMatchObject({ header: "x-flowinvoker-identity", host: new URL(OAUTH_URL).hostname });
        expect(fetchFn.sent.filter((r) => r.headers.authorization === "Bearer TOKEN")).toHaveLength(1);
    });

    it("is never mistaken for a network failure, and a network failure never for a refused header", async () => {
        const down = scriptedFetch([[/invoke/, new TypeError("Failed to fetch")]]);
        expect(await failure(invoke(down))).toMatchObject({ code: "RunOutcomeUnknown", details: { mayHaveRun: true } });
        expect(down.sent.filter((r) => r.headers.authorization === "Bearer TOKEN")).toHaveLength(1);
    });

    it("is probed on a signed URL without its signature and without any bearer", async () => {
        const fetchFn = triggerAllowing([], { status: 202 });
        await invoke(fetchFn, { url: SIGNED_URL, token: undefined });
        const probes = fetchFn.sent.filter((r) => !r.url.includes("sig="));
        expect(probes.length).toBeGreaterThan(0);
        expect(probes.every((r) => r.headers.authorization === undefined)).toBe(true);
        expect(fetchFn.sent.filter((r) => r.url.includes("sig=")).every((r) => r.headers.authorization === undefined)).toBe(true);
    });
});

describe("headers the browser may not read", () => {
    it("takes the run id from a 202 body's name", async () => {
        const fetchFn = scriptedFetch([
            [/invoke/, { status: 202, body: { name: "08584700000000000000000001CU12", id: "/workflows/abc/runs/08584700000000000000000001CU12" } }],
        ]);
        expect((await invoke(fetchFn)).runId).toBe("08584700000000000000000001CU12");
    });

    it("never takes a flow's own 'name' for a run id", async () => {
        const fetchFn = scriptedFetch([[/invoke/, { status: 202, body: { name: "Contoso order 7" } }]]);
        expect((await invoke(fetchFn)).runId).toBeUndefined();
    });
});

describe("answers that are not answers", () => {
    it("never follows a redirect: the body, identity and bearer stay here; the run may exist, nothing is resent", async () => {
        const fetchFn = scriptedFetch([[/invoke/, { status: 307, headers: { location: "https://elsewhere.example.com/collect" } }]]);
        const error = await failure(invoke(fetchFn, { identityToken: "ID" }));
        expect(error).toMatchObject({ code: "RunOutcomeUnknown", details: { mayHaveRun: true } });
        expect(fetchFn.sent).toHaveLength(1);
    });

    it("does not probe for a refused header when the answer had begun and then broke off", async () => {
        const broken = Object.assign(scriptedFetch([]), {});
        const fetchFn = async (url: string, init?: RequestInit): Promise<Response> => {
            broken.sent.push({ url, method: init?.method ?? "GET", headers: {}, body: undefined });
            const body = new ReadableStream({ start: (c) => c.error(new TypeError("network error")) });
            return new Response(body, { status: 200 });
        };
        const error = await failure(invokeTrigger(fetchFn, { url: OAUTH_URL, token: "T", body: {}, trackingId: "t", timeoutMs: 1000, now }));
        expect(error).toMatchObject({ code: "RunOutcomeUnknown", details: { mayHaveRun: true } });
        expect(broken.sent).toHaveLength(1);
    });
});
