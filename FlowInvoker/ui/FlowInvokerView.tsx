import * as React from "react";
import {
    Button,
    Dialog,
    DialogActions,
    DialogBody,
    DialogContent,
    DialogSurface,
    DialogTitle,
    MessageBar,
    MessageBarActions,
    MessageBarBody,
    Spinner,
    Text,
    makeStyles,
    tokens,
} from "@fluentui/react-components";
import { ErrorText, Translate } from "../errors/describe";
import { ErrorBoundary } from "./ErrorBoundary";
import { AnswerNotShown, PanelContent, ResultPanel } from "./ResultPanel";
import { SetupCheckPanel } from "./SetupCheckPanel";
import { SetupCheckState } from "./useSetupCheck";

export interface FlowInvokerViewProps {
    t: Translate;
    label?: string;
    /** The form or field is read-only. */
    disabled: boolean;
    /** A run is in flight. */
    busy: boolean;
    /** No token could be had silently: a click on "Sign in" opens the popup. */
    signInRequired: boolean;
    /** A new record the body needs the id of: it must be saved first. */
    saveFirst: boolean;
    /** In the form designer: a harmless placeholder, nothing runs. */
    designMode: boolean;
    /** A bad property: shown instead of the button, nothing is sent. */
    configurationError?: ErrorText;
    /** Set while the maker's confirmation question is open. */
    confirmation?: string;
    panel?: PanelContent;
    onRun: () => void;
    onConfirm: () => void;
    onCancelConfirm: () => void;
    onSignIn: () => void;
    onClosePanel: () => void;
    /** The setup check (absent in queue mode); reachable from every error panel. */
    setupCheck?: SetupCheckState;
    /** The maker switched on the "Check setup" action (showSetupCheck). */
    showSetupCheck?: boolean;
}

const useStyles = makeStyles({
    root: { display: "flex", flexWrap: "wrap", alignItems: "center", columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXS },
});

/** A bad property: nothing runs, but the check can still look at what needs no settings (README, "Setup check"). */
function ConfigurationError(props: { error: ErrorText; t: Translate; check?: SetupCheckState }): JSX.Element {
    const { error, t, check } = props;
    return (
        <>
            <MessageBar intent="error" layout="multiline" data-testid="flowinvoker-config-error">
                <MessageBarBody>
                    <Text weight="semibold">{t("Ui_ConfigurationError")}</Text> <span data-testid="flowinvoker-error-code">{error.code}</span>
                    {": "}
                    {error.cause} {error.fix}
                </MessageBarBody>
                {check && (
                    <MessageBarActions>
                        <Button disabled={check.running} onClick={check.start} data-testid="flowinvoker-check-setup">
                            {t("Setup_CheckButton")}
                        </Button>
                    </MessageBarActions>
                )}
            </MessageBar>
            {check && <SetupCheckPanel t={t} {...check} />}
        </>
    );
}

function Confirmation(props: { text?: string; t: Translate; onConfirm: () => void; onCancel: () => void }): JSX.Element {
    const { t } = props;
    return (
        <Dialog open={props.text !== undefined} onOpenChange={(_, data) => !data.open && props.onCancel()}>
            <DialogSurface data-testid="flowinvoker-confirm">
                <DialogBody>
                    <DialogTitle>{t("Ui_ConfirmTitle")}</DialogTitle>
                    <DialogContent>{props.text}</DialogContent>
                    <DialogActions>
                        <Button appearance="primary" onClick={props.onConfirm} data-testid="flowinvoker-confirm-run">
                            {t("Ui_ConfirmRun")}
                        </Button>
                        <Button onClick={props.onCancel}>{t("Ui_Cancel")}</Button>
                    </DialogActions>
                </DialogBody>
            </DialogSurface>
        </Dialog>
    );
}

/** The button row, confirmation and result panel; state comes from props only. */
export function FlowInvokerView(props: FlowInvokerViewProps): JSX.Element {
    const { t, configurationError, designMode } = props;
    const styles = useStyles();
    const runButton = React.useRef<HTMLButtonElement>(null);
    const panelOpen = props.panel !== undefined;
    const wasOpen = React.useRef(panelOpen);
    // Back to the button when the panel closes: a popup sign-in in between can leave the drawer nothing to restore to.
    React.useEffect(() => {
        if (wasOpen.current && !panelOpen) requestAnimationFrame(() => runButton.current?.focus());
        wasOpen.current = panelOpen;
    }, [panelOpen]);
    if (configurationError && !designMode) return <ConfigurationError error={configurationError} t={t} check={props.setupCheck} />;
    const check = designMode ? undefined : props.setupCheck;
    const checkFromPanel =
        check &&
        ((): void => {
            props.onClosePanel();
            check.start();
        });
    const label = props.label ?? t("Ui_RunButton");
    const unavailable = props.disabled || props.saveFirst || designMode;
    const blocked = unavailable || props.busy;
    return (
        <div className={styles.root}>
            {/* While running the button stays focusable, so focus can return to it when the panel closes. */}
            <Button
                ref={runButton}
                appearance="primary"
                disabled={unavailable}
                disabledFocusable={!unavailable && props.busy}
                onClick={props.onRun}
                data-testid="flowinvoker-run"
            >
                {label}
            </Button>
            {designMode && <Text size={200}>{t("Ui_DesignPlaceholder")}</Text>}
            {!designMode && props.saveFirst && (
                <Text size={200} data-testid="flowinvoker-save-first">
                    {t("Ui_SaveFirst")}
                </Text>
            )}
            {!designMode && props.signInRequired && !props.busy && (
                <>
                    <Button disabled={props.disabled} onClick={props.onSignIn} data-testid="flowinvoker-signin">
                        {t("Ui_SignInButton")}
                    </Button>
                    <Text size={200}>{t("Ui_SignInHint")}</Text>
                </>
            )}
            {check && props.showSetupCheck && (
                <Button disabled={props.busy || check.running} onClick={check.start} data-testid="flowinvoker-check-setup">
                    {t("Setup_CheckButton")}
                </Button>
            )}
            {props.busy && <Spinner size="tiny" label={t("Ui_Running")} data-testid="flowinvoker-spinner" />}
            <span
                aria-live="polite"
                className="fi-visually-hidden"
                style={{ position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" }}
            >
                {props.busy ? t("Ui_Running") : ""}
            </span>
            <Confirmation text={props.confirmation} t={t} onConfirm={props.onConfirm} onCancel={props.onCancelConfirm} />
            <ErrorBoundary resetKey={props.panel} fallback={<AnswerNotShown t={t} />}>
                <ResultPanel
                    content={props.panel}
                    t={t}
                    canRunAgain={!blocked}
                    onRunAgain={props.onRun}
                    onClose={props.onClosePanel}
                    onCheckSetup={checkFromPanel}
                />
            </ErrorBoundary>
            {check && <SetupCheckPanel t={t} {...check} canTestRun={check.canTestRun && !props.busy} />}
        </div>
    );
}
