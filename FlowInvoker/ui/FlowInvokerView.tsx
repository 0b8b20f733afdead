import * as React from "react";
import { Button, MessageBar, MessageBarBody, Spinner, Text, makeStyles, tokens } from "@fluentui/react-components";
import { ErrorText, Translate } from "../errors/describe";
import { PanelContent, ResultPanel } from "./ResultPanel";

export interface FlowInvokerViewProps {
    t: Translate;
    label?: string;
    /** The form or field is read-only. */
    disabled: boolean;
    /** A run is in flight. */
    busy: boolean;
    /** No token could be had silently: a click on "Sign in" opens the popup. */
    signInRequired: boolean;
    /** A bad property: shown instead of the button, nothing is sent. */
    configurationError?: ErrorText;
    panel?: PanelContent;
    onRun: () => void;
    onSignIn: () => void;
    onClosePanel: () => void;
}

const useStyles = makeStyles({
    root: { display: "flex", flexWrap: "wrap", alignItems: "center", columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXS },
});

/** The button row and the result panel; state comes from props only. */
export function FlowInvokerView(props: FlowInvokerViewProps): JSX.Element {
    const { t, configurationError } = props;
    const styles = useStyles();
    if (configurationError) {
        return (
            <MessageBar intent="error" data-testid="flowinvoker-config-error">
                <MessageBarBody>
                    <Text weight="semibold">{t("Ui_ConfigurationError")}</Text> <span data-testid="flowinvoker-error-code">{configurationError.code}</span>
                    {": "}
                    {configurationError.cause} {configurationError.fix}
                </MessageBarBody>
            </MessageBar>
        );
    }
    return (
        <div className={styles.root}>
            <Button appearance="primary" disabled={props.disabled || props.busy} onClick={props.onRun} data-testid="flowinvoker-run">
                {props.label ?? t("Ui_RunButton")}
            </Button>
            {props.signInRequired && !props.busy && (
                <>
                    <Button disabled={props.disabled} onClick={props.onSignIn} data-testid="flowinvoker-signin">
                        {t("Ui_SignInButton")}
                    </Button>
                    <Text size={200}>{t("Ui_SignInHint")}</Text>
                </>
            )}
            {props.busy && <Spinner size="tiny" label={t("Ui_Running")} data-testid="flowinvoker-spinner" />}
            <ResultPanel content={props.panel} t={t} onClose={props.onClosePanel} />
        </div>
    );
}
