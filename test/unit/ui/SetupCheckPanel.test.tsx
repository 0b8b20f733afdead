import * as React from "react";
import { fireEvent, render, screen } from "@testing-library/react";
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { SetupStep } from "../../../FlowInvoker/invoke/setup/steps";
import { viewSteps } from "../../../FlowInvoker/invoke/setup/report";
import { SetupCheckPanel, SetupCheckPanelProps } from "../../../FlowInvoker/ui/SetupCheckPanel";
import { checkState, strings, t } from "./viewKit";

const steps = viewSteps(
    [
        { id: "properties", status: "ok", facts: [["org", "contoso.crm.dynamics.com"]], ms: 12 },
        { id: "flow", status: "failed", facts: [], error: new FlowInvokerError("FlowOff", { values: { flowName: "Approve" } }) },
        { id: "testRun", status: "notChecked", facts: [], reasonKey: "Setup_Reason_NotConfirmed" },
    ],
    t,
);

function panel(over: Partial<SetupCheckPanelProps> = {}): SetupCheckPanelProps {
    const props: SetupCheckPanelProps = { t, ...checkState({ open: true, steps, canTestRun: true }), ...over };
    render(<SetupCheckPanel {...props} />);
    return props;
}

describe("SetupCheckPanel", () => {
    it("shows each step with its mark, the catalogue's cause and fix for a ✗, and the reason a step was not checked", () => {
        panel();
        expect(screen.getByTestId("setup-step-properties").dataset.status).toBe("ok");
        expect(screen.getByTestId("setup-step-flow").textContent).toContain("The flow 'Approve' is turned off.");
        expect(screen.getByTestId("setup-step-flow").textContent).toContain(strings.Error_FlowOff_Fix);
        expect(screen.getByTestId("setup-step-testRun").textContent).toContain(strings.Setup_Reason_NotConfirmed);
    });

    it("asks before the test run and runs only on the confirmation", () => {
        const asked = panel({ confirmingTestRun: true });
        expect(screen.getByTestId("setup-test-run-question").textContent).toBe(strings.Setup_TestRunQuestion);
        fireEvent.click(screen.getByTestId("setup-test-run-confirm"));
        expect(asked.confirmTestRun).toHaveBeenCalledTimes(1);
    });
});

describe("SetupCheckPanel: storing the URL in the variable", () => {
    const offer = { variable: "fi_ApprovalUrl", run: async () => ({ status: "ok" as const, facts: [] }) };
    const withStore = (stored?: SetupStep["stored"]) =>
        viewSteps([{ id: "flowApi", status: "ok", facts: [["source", "listCallbackUrl"]], store: offer, stored }], t);

    it("offers the button naming the variable, and stores only on the click", () => {
        const props = panel({ steps: withStore() });
        expect(screen.queryByTestId("setup-store-result")).toBeNull();
        fireEvent.click(screen.getByRole("button", { name: "Store this URL in fi_ApprovalUrl" }));
        expect(props.storeUrl).toHaveBeenCalledTimes(1);
    });

    it("shows a stored URL as ✓ with what was written, and a refusal as ✗ with the catalogue's cause and fix", () => {
        const { unmount } = render(
            <SetupCheckPanel t={t} {...checkState({ open: true, steps: withStore({ status: "ok", facts: [["storedIn", "fi_ApprovalUrl (created)"]] }) })} />,
        );
        expect(screen.getByTestId("setup-store-result").dataset.status).toBe("ok");
        expect(screen.getByTestId("setup-store-result").textContent).toContain("fi_ApprovalUrl (created)");
        expect(screen.queryByTestId("setup-store-url")).toBeNull();
        unmount();
        const error = new FlowInvokerError("EnvironmentVariableWriteDenied", {
            serviceCode: "0x80040220",
            values: { name: "fi_ApprovalUrl", privilege: "prvCreateEnvironmentVariableValue" },
        });
        panel({ steps: withStore({ status: "failed", facts: [], error }) });
        expect(screen.getByTestId("setup-store-result").dataset.status).toBe("failed");
        expect(screen.getByTestId("setup-store-error").textContent).toContain("prvCreateEnvironmentVariableValue");
        expect(screen.getByTestId("setup-store-error").textContent).toContain(strings.Error_EnvironmentVariableWriteDenied_Fix);
    });
});
