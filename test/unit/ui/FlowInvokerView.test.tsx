import * as React from "react";
import { fireEvent, render, screen } from "@testing-library/react";
import { describeError } from "../../../FlowInvoker/errors/describe";
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { FlowInvokerView, FlowInvokerViewProps } from "../../../FlowInvoker/ui/FlowInvokerView";
import { checkState, strings, t, viewProps } from "./viewKit";

function view(over: Partial<FlowInvokerViewProps> = {}) {
    const props = viewProps(over);
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

    it("shows the Check setup button only when the maker switched it on", () => {
        const { unmount } = render(<FlowInvokerView {...viewProps({ setupCheck: checkState() })} />);
        expect(screen.queryByTestId("flowinvoker-check-setup")).toBeNull();
        unmount();
        const state = checkState();
        render(<FlowInvokerView {...viewProps({ setupCheck: state, showSetupCheck: true })} />);
        fireEvent.click(screen.getByTestId("flowinvoker-check-setup"));
        expect(state.start).toHaveBeenCalledTimes(1);
    });

    it("every error panel offers the check, which closes the panel first", () => {
        const state = checkState();
        const error = { code: "FlowOff", cause: "off", fix: "turn on", mayHaveRun: false };
        const props = viewProps({ setupCheck: state, panel: { kind: "error", error } });
        render(<FlowInvokerView {...props} />);
        fireEvent.click(screen.getByTestId("flowinvoker-panel-check-setup"));
        expect(props.onClosePanel).toHaveBeenCalledTimes(1);
        expect(state.start).toHaveBeenCalledTimes(1);
    });
    it("a configuration error offers the check when there is one: the button opens the checklist, nothing else is shown", () => {
        const error = describeError(new FlowInvokerError("InvalidClientId", { values: { property: "clientId", value: "x" } }), t);
        const { unmount } = render(<FlowInvokerView {...viewProps({ configurationError: error })} />);
        expect(screen.queryByTestId("flowinvoker-check-setup")).toBeNull();
        unmount();
        const state = checkState();
        render(<FlowInvokerView {...viewProps({ configurationError: error, setupCheck: state })} />);
        expect(screen.queryByRole("button", { name: "Run flow" })).toBeNull();
        fireEvent.click(screen.getByRole("button", { name: strings.Setup_CheckButton }));
        expect(state.start).toHaveBeenCalledTimes(1);
    });
});
