/** @jest-environment node */
import { readTriggerRefusal } from "../../../FlowInvoker/services/triggerAnswer";

const envelope = (code: string, message: string): unknown => ({ error: { code, message } });
const NOT_ENABLED = (state: string): unknown =>
    envelope("WorkflowTriggerIsNotEnabled", `The workflow 'c2d30001' cannot be triggered because it is in state '${state}': trigger is not enabled.`);

describe("readTriggerRefusal", () => {
    it("a deleted flow's trigger: nothing ran and the URL is stale, so discovery runs again", () => {
        expect(readTriggerRefusal(400, NOT_ENABLED("Deleted"))).toMatchObject({
            code: "TriggerNotEnabled",
            serviceCode: "WorkflowTriggerIsNotEnabled",
            noRun: true,
            staleUrl: true,
            variant: "Deleted",
            values: { state: "Deleted" },
        });
    });

    it.each(["Disabled", "Suspended"])("a %s flow's trigger names the state and keeps the URL", (state) => {
        const refusal = readTriggerRefusal(400, NOT_ENABLED(state));
        expect(refusal).toMatchObject({ code: "TriggerNotEnabled", noRun: true, variant: state, values: { state } });
        expect(refusal.staleUrl).toBeFalsy();
    });

    it("a trigger set to another method names that method", () => {
        const refusal = readTriggerRefusal(
            400,
            envelope("TriggerRequestMethodNotValid", "The HTTP method for this request is not valid: expected 'GET' and actual 'POST'."),
        );
        expect(refusal).toMatchObject({ code: "TriggerMethodNotPost", noRun: true, values: { method: "GET" } });
        expect(refusal.variant).toBeUndefined();
        expect(readTriggerRefusal(400, envelope("TriggerRequestMethodNotValid", "Method not valid."))).toMatchObject({
            code: "TriggerMethodNotPost",
            variant: "NoMethod",
        });
    });

    it("a bearer on a signed (Anyone) URL, as either code the gateway is reported to send", () => {
        for (const code of ["OAuthAccessPolicyNotFound", "DirectApiRequestHasMoreThanOneAuthorization"]) {
            expect(readTriggerRefusal(401, envelope(code, "m"))).toMatchObject({ code: "OAuthAccessPolicyNotFound", serviceCode: code, noRun: true });
        }
    });

    it.each([401, 403])("MisMatchingOAuthClaims as %s is the same refusal", (status) => {
        expect(readTriggerRefusal(status, envelope("MisMatchingOAuthClaims", "m"))).toMatchObject({ code: "MisMatchingOAuthClaims", noRun: true });
    });

    it("502 (every Response skipped, or an action failed before it): the run started and sent no answer, with its id", () => {
        const body = envelope(
            "NoResponse",
            "The server did not receive a response from an upstream server. Request tracking id '08584712345678901234567890CU12'.",
        );
        expect(readTriggerRefusal(502, body)).toMatchObject({ code: "RunStartedNoAnswer", noRun: false, runId: "08584712345678901234567890CU12" });
        expect(readTriggerRefusal(502, { message: "no envelope" })).toMatchObject({ code: "RunStartedNoAnswer", serviceCode: "502", noRun: false });
    });

    it("504 is the 120 s limit; NoResponse at any other status still means a run without an answer", () => {
        expect(readTriggerRefusal(504, envelope("NoResponse", "The server did not receive a response from an upstream server."))).toMatchObject({
            code: "FlowTimedOut",
            noRun: false,
        });
        expect(readTriggerRefusal(500, envelope("NoResponse", "m"))).toMatchObject({ code: "RunStartedNoAnswer", noRun: false });
    });

    it("a flow's own answer in another shape stays the flow's", () => {
        expect(readTriggerRefusal(400, { reason: "amount too high" })).toMatchObject({ code: "FlowReturnedError", noRun: false });
    });
});
