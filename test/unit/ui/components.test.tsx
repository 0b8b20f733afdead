import * as React from "react";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describeError, makeTranslate } from "../../../FlowInvoker/errors/describe";
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { FlowRunner } from "../../../FlowInvoker/invoke/runner";
import { FlowInvokerApp } from "../../../FlowInvoker/ui/FlowInvokerApp";
import { FlowInvokerView, FlowInvokerViewProps } from "../../../FlowInvoker/ui/FlowInvokerView";
import { loadResx } from "../resx";

const strings = loadResx();
const t = makeTranslate((key) => strings[key] ?? "");

function view(over: Partial<FlowInvokerViewProps> = {}) {
    const props: FlowInvokerViewProps = {
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
    };
    render(<FlowInvokerView {...props} />);
    return props;
}

describe("FlowInvokerView", () => {
    it("shows the default label and runs on click", () => {
        const props = view();
        fireEvent.click(screen.getByRole("button", { name: "Run flow" }));
        expect(props.onRun).toHaveBeenCalledTimes(1);
        expect(screen.queryByRole("button", { name: "Sign in" })).toBeNull();
    });

    it("uses the buttonLabel and is disabled on a read-only form or while running", () => {
        view({ label: "Approve order", disabled: true });
        expect(screen.getByRole("button", { name: "Approve order" }).hasAttribute("disabled")).toBe(true);
    });

    it("shows a spinner and disables the button while a run is in flight", () => {
        view({ busy: true });
        // aria-disabled, not disabled: the button keeps focus while the run is in flight.
        expect(screen.getByRole("button", { name: "Run flow" }).getAttribute("aria-disabled")).toBe("true");
        expect(screen.getByTestId("flowinvoker-spinner")).toBeTruthy();
    });

    it("does not run again on a click while a run is in flight", () => {
        const props = view({ busy: true });
        fireEvent.click(screen.getByRole("button", { name: "Run flow" }));
        expect(props.onRun).not.toHaveBeenCalled();
    });

    it("offers a Sign in button when sign-in is required", () => {
        const props = view({ signInRequired: true });
        fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
        expect(props.onSignIn).toHaveBeenCalledTimes(1);
    });

    it("shows a configuration error instead of the button", () => {
        const error = describeError(new FlowInvokerError("InvalidWorkflowId", { values: { property: "workflowId", value: "abc" } }), t);
        view({ configurationError: error });
        expect(screen.queryByRole("button", { name: "Run flow" })).toBeNull();
        expect(screen.getByTestId("flowinvoker-error-code").textContent).toBe("InvalidWorkflowId");
        expect(screen.getByTestId("flowinvoker-config-error").textContent).toContain("'abc'");
    });

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

const appProps = { t, dir: "ltr" as const, disabled: false, saveFirst: false, designMode: false, requestBody: () => ({}), onRunCompleted: () => undefined };

describe("FlowInvokerApp", () => {
    function fakeRunner(run: () => Promise<unknown>): FlowRunner {
        return { signInState: "signedIn", onChange: () => () => undefined, run: jest.fn(run), signIn: jest.fn() } as unknown as FlowRunner;
    }

    it("runs at most once for a double click while the first run is in flight", async () => {
        let finish: (value: unknown) => void = () => undefined;
        const runner = fakeRunner(() => new Promise((resolve) => (finish = resolve)));
        render(<FlowInvokerApp {...appProps} runner={runner} requestBody={() => ({ recordId: "r" })} />);
        const button = screen.getByRole("button", { name: "Run flow" });
        fireEvent.click(button);
        fireEvent.click(button);
        expect(runner.run).toHaveBeenCalledTimes(1);
        expect(runner.run).toHaveBeenCalledWith({ recordId: "r" });
        await act(async () => finish({ outcome: "completed", status: 200, durationMs: 5, body: { ok: 1 } }));
        await waitFor(() => expect(screen.getByTestId("flowinvoker-status").textContent).toBe("Completed"));
    });

    it("gives an exception nobody expected its own code, and says the flow may have run", async () => {
        const runner = fakeRunner(() => Promise.reject(new TypeError("x is undefined")));
        render(<FlowInvokerApp {...appProps} runner={runner} />);
        fireEvent.click(screen.getByRole("button", { name: "Run flow" }));
        await waitFor(() => expect(screen.getByTestId("flowinvoker-error-code").textContent).toBe("UnexpectedError"));
        expect(screen.getByTestId("flowinvoker-status").textContent).toBe("May have run");
        expect(screen.getByTestId("flowinvoker-error-cause").textContent).toContain("TypeError");
    });

    it("keeps the panel closed when the user closes it while a long-running flow is polled, and opens it for the answer", async () => {
        let finish: (value: unknown) => void = () => undefined;
        let progress: (running: unknown) => void = () => undefined;
        const runner = {
            ...fakeRunner(() => new Promise((resolve) => (finish = resolve))),
            onProgress: (listener: (running: unknown) => void) => ((progress = listener), () => undefined),
        } as unknown as FlowRunner;
        render(<FlowInvokerApp {...appProps} runner={runner} />);
        fireEvent.click(screen.getByRole("button", { name: "Run flow" }));
        const running = { outcome: "running", status: 202, durationMs: 1000, body: "" };
        act(() => progress(running));
        await waitFor(() => expect(screen.getByTestId("flowinvoker-status").textContent).toBe("Running"));
        fireEvent.keyDown(screen.getByTestId("flowinvoker-status"), { key: "Escape" });
        await waitFor(() => expect(screen.queryByTestId("flowinvoker-status")).toBeNull());
        act(() => progress({ ...running, durationMs: 2000 }));
        expect(screen.queryByTestId("flowinvoker-status")).toBeNull();
        await act(async () => finish({ outcome: "completed", status: 200, durationMs: 3000, body: { ok: 1 } }));
        await waitFor(() => expect(screen.getByTestId("flowinvoker-status").textContent).toBe("Completed"));
    });

    it("shows a failed run in the panel", async () => {
        const runner = fakeRunner(() => Promise.reject(new FlowInvokerError("FlowOff", { values: { flowName: "Approve" } })));
        render(<FlowInvokerApp {...appProps} runner={runner} />);
        fireEvent.click(screen.getByRole("button", { name: "Run flow" }));
        await waitFor(() => expect(screen.getByTestId("flowinvoker-error-code").textContent).toBe("FlowOff"));
        expect(screen.getByTestId("flowinvoker-error-cause").textContent).toContain("'Approve' is turned off");
    });
});
