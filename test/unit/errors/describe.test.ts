import { describeError, makeTranslate } from "../../../FlowInvoker/errors/describe";
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { loadResx } from "../resx";

const t = makeTranslate((key) => loadResx()[key] ?? "");
const german = makeTranslate((key) => loadResx(1031)[key] ?? "");

describe("describeError", () => {
    it("never shows a token or a signature, whichever value or answer carries it", () => {
        const token = `eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJ4eHh4In0.${"s".repeat(40)}`;
        const signed = "https://prod-07.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=1&sv=1.0&SIG=SECRET-SIG";
        const error = new FlowInvokerError("InvalidWorkflowId", { values: { property: "workflowId", value: signed }, responseText: `Bearer ${token}` });
        const text = describeError(error, t);
        expect(JSON.stringify(text)).not.toMatch(/SECRET-SIG|eyJvaWQ/);
        expect(text.cause).toContain("prod-07.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke");
    });

    // The lead raises these two from the trigger call and the page's securitypolicyviolation listener; here only their texts.
    it("names the header a trigger's CORS preflight refused, and says nothing ran", () => {
        const error = new FlowInvokerError("CorsBlocked", {
            variant: "Header",
            values: { host: "abc.environment.api.powerplatform.com", header: "x-ms-client-tracking-id", service: "abc" },
        });
        const text = describeError(error, t);
        expect(text.cause).toBe(
            "The trigger at abc.environment.api.powerplatform.com refused the request header x-ms-client-tracking-id in its CORS preflight; the request never reached the flow.",
        );
        expect(text.fix).toMatch(/^Nothing ran/);
        expect(text.fix).toContain("tracking id in the URL's query");
        expect(text.mayHaveRun).toBe(false);
    });

    it("keeps the general CORS text when no header is named", () => {
        const text = describeError(new FlowInvokerError("CorsBlocked", { values: { service: "api.flow.microsoft.com" } }), t);
        expect(text.cause).toContain("could not reach api.flow.microsoft.com");
    });

    it("names the host and directive a strict Content-Security-Policy blocked, and the admin setting", () => {
        const error = new FlowInvokerError("BlockedByContentSecurityPolicy", { values: { host: "api.flow.microsoft.com", directive: "connect-src" } });
        const text = describeError(error, t);
        expect(text.cause).toBe("This page's Content-Security-Policy blocked api.flow.microsoft.com (connect-src), so the control could not reach it.");
        expect(text.fix).toContain("Settings > Privacy + Security > Content security policy");
        expect(text.fix).toContain("https://api.flow.microsoft.com");
        expect(describeError(error, german).fix).toContain("Datenschutz + Sicherheit");
    });

    it("uses a variant's cause and fix where the resx has them, and the general ones where it has not", () => {
        const deleted = describeError(
            new FlowInvokerError("TriggerNotEnabled", { variant: "Deleted", serviceCode: "WorkflowTriggerIsNotEnabled", values: { state: "Deleted" } }),
            t,
        );
        expect(deleted.cause).toContain("belongs to a flow that was deleted");
        expect(deleted.fix).toContain("Reload the form");
        const disabled = describeError(
            new FlowInvokerError("TriggerNotEnabled", { variant: "Disabled", serviceCode: "WorkflowTriggerIsNotEnabled", values: { state: "Disabled" } }),
            t,
        );
        expect(disabled.cause).toBe("Power Automate did not start the flow: its trigger is not enabled (state 'Disabled', WorkflowTriggerIsNotEnabled).");
        expect(disabled.fix).toContain("Premium licence");
    });

    it("says 'May have run' for every answer that proves a run exists, and never for a refusal", () => {
        expect(describeError(new FlowInvokerError("RunStartedNoAnswer", { values: { status: "502" } }), t).mayHaveRun).toBe(true);
        expect(describeError(new FlowInvokerError("FlowTimedOut", {}), t).mayHaveRun).toBe(true);
        expect(describeError(new FlowInvokerError("TriggerNotEnabled", {}), t).mayHaveRun).toBe(false);
    });
});
