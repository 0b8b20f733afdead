import * as React from "react";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { FlowRunner } from "../../../FlowInvoker/invoke/runner";
import { SetupStep } from "../../../FlowInvoker/invoke/setup/steps";
import { FlowInvokerApp } from "../../../FlowInvoker/ui/FlowInvokerApp";
import { appProps } from "./viewKit";

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

    it("with a configuration error, Check setup runs the check given and shows its checklist", async () => {
        const error = { code: "InvalidClientId", cause: "bad", fix: "fix it", mayHaveRun: false };
        const check = jest.fn(async (): Promise<SetupStep[]> => [{ id: "properties", status: "failed", facts: [], reasonKey: "Setup_Reason_Settings" }]);
        render(<FlowInvokerApp {...appProps} configurationError={error} setupCheck={check} />);
        fireEvent.click(screen.getByTestId("flowinvoker-check-setup"));
        await waitFor(() => expect(screen.getByTestId("setup-step-properties").dataset.status).toBe("failed"));
        expect(check).toHaveBeenCalledTimes(1);
    });
});
