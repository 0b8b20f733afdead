/** @jest-environment node */
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { CLOUDS } from "../../../FlowInvoker/settings/clouds";
import { callbackUrlEndpoint, listCallbackUrl } from "../../../FlowInvoker/services/flowApi";
import { Reply, scriptedFetch } from "../fakes";

const TRIGGER_URL =
    "https://default72f988bf.00.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?api-version=1";
const request = { cloud: CLOUDS.Public, environmentId: "Default-72f988bf", flowName: "res-1", triggerName: "manual", token: "TOKEN" };

async function attempt(reply: Reply): Promise<string | FlowInvokerError> {
    try {
        return await listCallbackUrl(scriptedFetch([[/listCallbackUrl/, reply]]), request);
    } catch (error) {
        return error as FlowInvokerError;
    }
}

describe("listCallbackUrl", () => {
    it("POSTs to the cloud's API host with the user's bearer token", async () => {
        const fetch = scriptedFetch([[/listCallbackUrl/, { status: 200, body: { response: { value: TRIGGER_URL, method: "POST" }, httpStatusCode: "OK" } }]]);
        expect(await listCallbackUrl(fetch, request)).toBe(TRIGGER_URL);
        expect(fetch.sent[0].method).toBe("POST");
        expect(fetch.sent[0].url).toBe(
            "https://api.flow.microsoft.com/providers/Microsoft.ProcessSimple/environments/Default-72f988bf/flows/res-1/triggers/manual/listCallbackUrl?api-version=1",
        );
        expect(fetch.sent[0].headers.authorization).toBe("Bearer TOKEN");
    });

    it("accepts the bare {value} shape too", async () => {
        expect(await attempt({ status: 200, body: { value: TRIGGER_URL } })).toBe(TRIGGER_URL);
    });

    it("uses each sovereign cloud's own host", () => {
        expect(callbackUrlEndpoint({ ...request, cloud: CLOUDS.GCCHigh })).toMatch(/^https:\/\/high\.api\.flow\.microsoft\.us\//);
        expect(callbackUrlEndpoint({ ...request, cloud: CLOUDS.China })).toMatch(/^https:\/\/api\.powerautomate\.cn\//);
    });

    it.each([
        ["an unexpected shape", { status: 200, body: { url: TRIGGER_URL } }, "UnexpectedResponse"],
        ["WorkflowTriggerNotFound", { status: 404, body: { error: { code: "WorkflowTriggerNotFound" } } }, "TriggerNotFound"],
        [
            "an app-only token",
            { status: 403, body: { error: { code: "ClientScopeAuthorizationFailed", message: "The x-ms-client-scope header must not be null or empty." } } },
            "ClientScopeAuthorizationFailed",
        ],
        ["a rejected token", { status: 401, body: { error: { code: "InvalidAuthenticationToken" } } }, "FlowApiRejected"],
        ["an environment it does not know", { status: 403, body: { error: { code: "EnvironmentAccessDenied" } } }, "FlowApiRejected"],
        [
            "a trigger that gives no URL (not HTTP, or the flow stopped)",
            {
                status: 400,
                body: {
                    error: { code: "ListCallbackUrlOperationBlocked", message: "The list callback url operation is blocked for triggers of type 'Request'." },
                },
            },
            "CallbackUrlBlocked",
        ],
        ["a server error", { status: 500, body: "oops" }, "ServiceUnavailable"],
        ["a failing fetch", new TypeError("Failed to fetch"), "CorsBlocked"],
    ] as Array<[string, Reply, string]>)("turns %s into %s", async (_name, reply, code) => {
        const outcome = await attempt(reply);
        expect(outcome).toBeInstanceOf(FlowInvokerError);
        expect((outcome as FlowInvokerError).code).toBe(code);
    });

    // Undocumented for users who do not own the flow (docs/platform-facts.md, "What we could not verify without a tenant"): each of these is "you may not have the URL".
    it.each([
        [401, { error: { code: "Unauthorized", message: "m" } }, "Unauthorized"],
        [403, { error: { code: "Forbidden", message: "m" } }, "Forbidden"],
        [403, "", "403"],
        [404, { error: { code: "FlowNotFound", message: "Could not find flow 'res-1'." } }, "FlowNotFound"],
        [404, "", "404"],
    ])("a %s for the flow itself is a missing permission on the flow, not a fault (%j)", async (status, body, serviceCode) => {
        const outcome = (await attempt({ status, body })) as FlowInvokerError;
        expect(outcome.code).toBe("CallbackUrlDenied");
        expect(outcome.details).toMatchObject({ serviceCode, status, values: { status: String(status) } });
    });
});
