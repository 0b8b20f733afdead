import * as React from "react";
import { act, render, waitFor } from "@testing-library/react";
import { SetupStep, StoreResult } from "../../../FlowInvoker/invoke/setup/steps";
import { SetupCheckState, useSetupCheck } from "../../../FlowInvoker/ui/useSetupCheck";
import { t } from "./viewKit";

/** The hook's state after each render, for the test to drive. */
function hook(check?: () => Promise<SetupStep[]>) {
    const seen: { current?: SetupCheckState } = {};
    function Probe(): null {
        seen.current = useSetupCheck(t, check);
        return null;
    }
    render(<Probe />);
    return seen;
}

describe("useSetupCheck", () => {
    it("gives nothing without a check (queue mode)", () => {
        expect(hook().current).toBeUndefined();
    });

    it("runs the check on start and shows its steps", async () => {
        const state = hook(async () => [{ id: "properties", status: "ok", facts: [["org", "contoso.crm.dynamics.com"]] }]);
        act(() => state.current!.start());
        await waitFor(() => expect(state.current!.steps?.[0].facts).toEqual([["org", "contoso.crm.dynamics.com"]]));
        expect(state.current!.open).toBe(true);
    });

    it("stores the URL once per click and puts the outcome on the step that offered it", async () => {
        let stores = 0;
        const run = async (): Promise<StoreResult> => ((stores += 1), { status: "ok", facts: [["storedIn", "fi_Url (created)"]] });
        const state = hook(async () => [{ id: "flowApi", status: "ok", facts: [], store: { variable: "fi_Url", run } }]);
        act(() => state.current!.start());
        await waitFor(() => expect(state.current!.steps?.[0].store?.status).toBe("offered"));
        act(() => {
            state.current!.storeUrl();
            state.current!.storeUrl();
        });
        await waitFor(() => expect(state.current!.steps?.[0].store?.status).toBe("ok"));
        expect(state.current!.steps?.[0].store?.facts).toEqual([["stored in", "fi_Url (created)"]]);
        expect(stores).toBe(1);
    });
});
