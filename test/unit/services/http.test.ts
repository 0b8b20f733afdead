/** @jest-environment node */
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { FetchFn, send, serviceError } from "../../../FlowInvoker/services/http";
import { failure, scriptedFetch } from "../fakes";

const OPTIONS = { service: "api.flow.microsoft.com", timeoutMs: 1000 };
const answering =
    (response: Response): FetchFn =>
    async () =>
        response;

describe("send", () => {
    it("times out a request that does not answer", async () => {
        const hanging = (_url: string, init?: RequestInit): Promise<Response> =>
            new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
        await expect(send(hanging, "https://x.test/", {}, { service: "x.test", timeoutMs: 20 })).rejects.toMatchObject({ code: "RequestTimedOut" });
    });

    it("hands over the status, the JSON body parsed and the text as it came", async () => {
        const fetchFn = scriptedFetch([[/x\.test/, { status: 201, body: '{ "id" : 7 }' }]]);
        expect(await send(fetchFn, "https://x.test/", { method: "POST" }, OPTIONS)).toMatchObject({
            status: 201,
            body: { id: 7 },
            text: '{ "id" : 7 }',
            truncated: false,
        });
    });

    it("keeps an answer that is not JSON as its text, and an empty one as ''", async () => {
        expect((await send(scriptedFetch([[/x\.test/, { status: 200, body: "{not json" }]]), "https://x.test/", {}, OPTIONS)).body).toBe("{not json");
        expect((await send(answering(new Response(null, { status: 204 })), "https://x.test/", {}, OPTIONS)).body).toBe("");
    });

    it("reads Retry-After given in seconds and ignores one given as a date", async () => {
        const after = (value: string) => answering(new Response("", { status: 429, headers: { "retry-after": value } }));
        expect((await send(after("12"), "https://x.test/", {}, OPTIONS)).retryAfterSeconds).toBe(12);
        expect((await send(after("Wed, 21 Oct 2026 07:28:00 GMT"), "https://x.test/", {}, OPTIONS)).retryAfterSeconds).toBeUndefined();
    });

    it("never follows a redirect: it asks fetch not to, and a redirect answered is UnexpectedResponse", async () => {
        const seen: RequestInit[] = [];
        const redirecting: FetchFn = async (_url, init) => (
            seen.push(init ?? {}),
            new Response(null, { status: 307, headers: { location: "https://elsewhere.example/" } })
        );
        const error = await failure(send(redirecting, "https://x.test/", { method: "POST", body: "{}" }, OPTIONS));
        expect(error).toMatchObject({ code: "UnexpectedResponse", details: { status: 307, values: { detail: "redirect" } } });
        expect(seen[0]).toMatchObject({ method: "POST", body: "{}", redirect: "manual" });
        const opaque = answering(Object.defineProperty(new Response(null, { status: 200 }), "type", { value: "opaqueredirect" }));
        expect(await failure(send(opaque, "https://x.test/", {}, OPTIONS))).toMatchObject({ code: "UnexpectedResponse" });
    });

    it("reports a request that got no answer as CorsBlocked for the service, with a status when the answer had begun", async () => {
        const down = await failure(send(scriptedFetch([]), "https://x.test/", {}, OPTIONS));
        expect(down).toMatchObject({ code: "CorsBlocked", details: { status: undefined, values: { service: "api.flow.microsoft.com", seconds: "1" } } });
        const broken = answering(new Response(new ReadableStream({ start: (c) => c.error(new TypeError("network error")) }), { status: 200 }));
        expect(await failure(send(broken, "https://x.test/", {}, OPTIONS))).toMatchObject({ code: "CorsBlocked", details: { status: 200 } });
    });

    it("passes on an error the page's fetch already explained (a Content-Security-Policy block)", async () => {
        const blocked = new FlowInvokerError("BlockedByContentSecurityPolicy", { values: { host: "x.test", directive: "connect-src" } });
        expect(
            await failure(
                send(
                    async () => {
                        throw blocked;
                    },
                    "https://x.test/",
                    {},
                    OPTIONS,
                ),
            ),
        ).toBe(blocked);
    });

    it("leaves no timeout running once the answer is read", async () => {
        jest.useFakeTimers();
        try {
            await send(scriptedFetch([[/x\.test/, { status: 200, body: { ok: true } }]]), "https://x.test/", {}, { ...OPTIONS, timeoutMs: 30_000 });
            await failure(send(scriptedFetch([]), "https://x.test/", {}, { ...OPTIONS, timeoutMs: 30_000 }));
            expect(jest.getTimerCount()).toBe(0);
        } finally {
            jest.useRealTimers();
        }
    });
});

describe("serviceError", () => {
    it("reads the {error: {code, message}} shape the services share, and nothing from any other", () => {
        expect(serviceError({ error: { code: "FlowNotFound", message: "gone" } })).toEqual({ code: "FlowNotFound", message: "gone" });
        expect(serviceError({ error: { code: 404, message: ["x"] } })).toEqual({ code: undefined, message: undefined });
        for (const body of [null, "text", { error: "text" }, { message: "m" }]) expect(serviceError(body)).toEqual({});
    });
});
