/** @jest-environment node */
import { TriggerCorsMemory, extraHeaders, findRefusedHeaders } from "../../../FlowInvoker/services/triggerCors";
import { SentRequest, scriptedFetch } from "../fakes";

const OAUTH_URL =
    "https://default72f988bf.00.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?api-version=1";
const SIGNED_URL =
    "https://prod-12.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SECRETSIG";

/** A trigger whose preflight allows `allowed` beyond Authorization and Content-Type; `down`: no answer at all. */
function trigger(allowed: string[], { down = false } = {}) {
    return scriptedFetch([
        [
            /invoke/,
            (request: SentRequest) => {
                const refused = Object.keys(request.headers).some((name) => !["authorization", "content-type", ...allowed].includes(name));
                return down || refused ? new TypeError("Failed to fetch") : { status: 401, body: { error: { code: "DirectApiAuthorizationRequired" } } };
            },
        ],
    ]);
}

describe("extraHeaders", () => {
    it("lists our headers a preflight must allow beyond Authorization and Content-Type, in any case", () => {
        expect(
            extraHeaders({ Authorization: "Bearer x", "content-type": "application/json", "x-ms-client-tracking-id": "t", "X-FlowInvoker-Identity": "i" }),
        ).toEqual(["x-ms-client-tracking-id", "X-FlowInvoker-Identity"]);
    });
});

describe("TriggerCorsMemory", () => {
    it("remembers a refused header per host, in any case", () => {
        const memory = new TriggerCorsMemory();
        memory.remember("a.example", ["X-MS-Client-Tracking-Id"]);
        expect(memory.isRefused("a.example", "x-ms-client-tracking-id")).toBe(true);
        expect(memory.isRefused("a.example", "X-MS-CLIENT-TRACKING-ID")).toBe(true);
        expect(memory.isRefused("b.example", "x-ms-client-tracking-id")).toBe(false);
        expect(memory.isRefused("a.example", "x-flowinvoker-identity")).toBe(false);
    });
});

describe("findRefusedHeaders: after a POST got no answer", () => {
    it("names the headers the preflight refused, one probe each, and never runs the flow", async () => {
        const fetchFn = trigger(["x-ms-client-tracking-id"]);
        expect(await findRefusedHeaders(fetchFn, OAUTH_URL, ["x-ms-client-tracking-id", "x-flowinvoker-identity"], 1000)).toEqual(["x-flowinvoker-identity"]);
        expect(fetchFn.sent.map((r) => r.headers.authorization)).toEqual(Array(fetchFn.sent.length).fill("Bearer flowinvoker-preflight-probe"));
        expect(fetchFn.sent.every((r) => r.method === "POST" && r.body === "{}")).toBe(true);
    });

    it("says the headers are not the cause when the trigger answers them, or answers nothing at all", async () => {
        expect(await findRefusedHeaders(trigger(["x-ms-client-tracking-id"]), OAUTH_URL, ["x-ms-client-tracking-id"], 1000)).toEqual([]);
        const down = trigger([], { down: true });
        expect(await findRefusedHeaders(down, OAUTH_URL, ["x-ms-client-tracking-id"], 1000)).toEqual([]);
        expect(down.sent).toHaveLength(2);
        expect(await findRefusedHeaders(down, OAUTH_URL, [], 1000)).toEqual([]);
        expect(down.sent).toHaveLength(2);
    });

    it("names all of them when only the set together is refused", async () => {
        const fetchFn = scriptedFetch([
            [/invoke/, (request: SentRequest) => (Object.keys(request.headers).length > 3 ? new TypeError("Failed to fetch") : { status: 401 })],
        ]);
        expect(await findRefusedHeaders(fetchFn, OAUTH_URL, ["x-a", "x-b"], 1000)).toEqual(["x-a", "x-b"]);
    });

    it("probes a signed URL without its signature and without any bearer", async () => {
        const fetchFn = trigger([]);
        expect(await findRefusedHeaders(fetchFn, SIGNED_URL, ["x-ms-client-tracking-id"], 1000)).toEqual(["x-ms-client-tracking-id"]);
        expect(fetchFn.sent.length).toBeGreaterThan(0);
        expect(fetchFn.sent.some((r) => /sig=/i.test(r.url) || r.headers.authorization !== undefined)).toBe(false);
    });

    it("gives up on a probe that does not answer within its time", async () => {
        const hanging = (_url: string, init?: RequestInit): Promise<Response> =>
            new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
        expect(await findRefusedHeaders(hanging, OAUTH_URL, ["x-ms-client-tracking-id"], 20)).toEqual([]);
    });

    it("leaves no probe timer running once it has its answer", async () => {
        jest.useFakeTimers();
        try {
            await findRefusedHeaders(trigger(["x-ms-client-tracking-id"]), OAUTH_URL, ["x-ms-client-tracking-id", "x-flowinvoker-identity"], 30_000);
            expect(jest.getTimerCount()).toBe(0);
        } finally {
            jest.useRealTimers();
        }
    });
});
