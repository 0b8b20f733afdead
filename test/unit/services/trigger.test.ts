/** @jest-environment node */
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { MAX_ANSWER_BYTES } from "../../../FlowInvoker/shared/limits";
import { RunResult, TRACKING_HEADER, TRACKING_QUERY, invokeTrigger } from "../../../FlowInvoker/services/trigger";
import { TriggerCorsMemory } from "../../../FlowInvoker/services/triggerCors";
import { Reply, SentRequest, failure, fakeJwt, scriptedFetch } from "../fakes";

const URL_ =
    "https://default72f988bf.00.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?api-version=1";

const TOKEN = fakeJwt({ aud: "https://service.flow.microsoft.com/", oid: "a5e1c4b6-8f7d-4cae-9bc0-5f6e708192a3" });
const SIGNED =
    "https://prod-07.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SECRET-SIG";

let clock = 0;
const now = (): number => (clock += 50);

async function run(reply: Reply, token: string | undefined = "TOKEN"): Promise<RunResult | FlowInvokerError> {
    try {
        return await invokeTrigger(scriptedFetch([[/invoke/, reply]]), {
            url: URL_,
            token,
            body: { recordId: "r" },
            timeoutMs: 1000,
            now,
            trackingId: "track-1",
        });
    } catch (error) {
        return error as FlowInvokerError;
    }
}

describe("invokeTrigger", () => {
    it("POSTs the JSON body with the bearer token", async () => {
        const fetch = scriptedFetch([[/invoke/, { status: 202 }]]);
        await invokeTrigger(fetch, { url: URL_, token: "TOKEN", body: { recordId: "r" }, timeoutMs: 1000, now, trackingId: "track-1" });
        expect(fetch.sent[0]).toMatchObject({ method: "POST", body: '{"recordId":"r"}' });
        expect(fetch.sent[0].headers).toMatchObject({
            authorization: "Bearer TOKEN",
            "content-type": "application/json",
            "x-ms-client-tracking-id": "track-1",
        });
    });

    it("sends no Authorization header when there is no token", async () => {
        const fetch = scriptedFetch([[/invoke/, { status: 202 }]]);
        await invokeTrigger(fetch, { url: URL_, body: {}, timeoutMs: 1000, now, trackingId: "track-1" });
        expect(fetch.sent[0].headers.authorization).toBeUndefined();
    });

    it("reports 202 as started, with the run id when the header is readable", async () => {
        const result = (await run({ status: 202, headers: { "x-ms-workflow-run-id": "08584-RUN" } })) as RunResult;
        expect(result).toMatchObject({ outcome: "started", status: 202, runId: "08584-RUN", body: "" });
        expect(result.durationMs).toBe(50);
    });

    it("reports a Response action's answer as completed, JSON parsed", async () => {
        const result = (await run({ status: 200, body: { approvalId: 42 }, headers: { "content-type": "application/json" } })) as RunResult;
        expect(result).toMatchObject({ outcome: "completed", status: 200, body: { approvalId: 42 }, runId: undefined });
    });

    it("keeps a text answer as text", async () => {
        expect(((await run({ status: 201, body: "created" })) as RunResult).body).toBe("created");
    });

    it.each([
        [401, "MisMatchingOAuthClaims", "MisMatchingOAuthClaims"],
        [403, "MisMatchingOAuthClaims", "MisMatchingOAuthClaims"],
        [401, "DirectApiAuthorizationRequired", "DirectApiAuthorizationRequired"],
        [401, "OAuthAccessPolicyNotFound", "OAuthAccessPolicyNotFound"],
        [429, "WorkflowRequestsThrottled", "Throttled"],
        [400, "TriggerInputSchemaMismatch", "TriggerBadRequest"],
        [502, undefined, "RunStartedNoAnswer"],
        [504, undefined, "FlowTimedOut"],
        [409, undefined, "FlowReturnedError"],
        [500, undefined, "FlowReturnedError"],
    ])("maps HTTP %s %s to %s", async (status, serviceCode, code) => {
        const body = serviceCode ? { error: { code: serviceCode, message: "m" } } : { message: "flow said no" };
        const error = (await run({ status, body })) as FlowInvokerError;
        expect(error.code).toBe(code);
        expect(error.details.status).toBe(status);
        expect(error.details.serviceCode).toBe(serviceCode ?? String(status));
    });

    it("tells the trigger refusing the body from a flow answering 400 itself", async () => {
        const refused = (await run({ status: 400, body: { error: { code: "TriggerInputSchemaMismatch", message: "m" } } })) as FlowInvokerError;
        expect(refused.code).toBe("TriggerBadRequest");
        const own = (await run({ status: 400, body: { reason: "amount too high" }, headers: { "x-ms-workflow-run-id": "RUN" } })) as FlowInvokerError;
        expect(own.code).toBe("FlowReturnedError");
        expect(own.details.runId).toBe("RUN");
        const ownHidden = (await run({ status: 400, body: { reason: "amount too high" } })) as FlowInvokerError;
        expect(ownHidden.code).toBe("FlowReturnedError");
        expect(ownHidden.details.responseText).toContain("amount too high");
    });

    it("reads Retry-After on 429", async () => {
        const error = (await run({ status: 429, body: { error: { code: "WorkflowRequestsThrottled" } }, headers: { "retry-after": "7" } })) as FlowInvokerError;
        expect(error.details.retryAfterSeconds).toBe(7);
    });

    it("says the flow may have run when the request got no answer", async () => {
        const error = (await run(new TypeError("network"))) as FlowInvokerError;
        expect(error.code).toBe("RunOutcomeUnknown");
        expect(error.details.mayHaveRun).toBe(true);
        expect(error.details.trackingId).toBe("track-1");
    });
});

describe("hostile answers", () => {
    const deep = (levels: number): string => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;

    it("never shows a token or a signed URL from a 2xx answer", async () => {
        const body = { echo: { authorization: `Bearer ${TOKEN}`, identity: TOKEN }, link: `${SIGNED}`, [SIGNED]: "as a key" };
        const result = (await run({ status: 200, body })) as RunResult;
        const shown = JSON.stringify(result.body);
        expect(shown).not.toContain(TOKEN.split(".")[1]);
        expect(shown).not.toContain("SECRET-SIG");
        expect(shown).toContain("https://prod-07.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke");
    });

    it("keeps a 100,000-level JSON answer, redacted, without a RangeError", async () => {
        const result = (await run({ status: 200, body: deep(100_000).replace("1}", `"${TOKEN}"}`) })) as RunResult;
        let node = result.body as { a: unknown };
        for (let level = 0; level < 99_999; level += 1) node = node.a as { a: unknown };
        expect(node.a).toBe("[redacted token]");
    });

    it("shows a 100,000-level JSON error body as the flow's answer, cut, never as a RangeError", async () => {
        const error = (await run({ status: 500, body: deep(100_000) })) as FlowInvokerError;
        expect(error.code).toBe("FlowReturnedError");
        expect(error.details.responseText).toMatch(/^\{"a":\{"a":/);
        expect(error.details.responseText!.length).toBeLessThanOrEqual(501);
    });

    it("shows 1 MB of 'eyJ' as a 2xx text answer at once, whole", async () => {
        const started = performance.now();
        const result = (await run({ status: 200, body: "eyJ".repeat(349_526) })) as RunResult;
        expect(performance.now() - started).toBeLessThan(1000);
        expect(result.body).toBe("eyJ".repeat(349_526));
    });

    it("answers 1 MB of 'eyJ' in an error body at once, cut to 500 characters", async () => {
        const started = performance.now();
        const error = (await run({ status: 500, body: "eyJ".repeat(349_526) })) as FlowInvokerError;
        expect(performance.now() - started).toBeLessThan(1000);
        expect(error.code).toBe("FlowReturnedError");
        expect(error.details.responseText!.length).toBeLessThanOrEqual(501);
    });

    it(`cuts an answer at ${MAX_ANSWER_BYTES} bytes: Completed, its beginning kept as text`, async () => {
        const rows = Array.from({ length: 60_000 }, (_, id) => ({ id, text: "x".repeat(100) }));
        const result = (await run({ status: 200, body: { rows } })) as RunResult;
        expect(result).toMatchObject({ outcome: "completed", status: 200, truncated: true });
        expect(typeof result.body).toBe("string");
        expect((result.body as string).length).toBe(MAX_ANSWER_BYTES);
        expect(result.body as string).toMatch(/^\{"rows":\[\{"id":0,/);
    });
});

// --- the headers a trigger's CORS preflight allows, and answers that are not answers ---

const SIGNED_URL =
    "https://prod-12.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SECRETSIG";

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
    invokeTrigger(fetchFn, { url: URL_, token: "TOKEN", body: { a: 1 }, trackingId: "track-1", timeoutMs: 1000, now, ...extra });

describe("the tracking id", () => {
    it("travels in the header, and the URL stays the same click after click (the browser keeps its preflight)", async () => {
        const fetchFn = triggerAllowing([TRACKING_HEADER], { status: 202 });
        await invoke(fetchFn);
        await invoke(fetchFn, { trackingId: "track-2" });
        expect(fetchFn.sent).toHaveLength(2);
        expect(fetchFn.sent.map((r) => r.headers[TRACKING_HEADER])).toEqual(["track-1", "track-2"]);
        expect(fetchFn.sent.map((r) => r.url)).toEqual([URL_, URL_]);
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
        expect(error.details.values).toMatchObject({ header: "x-flowinvoker-identity", host: new URL(URL_).hostname });
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
        const error = await failure(invokeTrigger(fetchFn, { url: URL_, token: "T", body: {}, trackingId: "t", timeoutMs: 1000, now }));
        expect(error).toMatchObject({ code: "RunOutcomeUnknown", details: { mayHaveRun: true } });
        expect(broken.sent).toHaveLength(1);
    });
});
