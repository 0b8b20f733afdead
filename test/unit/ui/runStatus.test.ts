import { makeTranslate } from "../../../FlowInvoker/errors/describe";
import { RunOutcome } from "../../../FlowInvoker/invoke/types";
import { runStatus } from "../../../FlowInvoker/ui/runStatus";
import { loadResx } from "../resx";

const base: RunOutcome = { outcome: "started", status: 202, durationMs: 0, body: "" };

describe.each([1033, 1031, 1029])("run status in %s", (language) => {
    const t = makeTranslate((key) => loadResx(language)[key] ?? "");

    it("says Running with the seconds so far while an asynchronous Response is polled", () => {
        const status = runStatus({ ...base, outcome: "running", durationMs: 42_400 }, t);
        expect(status.intent).toBe("info");
        expect(status.title).toBe(t("Ui_StatusRunning"));
        expect(status.detail).toContain("42 s");
    });

    it("says Still running, as a warning, once the limit passed", () => {
        const status = runStatus({ ...base, outcome: "stillRunning", durationMs: 600_000 }, t);
        expect(status).toMatchObject({ intent: "warning", title: t("Ui_StatusStillRunning") });
        expect(status.detail).toContain("600 s");
    });

    it("tells a run in the background from a flow that sends no answer", () => {
        expect(runStatus({ ...base, background: true }, t).detail).toBe(t("Ui_BackgroundDetail"));
        expect(runStatus(base, t).detail).toBe(t("Ui_StartedDetail"));
        expect(t("Ui_BackgroundDetail")).not.toBe(t("Ui_StartedDetail"));
        expect(t("Ui_BackgroundDetail").length).toBeGreaterThan(20);
    });
});
