/** @jest-environment node */
import { ERROR_CATALOGUE } from "../../../FlowInvoker/errors/catalogue";
import { FlowInvokerError, isFlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";

describe("FlowInvokerError", () => {
    it("carries its code, the catalogue's step for it, and its details", () => {
        const details = { status: 403, values: { host: "api.flow.microsoft.com" } };
        const error = new FlowInvokerError("ConsentRequired", details);
        expect(error).toMatchObject({ name: "FlowInvokerError", code: "ConsentRequired", step: "sign-in", details });
        expect(new FlowInvokerError("InvalidWorkflowId").step).toBe(ERROR_CATALOGUE.InvalidWorkflowId.step);
        expect(new FlowInvokerError("InvalidWorkflowId").details).toEqual({});
    });

    it("names the service's own code beside ours in its message, and nothing else (no value may hold a secret)", () => {
        expect(new FlowInvokerError("ConsentRequired", { serviceCode: "AADSTS65001" }).message).toBe("ConsentRequired (AADSTS65001)");
        expect(new FlowInvokerError("RequestTimedOut", { values: { service: "https://h/x?sig=SECRET" }, responseText: "Bearer eyJ" }).message).toBe(
            "RequestTimedOut",
        );
    });

    it("is an Error, told apart from other errors and from objects that only look like one", () => {
        expect(new FlowInvokerError("FlowOff")).toBeInstanceOf(Error);
        expect(isFlowInvokerError(new FlowInvokerError("FlowOff"))).toBe(true);
        expect(isFlowInvokerError(new Error("FlowOff"))).toBe(false);
        expect(isFlowInvokerError({ name: "FlowInvokerError", code: "FlowOff", step: "discovery", details: {} })).toBe(false);
        expect(isFlowInvokerError(undefined)).toBe(false);
    });
});
