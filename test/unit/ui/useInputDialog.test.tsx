import * as React from "react";
import { act, render, waitFor } from "@testing-library/react";
import { Runner } from "../../../FlowInvoker/invoke/types";
import { InputDialogState, useInputDialog } from "../../../FlowInvoker/ui/useInputDialog";

const SCHEMA = { type: "object", properties: { recordId: { type: "string" }, amount: { type: "number", title: "Amount" } }, required: ["amount"] };
const runnerWith = (schema: () => Promise<unknown>): Runner => ({ triggerSchema: schema }) as unknown as Runner;

/** The hook's state after each render; `fills` says the template fills recordId. */
function hook(runner?: Runner) {
    const seen: { current?: InputDialogState } = {};
    function Probe(): null {
        seen.current = useInputDialog(runner, (name) => name === "recordId");
        return null;
    }
    render(<Probe />);
    return seen;
}

describe("useInputDialog", () => {
    it("runs at once without a runner to ask, or when the schema cannot be read", async () => {
        const go = jest.fn();
        act(() => hook().current!.ask(go));
        expect(go).toHaveBeenCalledWith();
        const unreadable = hook(runnerWith(() => Promise.reject(new Error("no row"))));
        const later = jest.fn();
        act(() => unreadable.current!.ask(later));
        await waitFor(() => expect(later).toHaveBeenCalledTimes(1));
        expect(unreadable.current!.fields).toBeUndefined();
    });

    it("asks only for what the template does not fill, and runs with the answers on submit, not on cancel", async () => {
        const state = hook(runnerWith(async () => SCHEMA));
        const go = jest.fn();
        act(() => state.current!.ask(go));
        await waitFor(() => expect(state.current!.fields?.map((f) => f.name)).toEqual(["amount"]));
        act(() => state.current!.submit({ amount: 5 }));
        expect(go).toHaveBeenCalledWith({ amount: 5 });
        expect(state.current!.fields).toBeUndefined();
        const cancelled = jest.fn();
        act(() => state.current!.ask(cancelled));
        await waitFor(() => expect(state.current!.fields).toBeDefined());
        act(() => state.current!.cancel());
        expect(cancelled).not.toHaveBeenCalled();
    });
});
