import * as React from "react";
import { FluentProvider, Theme, webLightTheme } from "@fluentui/react-components";
import { ErrorText, Translate, describeError } from "../errors/describe";
import { FlowInvokerError, isFlowInvokerError } from "../errors/FlowInvokerError";
import { BodySource } from "../invoke/bodyCheck";
import { withAnswers } from "../settings/inputFields";
import { InputDialog } from "./InputDialog";
import { useInputDialog } from "./useInputDialog";
import { RunOutcome, Runner, RunnerDisposed } from "../invoke/types";
import { SetupStep } from "../invoke/setup/steps";
import { FlowInvokerView } from "./FlowInvokerView";
import { useSetupCheck } from "./useSetupCheck";
import { PanelContent } from "./ResultPanel";

export interface FlowInvokerAppProps {
    t: Translate;
    theme?: Theme;
    dir: "ltr" | "rtl";
    label?: string;
    disabled: boolean;
    saveFirst: boolean;
    designMode: boolean;
    confirmationText?: string;
    /** Absent when the configuration is invalid or in the designer. */
    runner?: Runner;
    configurationError?: ErrorText;
    /** The JSON the trigger receives, built when the button is clicked (current form values). */
    requestBody: () => unknown;
    /** Names what fed a value of the body (placeholder and column), for a body the trigger's schema refuses. */
    bodySource?: BodySource;
    /** Ask for the schema's properties the template does not fill (`templateFills`) before each run. */
    askForInputs?: boolean;
    templateFills?: (name: string) => boolean;
    /** After each run: write the result column and raise OnRunCompleted; returns a line for the panel. */
    onRunCompleted: (outcome: RunOutcome | FlowInvokerError) => string | undefined;
    /** The setup check (absent in queue mode); `showSetupCheck` adds its button beside the run button. */
    setupCheck?: () => Promise<SetupStep[]>;
    showSetupCheck?: boolean;
}

/** Every ending has a message: ours say why; anything else is UnexpectedError (the run may exist), never a sign-in failure. */
function asFlowInvokerError(error: unknown): FlowInvokerError {
    if (isFlowInvokerError(error)) return error;
    return new FlowInvokerError("UnexpectedError", { mayHaveRun: true, values: { detail: error instanceof Error ? error.name : typeof error }, cause: error });
}

function errorPanel(error: unknown, t: Translate): PanelContent {
    return { kind: "error", error: describeError(asFlowInvokerError(error), t) };
}

const noneFilled = (): boolean => false;

/** Wires the runner to the view: the only component that holds state. */
export function FlowInvokerApp(props: FlowInvokerAppProps): JSX.Element {
    const { runner, t, requestBody, onRunCompleted } = props;
    const [busy, setBusy] = React.useState(false);
    const [panel, setPanel] = React.useState<PanelContent>();
    const [confirming, setConfirming] = React.useState(false);
    const [signInRequired, setSignInRequired] = React.useState(runner?.signInState === "required");
    const inFlight = React.useRef(false);
    // A click's result that arrives after the form closed or the runner was replaced reaches no one.
    const mounted = React.useRef(true);
    const currentRunner = React.useRef(runner);
    currentRunner.current = runner;
    React.useEffect(
        () => () => {
            mounted.current = false;
        },
        [],
    );

    React.useEffect(() => {
        if (!runner) return undefined;
        const update = (): void => setSignInRequired(runner.signInState === "required");
        update();
        return runner.onChange(update);
    }, [runner]);

    // An asynchronous Response being polled: the panel shows Running and the time so far, unless the user closed it during
    // this run (the final answer opens it again).
    const closedDuringRun = React.useRef(false);
    React.useEffect(
        () =>
            runner?.onProgress?.((running) => {
                if (!closedDuringRun.current) setPanel({ kind: "result", result: running });
            }),
        [runner],
    );

    /** One run at a time: a ref, because a double click arrives before React re-renders the disabled button. */
    const guarded = React.useCallback(
        async (work: () => Promise<PanelContent | undefined>) => {
            if (inFlight.current) return;
            inFlight.current = true;
            closedDuringRun.current = false;
            setBusy(true);
            try {
                const content = await work();
                if (content && mounted.current) setPanel(content);
            } catch (error) {
                if (mounted.current) setPanel(errorPanel(error, t));
            } finally {
                inFlight.current = false;
                if (mounted.current) setBusy(false);
            }
        },
        [t],
    );

    const runWith = React.useCallback(
        (answers?: Record<string, unknown>) => {
            if (!runner) return;
            void guarded(async (): Promise<PanelContent | undefined> => {
                let ending: RunOutcome | FlowInvokerError;
                try {
                    const body = withAnswers(requestBody(), answers);
                    ending = await (props.bodySource ? runner.run(body, props.bodySource) : runner.run(body));
                } catch (error) {
                    if (error instanceof RunnerDisposed) return undefined;
                    ending = asFlowInvokerError(error);
                }
                if (!mounted.current || currentRunner.current !== runner) return undefined;
                // OnRunCompleted for every ending; a failure while writing the result never turns a finished run into "failed".
                let note: string | undefined;
                try {
                    note = onRunCompleted(ending);
                } catch {
                    note = undefined;
                }
                return ending instanceof FlowInvokerError ? { kind: "error", error: describeError(ending, t) } : { kind: "result", result: ending, note };
            });
        },
        [runner, guarded, requestBody, props.bodySource, onRunCompleted, t],
    );

    const inputs = useInputDialog(props.askForInputs ? runner : undefined, props.templateFills ?? noneFilled);
    const run = React.useCallback(() => {
        setConfirming(false);
        inputs.ask(runWith);
    }, [inputs, runWith]);

    const setupCheck = useSetupCheck(t, props.setupCheck, runner && (() => runner.run(requestBody())));

    const onRun = React.useCallback(() => (props.confirmationText ? setConfirming(true) : run()), [props.confirmationText, run]);

    const onSignIn = React.useCallback(() => {
        if (!runner) return;
        void guarded(async () => {
            await runner.signIn();
            return undefined;
        });
    }, [runner, guarded]);

    return (
        <FluentProvider theme={props.theme ?? webLightTheme} dir={props.dir}>
            <FlowInvokerView
                t={t}
                label={props.label}
                disabled={props.disabled}
                busy={busy}
                signInRequired={signInRequired}
                saveFirst={props.saveFirst}
                designMode={props.designMode}
                configurationError={props.configurationError}
                confirmation={confirming ? props.confirmationText : undefined}
                panel={panel}
                onRun={onRun}
                onConfirm={run}
                onCancelConfirm={() => setConfirming(false)}
                onSignIn={onSignIn}
                onClosePanel={() => {
                    closedDuringRun.current = inFlight.current;
                    setPanel(undefined);
                }}
                setupCheck={setupCheck}
                showSetupCheck={props.showSetupCheck}
            />
            <InputDialog t={t} fields={inputs.fields} onSubmit={inputs.submit} onCancel={inputs.cancel} />
        </FluentProvider>
    );
}
