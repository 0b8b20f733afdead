import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { checkWorkflow } from "../../../FlowInvoker/invoke/workflowCheck";
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

function codeOf(over: Partial<WorkflowRow>): string {
    try {
        checkWorkflow(row(over), IDS.workflowId);
    } catch (error) {
        return (error as FlowInvokerError).code;
    }
    return "accepted";
}

describe("checkWorkflow", () => {
    it("accepts an activated cloud flow with an HTTP request trigger and returns its name", () => {
        expect(checkWorkflow(row(), IDS.workflowId)).toEqual({ triggerName: "manual", anonymous: false });
    });

    it("tells an 'Anyone' trigger from the definition", () => {
        const anyone = row({ clientData: definition({ manual: { ...httpTrigger, inputs: { triggerAuthenticationType: "All" } } }) });
        expect(checkWorkflow(anyone, IDS.workflowId).anonymous).toBe(true);
        expect(checkWorkflow(row({ clientData: null }), IDS.workflowId).anonymous).toBeUndefined();
    });

    it("takes the trigger's real key from clientdata", () => {
        const renamed = row({ clientData: definition({ When_a_HTTP_request_is_received: httpTrigger }) });
        expect(checkWorkflow(renamed, IDS.workflowId).triggerName).toBe("When_a_HTTP_request_is_received");
    });

    it("falls back to 'manual' when clientdata is missing or unreadable (compressed)", () => {
        expect(checkWorkflow(row({ clientData: null }), IDS.workflowId).triggerName).toBe("manual");
        expect(checkWorkflow(row({ clientData: "H4sIAAAAAAAA" }), IDS.workflowId).triggerName).toBe("manual");
    });

    it.each([
        ["a classic workflow", { category: 0 }, "NotACloudFlow"],
        ["a flow that is off", { stateCode: 0 }, "FlowOff"],
        ["a suspended flow", { stateCode: 2, statusCode: 4 }, "FlowSuspended"],
        ["a DLP violation", { stateCode: 2, statusCode: 3 }, "FlowDlpViolation"],
        ["a recurrence flow", { clientData: definition({ Recurrence: { type: "Recurrence" } }) }, "NotAnHttpTrigger"],
        ["an instant (button) flow", { clientData: definition({ manual: { type: "Request", kind: "Button" } }) }, "NotAnHttpTrigger"],
        ["a Power Apps flow", { clientData: definition({ manual: { type: "Request", kind: "PowerAppV2" } }) }, "NotAnHttpTrigger"],
        ["a row without resourceid", { resourceId: "" }, "UnexpectedResponse"],
    ])("refuses %s", (_name, over, code) => {
        expect(codeOf(over as Partial<WorkflowRow>)).toBe(code);
    });

    it("names the trigger it found when it is not an HTTP trigger", () => {
        try {
            checkWorkflow(row({ clientData: definition({ Recurrence: { type: "Recurrence" } }) }), IDS.workflowId);
        } catch (error) {
            expect((error as FlowInvokerError).details.values?.trigger).toBe("Recurrence (Recurrence)");
            return;
        }
        throw new Error("expected NotAnHttpTrigger");
    });
});
