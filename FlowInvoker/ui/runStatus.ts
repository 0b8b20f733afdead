import { Translate } from "../errors/describe";
import { RunOutcome } from "../invoke/types";

export interface RunStatus {
    intent: "success" | "info" | "warning";
    title: string;
    detail?: string;
}

/** What the status bar says about a run that did not fail; an asynchronous Response's polling is Running, its limit Still running. */
export function runStatus(result: RunOutcome, t: Translate): RunStatus {
    const seconds = String(Math.round(result.durationMs / 1000));
    switch (result.outcome) {
        case "running":
            return { intent: "info", title: t("Ui_StatusRunning"), detail: t("Ui_RunningDetail", { seconds }) };
        case "stillRunning":
            return { intent: "warning", title: t("Ui_StatusStillRunning"), detail: t("Ui_StillRunningDetail", { seconds }) };
        case "started":
            return { intent: "info", title: t("Ui_StatusStarted"), detail: t(result.background ? "Ui_BackgroundDetail" : "Ui_StartedDetail") };
        default:
            return { intent: "success", title: t("Ui_StatusCompleted") };
    }
}
