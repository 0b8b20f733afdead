import * as React from "react";
import { render, screen } from "@testing-library/react";
import { FlowInvokerView, FlowInvokerViewProps } from "../../../FlowInvoker/ui/FlowInvokerView";
import { strings, viewProps } from "./viewKit";

function view(over: Partial<FlowInvokerViewProps> = {}) {
    render(<FlowInvokerView {...viewProps(over)} />);
}

describe("ErrorBoundary", () => {
    it("keeps the panel when showing the answer fails: the status and run id stay, with a line saying the answer cannot be shown", () => {
        const quiet = jest.spyOn(console, "error").mockImplementation(() => undefined);
        const hostile = Object.defineProperty({}, "rows", {
            enumerable: true,
            get: () => {
                throw new TypeError("unreadable");
            },
        });
        view({ panel: { kind: "result", result: { outcome: "completed", status: 200, durationMs: 5, runId: "08584-RUN", body: hostile } } });
        quiet.mockRestore();
        expect(screen.getByTestId("flowinvoker-status").textContent).toBe("Completed");
        expect(screen.getByTestId("flowinvoker-run-id").textContent).toBe("08584-RUN");
        expect(screen.getByTestId("flowinvoker-answer-not-shown").textContent).toBe(strings.Ui_AnswerNotShown);
        expect(screen.getByRole("button", { name: "Run flow" })).toBeTruthy();
    });

    it("keeps the button when the panel itself fails to render, with the same line", () => {
        const quiet = jest.spyOn(console, "error").mockImplementation(() => undefined);
        view({ panel: { kind: "result", result: { outcome: "completed", status: 200, durationMs: 5, runId: { not: "text" } as never, body: "" } } });
        quiet.mockRestore();
        expect(screen.getByRole("button", { name: "Run flow" })).toBeTruthy();
        expect(screen.getByTestId("flowinvoker-answer-not-shown").textContent).toBe(strings.Ui_AnswerNotShown);
    });
});
