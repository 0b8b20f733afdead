import * as React from "react";
import { fireEvent, render, screen } from "@testing-library/react";
import { makeTranslate } from "../../../FlowInvoker/errors/describe";
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { viewSteps } from "../../../FlowInvoker/invoke/setupReport";
import { SetupCheckPanel, SetupCheckPanelProps } from "../../../FlowInvoker/ui/SetupCheckPanel";
import { FlowInvokerView, FlowInvokerViewProps } from "../../../FlowInvoker/ui/FlowInvokerView";
import { SetupCheckState } from "../../../FlowInvoker/ui/useSetupCheck";
import { loadResx } from "../resx";

const strings = loadResx();
const t = makeTranslate((key) => strings[key] ?? "");
const steps = viewSteps(
    [
        { id: "properties", status: "ok", facts: [["org", "contoso.crm.dynamics.com"]], ms: 12 },
        { id: "flow", status: "failed", facts: [], error: new FlowInvokerError("FlowOff", { values: { flowName: "Approve" } }) },
        { id: "testRun", status: "notChecked", facts: [], reasonKey: "Setup_Reason_NotConfirmed" },
    ],
    t,
);

function panel(over: Partial<SetupCheckPanelProps> = {}): SetupCheckPanelProps {
    const props: SetupCheckPanelProps = {
        t,
        open: true,
        running: false,
        steps,
        copied: false,
        confirmingTestRun: false,
        canTestRun: true,
        onCopy: jest.fn(),
        onTestRun: jest.fn(),
        onConfirmTestRun: jest.fn(),
        onCancelTestRun: jest.fn(),
        onClose: jest.fn(),
        ...over,
    };
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
        expect(asked.onConfirmTestRun).toHaveBeenCalledTimes(1);
    });
});

describe("FlowInvokerView with the setup check", () => {
    const check = (): SetupCheckState => ({
        open: false,
        running: false,
        copied: false,
        confirmingTestRun: false,
        canTestRun: false,
        start: jest.fn(),
        close: jest.fn(),
        copy: jest.fn(),
        askTestRun: jest.fn(),
        confirmTestRun: jest.fn(),
        cancelTestRun: jest.fn(),
    });
    const base = (over: Partial<FlowInvokerViewProps>): FlowInvokerViewProps => ({
        t,
        disabled: false,
        busy: false,
        signInRequired: false,
        saveFirst: false,
        designMode: false,
        onRun: jest.fn(),
        onConfirm: jest.fn(),
        onCancelConfirm: jest.fn(),
        onSignIn: jest.fn(),
        onClosePanel: jest.fn(),
        ...over,
    });

    it("shows the Check setup button only when the maker switched it on", () => {
        const { unmount } = render(<FlowInvokerView {...base({ setupCheck: check() })} />);
        expect(screen.queryByTestId("flowinvoker-check-setup")).toBeNull();
        unmount();
        const state = check();
        render(<FlowInvokerView {...base({ setupCheck: state, showSetupCheck: true })} />);
        fireEvent.click(screen.getByTestId("flowinvoker-check-setup"));
        expect(state.start).toHaveBeenCalledTimes(1);
    });

    it("every error panel offers the check, which closes the panel first", () => {
        const state = check();
        const error = { code: "FlowOff", cause: "off", fix: "turn on", mayHaveRun: false };
        const props = base({ setupCheck: state, panel: { kind: "error", error } });
        render(<FlowInvokerView {...props} />);
        fireEvent.click(screen.getByTestId("flowinvoker-panel-check-setup"));
        expect(props.onClosePanel).toHaveBeenCalledTimes(1);
        expect(state.start).toHaveBeenCalledTimes(1);
    });
});
