import * as React from "react";
import { fireEvent, render, screen } from "@testing-library/react";
import { makeTranslate } from "../../../FlowInvoker/errors/describe";
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { viewSteps } from "../../../FlowInvoker/invoke/setupReport";
import { SetupCheckPanel, SetupCheckPanelProps } from "../../../FlowInvoker/ui/SetupCheckPanel";
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
        copy: jest.fn(),
        askTestRun: jest.fn(),
        confirmTestRun: jest.fn(),
        cancelTestRun: jest.fn(),
        close: jest.fn(),
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
        expect(asked.confirmTestRun).toHaveBeenCalledTimes(1);
    });
});
