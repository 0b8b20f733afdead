import * as React from "react";
import { render, screen } from "@testing-library/react";
import { describeError } from "../../../FlowInvoker/errors/describe";
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { PanelContent, ResultPanel } from "../../../FlowInvoker/ui/ResultPanel";
import { t } from "./viewKit";

function view(over: { panel: PanelContent }) {
    render(<ResultPanel content={over.panel} t={t} canRunAgain onRunAgain={jest.fn()} onClose={jest.fn()} />);
}

describe("ResultPanel", () => {
    it("shows a completed run with status, run id and the response as text, never as HTML", () => {
        view({
            panel: {
                kind: "result",
                result: { outcome: "completed", status: 200, durationMs: 812, runId: "08584-RUN", body: { note: "<img src=x onerror=alert(1)>" } },
            },
        });
        expect(screen.getByTestId("flowinvoker-status").textContent).toBe("Completed");
        expect(screen.getByTestId("flowinvoker-run-id").textContent).toBe("08584-RUN");
        expect(screen.getByTestId("flowinvoker-response").textContent).toContain("<img src=x onerror=alert(1)>");
        expect(document.querySelector("img")).toBeNull();
        expect(screen.getByText("812 ms")).toBeTruthy();
    });

    it("shows a started run for a flow without a Response action", () => {
        view({ panel: { kind: "result", result: { outcome: "started", status: 202, durationMs: 90, body: "" } } });
        expect(screen.getByTestId("flowinvoker-status").textContent).toBe("Started");
        expect(screen.queryByTestId("flowinvoker-response")).toBeNull();
    });

    it("shows an error with our code, the service's code, the cause and the fix", () => {
        const error = describeError(
            new FlowInvokerError("FlowNotFound", { serviceCode: "FlowNotFound", values: { flowName: "res-1", environmentId: "Default-1" } }),
            t,
        );
        view({ panel: { kind: "error", error } });
        expect(screen.getByTestId("flowinvoker-status").textContent).toBe("Failed");
        expect(screen.getByTestId("flowinvoker-error-code").textContent).toBe("FlowNotFound");
        expect(screen.getByTestId("flowinvoker-error-cause").textContent).toContain("Default-1");
        expect(screen.getByTestId("flowinvoker-error-fix").textContent).toContain("environmentId");
    });

    it("says when an answer was cut at the size limit, and shows its beginning as text", () => {
        view({ panel: { kind: "result", result: { outcome: "completed", status: 200, durationMs: 5, body: '{"rows":[{"id":0', truncated: true } } });
        expect(screen.getByTestId("flowinvoker-status").textContent).toBe("Completed");
        expect(screen.getByTestId("flowinvoker-answer-cut").textContent).toBe(t("Ui_AnswerTooLarge", { max: "5" }));
        expect(screen.getByTestId("flowinvoker-response").textContent).toBe('{"rows":[{"id":0');
    });

    it("says 'May have run' when the outcome is unknown", () => {
        const error = describeError(new FlowInvokerError("RunOutcomeUnknown", { mayHaveRun: true, values: { service: "x" } }), t);
        view({ panel: { kind: "error", error } });
        expect(screen.getByTestId("flowinvoker-status").textContent).toBe("May have run");
    });
});
