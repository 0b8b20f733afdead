import * as React from "react";
import { Translate } from "../errors/describe";
import { SetupStep } from "../invoke/setup/steps";
import { testRunStep } from "../invoke/setup/trigger";
import { StepView, reportText, viewSteps } from "../invoke/setup/report";
import { RunOutcome } from "../invoke/types";

export interface SetupCheckState {
    open: boolean;
    running: boolean;
    steps?: StepView[];
    copied: boolean;
    confirmingTestRun: boolean;
    canTestRun: boolean;
    start: () => void;
    close: () => void;
    copy: () => void;
    askTestRun: () => void;
    confirmTestRun: () => void;
    cancelTestRun: () => void;
    /** Stores the URL the check found in the variable callbackUrlVariable names (the maker's click, never by itself). */
    storeUrl: () => void;
}

/** The check's state for the view; absent `check` (queue mode, no runner) gives undefined. */
export function useSetupCheck(t: Translate, check?: () => Promise<SetupStep[]>, testRun?: () => Promise<RunOutcome>): SetupCheckState | undefined {
    const [open, setOpen] = React.useState(false);
    const [running, setRunning] = React.useState(false);
    const [steps, setSteps] = React.useState<SetupStep[]>();
    const [copied, setCopied] = React.useState(false);
    const [confirming, setConfirming] = React.useState(false);
    const views = React.useMemo(() => steps && viewSteps(steps, t), [steps, t]);
    const busy = React.useRef(false);
    const guarded = React.useCallback(async (work: () => Promise<void>) => {
        if (busy.current) return;
        busy.current = true;
        setRunning(true);
        try {
            await work();
        } finally {
            busy.current = false;
            setRunning(false);
        }
    }, []);
    const start = React.useCallback(() => {
        if (!check) return;
        setOpen(true);
        setSteps(undefined);
        setCopied(false);
        void guarded(async () => setSteps(await check()));
    }, [check, guarded]);
    const confirmTestRun = React.useCallback(() => {
        setConfirming(false);
        if (!testRun) return;
        void guarded(async () => {
            const step = await testRun().then(testRunStep, testRunStep);
            setSteps((current) => current?.map((s) => (s.id === "testRun" ? step : s)));
        });
    }, [testRun, guarded]);
    const storeUrl = React.useCallback(() => {
        const offer = steps?.find((s) => s.store && !s.stored);
        if (!offer?.store) return;
        const { run } = offer.store;
        void guarded(async () => {
            const stored = await run();
            setSteps((current) => current?.map((s) => (s === offer ? { ...s, stored } : s)));
        });
    }, [steps, guarded]);
    const copy = React.useCallback(() => {
        if (!views) return;
        navigator.clipboard?.writeText(reportText(views, t, new Date())).then(
            () => setCopied(true),
            () => setCopied(false),
        );
    }, [views, t]);
    if (!check) return undefined;
    return {
        open,
        running,
        steps: views,
        copied,
        confirmingTestRun: confirming,
        canTestRun: !!testRun && !!steps,
        start,
        close: () => setOpen(false),
        copy,
        askTestRun: () => setConfirming(true),
        confirmTestRun,
        cancelTestRun: () => setConfirming(false),
        storeUrl,
    };
}
