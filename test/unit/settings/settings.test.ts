import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { RawProperties } from "../../../FlowInvoker/settings/schema";
import { REDIRECT_PAGE_PATH, parseSettings } from "../../../FlowInvoker/settings/settings";
import { IDS, rawProperties } from "../mockContext";

const ORIGIN = "https://contoso.crm.dynamics.com";
const base = rawProperties();

function errorOf(raw: Partial<RawProperties>): FlowInvokerError {
    try {
        parseSettings({ ...base, ...raw }, ORIGIN);
    } catch (error) {
        return error as FlowInvokerError;
    }
    throw new Error("expected a configuration error");
}

describe("parseSettings", () => {
    it("accepts a minimal configuration and fills the defaults", () => {
        const settings = parseSettings(base, ORIGIN);
        expect(settings.workflowId).toBe(IDS.workflowId);
        expect(settings.cloud.name).toBe("Public");
        expect(settings.redirectUri).toBe(`${ORIGIN}${REDIRECT_PAGE_PATH}`);
        expect(settings.redirectUri).toBe("https://contoso.crm.dynamics.com/webresources/cc_FlowInvoker.FlowInvoker/auth/redirect.html");
        expect(settings.tenantId).toBeUndefined();
        expect(settings.buttonLabel).toBeUndefined();
    });

    it("normalises GUIDs given with braces, upper case and spaces", () => {
        const settings = parseSettings({ ...base, workflowId: ` {${IDS.workflowId.toUpperCase()}} `, tenantId: IDS.tenantId.toUpperCase() }, ORIGIN);
        expect(settings.workflowId).toBe(IDS.workflowId);
        expect(settings.tenantId).toBe(IDS.tenantId);
    });

    it.each([
        ["workflowId", { workflowId: "not-a-guid" }, "InvalidWorkflowId"],
        ["workflowId", { workflowId: null }, "InvalidWorkflowId"],
        ["workflowId", { workflowId: `${IDS.workflowId}' or 1 eq 1` }, "InvalidWorkflowId"],
        ["clientId", { clientId: "my app" }, "InvalidClientId"],
        ["clientId", { clientId: "" }, "InvalidClientId"],
        ["tenantId", { tenantId: "contoso.onmicrosoft.com" }, "InvalidTenantId"],
        ["cloud", { cloud: "Mars" }, "UnknownCloud"],
        ["environmentId", { environmentId: "prod" }, "InvalidEnvironmentId"],
        ["redirectUri", { redirectUri: "not a url" }, "InvalidRedirectUri"],
        ["redirectUri", { redirectUri: "http://contoso.crm.dynamics.com/x.html" }, "InvalidRedirectUri"],
        ["redirectUri", { redirectUri: "https://evil.example.com/webresources/x.html" }, "InvalidRedirectUri"],
        ["requestBody", { requestBody: "{not json" }, "InvalidRequestBody"],
        ["requestBody", { requestBody: '{"a": {{nope}}}' }, "InvalidRequestBody"],
        ["resultPath", { resultPath: "headers.x" }, "InvalidResultPath"],
        ["resultPath", { resultPath: "body..x" }, "InvalidResultPath"],
        ["mode", { mode: "Email" }, "InvalidMode"],
        ["queueTable", { mode: "Queue", queueInputColumn: "fi_input", queueStatusColumn: "fi_status" }, "InvalidQueueSetting"],
        ["queueInputColumn", { mode: "Queue", queueTable: "fi_request", queueInputColumn: "fi input", queueStatusColumn: "fi_status" }, "InvalidQueueSetting"],
        [
            "queueTimeoutSeconds",
            { mode: "Queue", queueTable: "fi_request", queueInputColumn: "fi_input", queueStatusColumn: "fi_status", queueTimeoutSeconds: 2 },
            "InvalidQueueSetting",
        ],
        ["identityScope", { identityScope: "user_impersonation please" }, "InvalidIdentityScope"],
        ["callbackUrlVariable", { callbackUrlVariable: "fi_Url' or 1 eq 1" }, "InvalidCallbackUrlVariable"],
    ])("refuses a bad %s with a configuration error naming it", (property, raw, code) => {
        const error = errorOf(raw as Partial<RawProperties>);
        expect(error).toBeInstanceOf(FlowInvokerError);
        expect(error.code).toBe(code);
        expect(error.step).toBe("configuration");
        expect(error.details.values?.property).toBe(property);
    });

    it.each(["workflowId", "callbackUrlVariable", "redirectUri", "resultPath"])("quotes a signed URL pasted into %s without its signature", (property) => {
        const signed =
            "https://prod-07.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&Sig=SECRET-SIG";
        const error = errorOf({ [property]: signed });
        expect(error.details.values?.property).toBe(property);
        expect(error.details.values?.value).toContain("prod-07.westus.logic.azure.com/workflows/abc");
        expect(error.details.values?.value).not.toContain("SECRET-SIG");
    });

    it("accepts every cloud name, in any case", () => {
        expect(parseSettings({ ...base, cloud: "gcchigh" }, ORIGIN).cloud.name).toBe("GCCHigh");
        expect(parseSettings({ ...base, cloud: "China" }, ORIGIN).cloud.name).toBe("China");
        expect(parseSettings({ ...base, cloud: null }, ORIGIN).cloud.name).toBe("Public");
    });

    it("accepts environment ids as GUIDs and Default-<tenant>", () => {
        expect(parseSettings({ ...base, environmentId: `default-${IDS.tenantId.toUpperCase()}` }, ORIGIN).environmentId).toBe(`Default-${IDS.tenantId}`);
        expect(parseSettings({ ...base, environmentId: IDS.tenantId }, ORIGIN).environmentId).toBe(IDS.tenantId);
    });

    it("keeps a same-origin https redirect URI and the button label", () => {
        const settings = parseSettings({ ...base, redirectUri: `${ORIGIN}/webresources/new_/bridge.html`, buttonLabel: " Approve " }, ORIGIN);
        expect(settings.redirectUri).toBe(`${ORIGIN}/webresources/new_/bridge.html`);
        expect(settings.buttonLabel).toBe("Approve");
    });
});

describe("modes", () => {
    it("needs no workflowId or clientId in Queue mode, and reads the queue's logical names", () => {
        const settings = parseSettings(
            {
                ...base,
                workflowId: null,
                clientId: null,
                mode: "Queue",
                queueTable: "FI_FlowRequest",
                queueInputColumn: "fi_input",
                queueStatusColumn: "fi_status",
            },
            ORIGIN,
        );
        expect(settings.mode).toBe("Queue");
        expect(settings.queue).toEqual({
            table: "fi_flowrequest",
            inputColumn: "fi_input",
            statusColumn: "fi_status",
            resultColumn: undefined,
            timeoutSeconds: 120,
        });
    });

    it("refuses a mistyped workflowId beside callbackUrlVariable instead of dropping it (it confirms the variable's URL)", () => {
        expect(() => parseSettings({ ...base, workflowId: "approval-flow", callbackUrlVariable: "fi_ApprovalUrl" }, ORIGIN)).toThrow(
            expect.objectContaining({ code: "InvalidWorkflowId" }),
        );
        expect(parseSettings({ ...base, workflowId: `{${IDS.workflowId.toUpperCase()}}`, callbackUrlVariable: "fi_ApprovalUrl" }, ORIGIN).workflowId).toBe(
            IDS.workflowId,
        );
    });

    it("needs no workflowId when the URL comes from an environment variable", () => {
        const settings = parseSettings({ ...base, workflowId: null, callbackUrlVariable: "fi_ApprovalUrl" }, ORIGIN);
        expect(settings.callbackUrlVariable).toBe("fi_ApprovalUrl");
        expect(settings.workflowId).toBe("");
    });

    it("accepts API scopes for identityScope", () => {
        expect(parseSettings({ ...base, identityScope: "api://11111111-2222-4333-8444-555555555555/user_impersonation" }, ORIGIN).identityScope).toBeDefined();
        expect(parseSettings({ ...base, identityScope: "https://contoso.com/api/.default" }, ORIGIN).identityScope).toBeDefined();
    });
});
