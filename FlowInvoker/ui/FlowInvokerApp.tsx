import * as React from "react";
import { FluentProvider, Theme, webLightTheme } from "@fluentui/react-components";
import { ErrorText, Translate, describeError } from "../errors/describe";
import { FlowInvokerError, isFlowInvokerError } from "../errors/FlowInvokerError";
import { SignInRequired } from "../auth/signIn";
import { FlowRunner } from "../invoke/runner";
import { FlowInvokerView } from "./FlowInvokerView";
import { PanelContent } from "./ResultPanel";

export interface FlowInvokerAppProps {
    t: Translate;
    theme?: Theme;
    label?: string;
    disabled: boolean;
    /** Absent when the configuration is invalid. */
    runner?: FlowRunner;
    configurationError?: ErrorText;
    /** The JSON the trigger receives, built when the button is clicked. */
    requestBody: () => unknown;
}

function toPanel(error: unknown, t: Translate): PanelContent {
    const known: FlowInvokerError = isFlowInvokerError(error) ? error : new FlowInvokerError("SignInFailed", { serviceCode: "unexpected", cause: error });
    return { kind: "error", error: describeError(known, t) };
}

/** Wires the runner to the view: the only component that holds state. */
export function FlowInvokerApp(props: FlowInvokerAppProps): JSX.Element {
    const { runner, t, requestBody } = props;
    const [busy, setBusy] = React.useState(false);
    const [panel, setPanel] = React.useState<PanelContent>();
    const [signInRequired, setSignInRequired] = React.useState(runner?.signInState === "required");
    const inFlight = React.useRef(false);

    React.useEffect(() => {
        if (!runner) return undefined;
        const update = (): void => setSignInRequired(runner.signInState === "required");
        update();
        return runner.onChange(update);
    }, [runner]);

    /** One run at a time: a ref, because a double click arrives before React re-renders the disabled button. */
    const guarded = React.useCallback(
        async (work: () => Promise<PanelContent | undefined>) => {
            if (inFlight.current) return;
            inFlight.current = true;
            setBusy(true);
            try {
                const content = await work();
                if (content) setPanel(content);
            } catch (error) {
                if (!(error instanceof SignInRequired)) setPanel(toPanel(error, t));
            } finally {
                inFlight.current = false;
                setBusy(false);
            }
        },
        [t],
    );

    const onRun = React.useCallback(() => {
        if (!runner) return;
        void guarded(async () => ({ kind: "result", result: await runner.run(requestBody()) }));
    }, [runner, guarded, requestBody]);

    const onSignIn = React.useCallback(() => {
        if (!runner) return;
        void guarded(async () => {
            await runner.signIn();
            return undefined;
        });
    }, [runner, guarded]);

    return (
        <FluentProvider theme={props.theme ?? webLightTheme}>
            <FlowInvokerView
                t={t}
                label={props.label}
                disabled={props.disabled}
                busy={busy}
                signInRequired={signInRequired}
                configurationError={props.configurationError}
                panel={panel}
                onRun={onRun}
                onSignIn={onSignIn}
                onClosePanel={() => setPanel(undefined)}
            />
        </FluentProvider>
    );
}
