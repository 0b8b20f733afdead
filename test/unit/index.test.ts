import { render, screen } from "@testing-library/react";
import { FlowInvoker } from "../../FlowInvoker/index";
import { buildContext } from "./mockContext";

jest.mock("../../FlowInvoker/auth/msalClient", () => ({
    getMsalClient: jest.fn(async () => ({
        getAccount: () => null,
        acquireTokenSilent: async () => Promise.reject({ errorCode: "no_tokens_found" }),
        ssoSilent: async () => Promise.reject({ errorCode: "login_required" }),
        acquireTokenPopup: async () => Promise.reject({ errorCode: "user_cancelled" }),
    })),
}));

describe("FlowInvoker lifecycle", () => {
    it("renders the button for a valid configuration and prefetches once across updateView calls", () => {
        const retrieveRecord = jest.fn(() => new Promise<Record<string, unknown>>(() => undefined));
        const context = buildContext({ properties: { buttonLabel: "Approve" }, retrieveRecord });
        const control = new FlowInvoker();
        control.init(context, jest.fn());
        render(control.updateView(context));
        control.updateView(context);
        expect(screen.getByRole("button", { name: "Approve" })).toBeTruthy();
        const workflowReads = retrieveRecord.mock.calls.filter((call: unknown[]) => call[0] === "workflow");
        expect(workflowReads.length).toBeLessThanOrEqual(1);
        expect(control.getOutputs()).toEqual({});
        control.destroy();
    });

    it("reports a bad workflowId in the control and sends nothing", () => {
        const retrieveRecord = jest.fn();
        const context = buildContext({ properties: { workflowId: "my flow" }, retrieveRecord });
        const control = new FlowInvoker();
        control.init(context, jest.fn());
        render(control.updateView(context));
        expect(screen.getByTestId("flowinvoker-error-code").textContent).toBe("InvalidWorkflowId");
        expect(screen.getByTestId("flowinvoker-config-error").textContent).toContain("'my flow'");
        expect(retrieveRecord).not.toHaveBeenCalled();
    });

    it("disables the button on a read-only form", () => {
        const context = buildContext({ disabled: true, retrieveRecord: () => new Promise(() => undefined) });
        const control = new FlowInvoker();
        control.init(context, jest.fn());
        render(control.updateView(context));
        expect(screen.getByRole("button", { name: "Run flow" }).hasAttribute("disabled")).toBe(true);
    });
});

describe("FlowInvoker on the form", () => {
    const pending = (): Promise<Record<string, unknown>> => new Promise(() => undefined);

    it("asks to save a new record first when the body needs its id", () => {
        const context = buildContext({ entityId: "", retrieveRecord: pending });
        const control = new FlowInvoker();
        control.init(context, jest.fn());
        render(control.updateView(context));
        expect(screen.getByTestId("flowinvoker-save-first").textContent).toContain("Save the record first");
        expect(screen.getByRole("button", { name: "Run flow" }).hasAttribute("disabled")).toBe(true);
    });

    it("lets a new record run when the template does not use the record id", () => {
        const context = buildContext({ entityId: "", properties: { requestBody: '{"who": {{userId}}}' }, retrieveRecord: pending });
        const control = new FlowInvoker();
        control.init(context, jest.fn());
        render(control.updateView(context));
        expect(screen.queryByTestId("flowinvoker-save-first")).toBeNull();
        expect(screen.getByRole("button", { name: "Run flow" }).hasAttribute("disabled")).toBe(false);
    });

    it("renders a harmless placeholder in the form designer and reads nothing", () => {
        const retrieveRecord = jest.fn(pending);
        const context = buildContext({ authoringMode: true, retrieveRecord });
        const control = new FlowInvoker();
        control.init(context, jest.fn());
        render(control.updateView(context));
        expect(screen.getByText(/runs the configured flow when the form is used/)).toBeTruthy();
        expect(screen.getByRole("button", { name: "Run flow" }).hasAttribute("disabled")).toBe(true);
        expect(retrieveRecord).not.toHaveBeenCalled();
    });

    it("reports a bad requestBody at load", () => {
        const context = buildContext({ properties: { requestBody: "{oops" }, retrieveRecord: pending });
        const control = new FlowInvoker();
        control.init(context, jest.fn());
        render(control.updateView(context));
        expect(screen.getByTestId("flowinvoker-error-code").textContent).toBe("InvalidRequestBody");
    });

    it("lays out right to left for RTL languages", () => {
        const context = buildContext({ isRTL: true, retrieveRecord: pending });
        const control = new FlowInvoker();
        control.init(context, jest.fn());
        const { container } = render(control.updateView(context));
        expect(container.querySelector('[dir="rtl"]')).not.toBeNull();
    });
});

describe("a host that leaves properties out", () => {
    it("treats missing optional properties as unset instead of crashing", () => {
        const context = buildContext({ retrieveRecord: () => new Promise(() => undefined) });
        const parameters = context.parameters as unknown as Record<string, unknown>;
        for (const name of ["requestBody", "resultPath", "confirmationText", "mode", "queueTimeoutSeconds", "identityScope", "callbackUrlVariable", "input3"]) delete parameters[name];
        const control = new FlowInvoker();
        control.init(context, jest.fn());
        render(control.updateView(context));
        expect(screen.getByRole("button", { name: "Run flow" })).toBeTruthy();
    });
});
