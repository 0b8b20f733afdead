import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { checkWorkflow, isAllowedUser } from "../../../FlowInvoker/invoke/workflowCheck";
import { WorkflowRow } from "../../../FlowInvoker/services/dataverse";
import { IDS } from "../mockContext";

function definition(triggers: Record<string, unknown>): string {
    return JSON.stringify({ properties: { definition: { triggers, actions: {} } }, schemaVersion: "1.0.0.0" });
}

const httpTrigger = { type: "Request", kind: "Http", inputs: { triggerAuthenticationType: "Tenant" } };
const row = (over: Partial<WorkflowRow> = {}): WorkflowRow => ({
    name: "Approve order",
    resourceId: "9f1c2b3a-0000-4000-8000-000000000001",
    category: 5,
    stateCode: 1,
    statusCode: 2,
    clientData: definition({ manual: httpTrigger }),
    ...over,
});

function refusal(over: Partial<WorkflowRow>, allowAnonymousTrigger = false): FlowInvokerError | undefined {
    try {
        checkWorkflow(row(over), IDS.workflowId, { allowAnonymousTrigger });
    } catch (error) {
        return error as FlowInvokerError;
    }
    return undefined;
}

const codeOf = (over: Partial<WorkflowRow>, allowAnonymousTrigger = false): string => refusal(over, allowAnonymousTrigger)?.code ?? "accepted";
const withTrigger = (trigger: Record<string, unknown>, key = "manual"): Partial<WorkflowRow> => ({ clientData: definition({ [key]: trigger }) });

describe("checkWorkflow", () => {
    it("accepts an activated cloud flow with an HTTP request trigger and returns its name", () => {
        expect(checkWorkflow(row(), IDS.workflowId)).toEqual({ triggerName: "manual", anonymous: false });
    });

    it("refuses an 'Anyone' trigger unless the maker allowed it", () => {
        const anyone = withTrigger({ ...httpTrigger, inputs: { triggerAuthenticationType: "All" } });
        expect(codeOf(anyone)).toBe("AnonymousTriggerRefused");
        expect(checkWorkflow(row(anyone), IDS.workflowId, { allowAnonymousTrigger: true }).anonymous).toBe(true);
        expect(checkWorkflow(row({ clientData: null }), IDS.workflowId).anonymous).toBeUndefined();
    });

    it("treats a Request/Http trigger without triggerAuthenticationType as the legacy 'Anyone' (SAS) trigger", () => {
        const legacy = withTrigger({ type: "Request", kind: "Http", inputs: { schema: {} } });
        expect(codeOf(legacy)).toBe("AnonymousTriggerRefused");
        expect(codeOf({ clientData: definition({ manual: { type: "Request", kind: "Http" } }) })).toBe("AnonymousTriggerRefused");
        expect(checkWorkflow(row(legacy), IDS.workflowId, { allowAnonymousTrigger: true }).anonymous).toBe(true);
    });

    it("takes the trigger's real key from clientdata", () => {
        const renamed = row(withTrigger(httpTrigger, "When_a_HTTP_request_is_received"));
        expect(checkWorkflow(renamed, IDS.workflowId).triggerName).toBe("When_a_HTTP_request_is_received");
    });

    it("falls back to 'manual' when clientdata is missing or unreadable (compressed)", () => {
        expect(checkWorkflow(row({ clientData: null }), IDS.workflowId).triggerName).toBe("manual");
        expect(checkWorkflow(row({ clientData: "H4sIAAAAAAAA" }), IDS.workflowId).triggerName).toBe("manual");
    });

    it("refuses a trigger set to another method than POST, naming it, before any request", () => {
        const get = refusal(withTrigger({ ...httpTrigger, inputs: { ...httpTrigger.inputs, method: "get" } }));
        expect(get?.code).toBe("TriggerMethodNotPost");
        expect(get?.details.values?.method).toBe("GET");
        expect(codeOf(withTrigger({ ...httpTrigger, inputs: { ...httpTrigger.inputs, method: "POST" } }))).toBe("accepted");
        expect(codeOf(withTrigger({ ...httpTrigger, inputs: { triggerAuthenticationType: "All", method: "GET" } }), true)).toBe("TriggerMethodNotPost");
    });

    it("returns the allowed users of a 'Specific users' trigger, lower case; a blank list is the whole tenant", () => {
        const users = withTrigger({
            ...httpTrigger,
            inputs: { triggerAuthenticationType: "User", triggerAllowedUsers: " AdeleV@Contoso.com;;C1A7E0D2-4B3F-4E6A-9D8C-1B2A3C4D5E6F " },
        });
        expect(checkWorkflow(row(users), IDS.workflowId).allowedUsers).toEqual(["adelev@contoso.com", "c1a7e0d2-4b3f-4e6a-9d8c-1b2a3c4d5e6f"]);
        const blank = withTrigger({ ...httpTrigger, inputs: { triggerAuthenticationType: "User", triggerAllowedUsers: "" } });
        expect(checkWorkflow(row(blank), IDS.workflowId).allowedUsers).toBeUndefined();
        expect(checkWorkflow(row(), IDS.workflowId).allowedUsers).toBeUndefined();
    });

    it.each([
        ["a classic workflow", { category: 0 }, "NotACloudFlow"],
        ["a flow that is off", { stateCode: 0 }, "FlowOff"],
        ["a suspended flow", { stateCode: 2, statusCode: 4 }, "FlowSuspended"],
        ["a DLP violation", { stateCode: 2, statusCode: 3 }, "FlowDlpViolation"],
        ["a row without resourceid", { resourceId: "" }, "UnexpectedResponse"],
    ])("refuses %s", (_name, over, code) => {
        expect(codeOf(over as Partial<WorkflowRow>)).toBe(code);
    });

    it.each([
        ["Button", "Button"],
        ["PowerApp", "PowerApp"],
        ["PowerAppV2", "PowerApp"],
        ["Skills", "Skills"],
        ["VirtualAgent", "VirtualAgent"],
        ["ApiConnection", "ApiConnection"],
    ])("refuses a Request trigger of kind %s by name (variant %s)", (kind, variant) => {
        const error = refusal(withTrigger({ type: "Request", kind, inputs: {} }));
        expect(error?.code).toBe("NotAnHttpTrigger");
        expect(error?.details.variant).toBe(variant);
        expect(error?.details.values?.trigger).toBe(`'manual' (Request/${kind})`);
    });

    it("refuses a schedule and an automated trigger by the name the maker sees", () => {
        const recurrence = refusal(withTrigger({ type: "Recurrence", recurrence: { frequency: "Day", interval: 1 } }, "Recurrence"));
        expect(recurrence?.details).toMatchObject({ variant: "Recurrence", values: { trigger: "'Recurrence' (Recurrence)" } });
        const dataverse = {
            type: "OpenApiConnectionWebhook",
            inputs: { host: { connectionName: "shared_commondataserviceforapps", operationId: "SubscribeWebhookTrigger" } },
        };
        const automated = refusal(withTrigger(dataverse, "When_a_row_is_added,_modified_or_deleted"));
        expect(automated?.details).toMatchObject({
            variant: "Automated",
            values: { trigger: "'When a row is added, modified or deleted' (OpenApiConnectionWebhook)" },
        });
        expect(refusal({ clientData: definition({}) })?.details.values?.trigger).toBe("none");
    });
});

describe("isAllowedUser", () => {
    const adele = { upn: "AdeleV@contoso.onmicrosoft.com", email: "adele.vance@contoso.com", objectId: "c1a7e0d2-4b3f-4e6a-9d8c-1b2a3c4d5e6f" };

    it("finds the user by UPN, e-mail or object id, case-insensitively", () => {
        expect(isAllowedUser(["adelev@contoso.onmicrosoft.com"], adele)).toBe(true);
        expect(isAllowedUser(["adele.vance@contoso.com"], adele)).toBe(true);
        expect(isAllowedUser(["c1a7e0d2-4b3f-4e6a-9d8c-1b2a3c4d5e6f"], adele)).toBe(true);
    });

    it("says no only when it knows who the user is", () => {
        expect(isAllowedUser(["meganb@contoso.onmicrosoft.com"], adele)).toBe(false);
        expect(isAllowedUser(["meganb@contoso.onmicrosoft.com"], {})).toBeUndefined();
        // An object id on the list might be this user's when their own is unknown.
        expect(isAllowedUser(["d2b8f1e3-5c4a-4f7b-8e9d-2c3b4d5e6f70"], { upn: adele.upn })).toBeUndefined();
        expect(isAllowedUser(["d2b8f1e3-5c4a-4f7b-8e9d-2c3b4d5e6f70"], adele)).toBe(false);
    });
});

describe("checkWorkflow: the trigger's schema", () => {
    it("hands the trigger's inputs.schema on as written, a pasted sample payload included", () => {
        const schema = { type: "object", properties: { amount: { type: "number", title: "Amount" } }, required: ["amount"] };
        const sample = { recordId: "3f2a…", amount: 12.5 };
        for (const written of [schema, sample]) {
            const facts = checkWorkflow(row(withTrigger({ ...httpTrigger, inputs: { ...httpTrigger.inputs, schema: written } })), IDS.workflowId);
            expect(facts.schema).toEqual(written);
        }
        expect(checkWorkflow(row(), IDS.workflowId).schema).toBeUndefined();
    });
});
