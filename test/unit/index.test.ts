import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { FlowInvoker } from "../../FlowInvoker/index";
import { IDS, buildContext } from "./mockContext";

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
        for (const name of ["requestBody", "resultPath", "confirmationText", "mode", "queueTimeoutSeconds", "identityScope", "callbackUrlVariable", "input3"])
            delete parameters[name];
        const control = new FlowInvoker();
        control.init(context, jest.fn());
        render(control.updateView(context));
        expect(screen.getByRole("button", { name: "Run flow" })).toBeTruthy();
    });
});

describe("lifecycle: destroy, a settings change, and every ending of a click", () => {
    const QUEUE = {
        mode: "Queue",
        queueTable: "fi_flowrequest",
        queueInputColumn: "fi_input",
        queueStatusColumn: "fi_status",
        queueResultColumn: "fi_result",
        queueTimeoutSeconds: 5,
    } as const;
    const ROW_ID = "{AAAA0000-0000-4000-8000-000000000001}";

    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    function mount(options: Parameters<typeof buildContext>[0]) {
        const events = { OnRunCompleted: jest.fn() };
        const notify = jest.fn();
        const context = buildContext({ events, ...options });
        const control = new FlowInvoker();
        control.init(context, notify);
        const view = render(control.updateView(context));
        const click = (): void => void fireEvent.click(screen.getByRole("button", { name: "Run flow" }));
        const wait = (ms: number): Promise<void> => act(() => jest.advanceTimersByTimeAsync(ms));
        return { control, context, view, events, notify, click, wait };
    }

    it("stops polling a Queue run when the form closes, and raises nothing afterwards", async () => {
        const retrieveRecord = jest.fn(async () => ({ fi_status: "Running" }));
        const form = mount({ properties: QUEUE, retrieveRecord, createRecord: async () => ({ id: ROW_ID }) });
        form.click();
        await form.wait(1100);
        expect(retrieveRecord).toHaveBeenCalledTimes(1);
        form.control.destroy();
        form.view.unmount();
        await form.wait(60_000);
        expect(retrieveRecord).toHaveBeenCalledTimes(1);
        expect(form.events.OnRunCompleted).not.toHaveBeenCalled();
        expect(form.notify).not.toHaveBeenCalled();
    });

    it("drops the old runner when its settings change: its polling stops and its late result is not shown", async () => {
        const retrieveRecord = jest.fn(async () => ({ fi_status: "Running" }));
        const form = mount({ properties: QUEUE, retrieveRecord, createRecord: async () => ({ id: ROW_ID }) });
        form.click();
        await form.wait(1100);
        const changed = buildContext({
            events: {},
            properties: { ...QUEUE, queueTimeoutSeconds: 60 },
            retrieveRecord,
            createRecord: async () => ({ id: ROW_ID }),
        });
        form.view.rerender(form.control.updateView(changed));
        const polls = retrieveRecord.mock.calls.length;
        await form.wait(60_000);
        expect(retrieveRecord).toHaveBeenCalledTimes(polls);
        expect(screen.queryByTestId("flowinvoker-status")).toBeNull();
        expect(form.events.OnRunCompleted).not.toHaveBeenCalled();
    });

    it("drops the old runner when its settings become invalid: the configuration error shows and polling stops", async () => {
        const retrieveRecord = jest.fn(async () => ({ fi_status: "Running" }));
        const form = mount({ properties: QUEUE, retrieveRecord, createRecord: async () => ({ id: ROW_ID }) });
        form.click();
        await form.wait(1100);
        const invalid = buildContext({ events: {}, properties: { ...QUEUE, queueTable: "not a table!" }, retrieveRecord });
        form.view.rerender(form.control.updateView(invalid));
        const polls = retrieveRecord.mock.calls.length;
        await form.wait(60_000);
        expect(screen.getByTestId("flowinvoker-config-error")).toBeTruthy();
        expect(retrieveRecord).toHaveBeenCalledTimes(polls);
        expect(form.events.OnRunCompleted).not.toHaveBeenCalled();
    });

    it("shows a queue create that never answers as May have run, within the Dataverse timeout", async () => {
        const form = mount({ properties: QUEUE, retrieveRecord: jest.fn(), createRecord: () => new Promise(() => undefined) });
        form.click();
        await form.wait(31_000);
        expect(screen.getByTestId("flowinvoker-status").textContent).toBe("May have run");
        expect(screen.getByTestId("flowinvoker-error-code").textContent).toBe("RunOutcomeUnknown");
        expect(form.events.OnRunCompleted).toHaveBeenCalledTimes(1);
    });

    it.each<[string, Partial<Parameters<typeof buildContext>[0]>, string]>([
        ["a completed run", { retrieveRecord: async () => ({ fi_status: "Completed", fi_result: "{}" }) }, "Completed"],
        ["the flow's failure", { retrieveRecord: async () => ({ fi_status: "Failed", fi_result: "no" }) }, "QueueRunFailed"],
        [
            "a configuration error found at the click",
            { createRecord: async () => Promise.reject({ status: 404, message: "Entity 'fi_flowrequest' does not exist" }) },
            "QueueTableNotFound",
        ],
        ["a run that may have happened", { retrieveRecord: async () => ({ fi_status: "Pending" }) }, "QueueNotPickedUp"],
    ])("raises OnRunCompleted once for %s", async (_, over, shown) => {
        const form = mount({ properties: QUEUE, retrieveRecord: async () => ({ fi_status: "Running" }), createRecord: async () => ({ id: ROW_ID }), ...over });
        form.click();
        await form.wait(10_000);
        const code = screen.queryByTestId("flowinvoker-error-code")?.textContent ?? screen.getByTestId("flowinvoker-status").textContent;
        expect(code).toBe(shown);
        await form.wait(100);
        expect(form.events.OnRunCompleted).toHaveBeenCalledTimes(1);
    });

    it("raises OnRunCompleted and shows a message for an unexpected exception", async () => {
        const msal = jest.requireMock<{ getMsalClient: jest.Mock }>("../../FlowInvoker/auth/msalClient");
        msal.getMsalClient.mockImplementation(async () => ({
            getAccount: () => {
                throw new TypeError("unexpected");
            },
        }));
        const clientdata = JSON.stringify({
            properties: { definition: { triggers: { manual: { type: "Request", kind: "Http", inputs: { triggerAuthenticationType: "Tenant" } } } } },
        });
        const retrieveRecord = async (entity: string): Promise<Record<string, unknown>> =>
            entity === "workflow"
                ? { name: "Approve", resourceid: "res-1", category: 5, statecode: 1, statuscode: 2, clientdata }
                : { azureactivedirectoryobjectid: "c1a7e0d2-4b3f-4e6a-9d8c-1b2a3c4d5e6f", windowsliveid: "adele@contoso.com" };
        try {
            const form = mount({ properties: { tenantId: IDS.tenantId, environmentId: "Default-72f988bf-0000-4000-8000-2d7cd011db47" }, retrieveRecord });
            await form.wait(10);
            form.click();
            await form.wait(2000);
            expect(screen.getByTestId("flowinvoker-error-code").textContent).toBe("UnexpectedError");
            expect(form.events.OnRunCompleted).toHaveBeenCalledTimes(1);
        } finally {
            msal.getMsalClient.mockReset();
        }
    });
});

describe("a configuration error", () => {
    it("offers the setup check, whose first step is the configuration error", async () => {
        const context = buildContext({ properties: { workflowId: "my flow" }, retrieveRecord: jest.fn() });
        const control = new FlowInvoker();
        control.init(context, jest.fn());
        render(control.updateView(context));
        await act(async () => void fireEvent.click(screen.getByTestId("flowinvoker-check-setup")));
        const properties = await screen.findByTestId("setup-step-properties");
        expect(properties.getAttribute("data-status")).toBe("failed");
        expect(within(properties).getByTestId("setup-error-code").textContent).toBe("InvalidWorkflowId");
    });

    it("offers no setup check in Queue mode, whose setup has no sign-in, flow API or trigger to check", () => {
        const context = buildContext({ properties: { mode: "Queue", queueTable: "not a table!" } });
        const control = new FlowInvoker();
        control.init(context, jest.fn());
        render(control.updateView(context));
        expect(screen.getByTestId("flowinvoker-error-code").textContent).toBe("InvalidQueueSetting");
        expect(screen.queryByTestId("flowinvoker-check-setup")).toBeNull();
    });

    it("offers no setup check in the form designer", () => {
        const context = buildContext({ authoringMode: true, properties: { workflowId: "my flow" } });
        const control = new FlowInvoker();
        control.init(context, jest.fn());
        render(control.updateView(context));
        expect(screen.queryByTestId("flowinvoker-check-setup")).toBeNull();
    });
});
