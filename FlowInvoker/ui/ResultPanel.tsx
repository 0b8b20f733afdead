import * as React from "react";
import { Button, DrawerBody, DrawerHeader, DrawerHeaderTitle, OverlayDrawer, Text, makeStyles, tokens } from "@fluentui/react-components";
import { ErrorText, Translate } from "../errors/describe";
import { RunResult } from "../services/trigger";

export type PanelContent = { kind: "result"; result: RunResult } | { kind: "error"; error: ErrorText };

export interface ResultPanelProps {
    content?: PanelContent;
    t: Translate;
    onClose: () => void;
}

const useStyles = makeStyles({
    body: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
    facts: { display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
    term: { fontWeight: tokens.fontWeightSemibold },
    value: { margin: 0, overflowWrap: "anywhere" },
    pre: {
        margin: 0,
        padding: tokens.spacingHorizontalS,
        backgroundColor: tokens.colorNeutralBackground3,
        borderRadius: tokens.borderRadiusMedium,
        whiteSpace: "pre-wrap",
        overflowWrap: "anywhere",
        maxHeight: "50vh",
        overflowY: "auto",
        fontFamily: tokens.fontFamilyMonospace,
    },
    success: { color: tokens.colorPaletteGreenForeground1 },
    failure: { color: tokens.colorPaletteRedForeground1 },
    warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

function Fact(props: { term: string; value?: string | number; testId?: string }): JSX.Element | null {
    const styles = useStyles();
    if (props.value === undefined || props.value === "") return null;
    return (
        <>
            <dt className={styles.term}>{props.term}</dt>
            <dd className={styles.value} data-testid={props.testId}>
                {props.value}
            </dd>
        </>
    );
}

/** Response bodies are shown as text, never as HTML. */
function bodyText(body: unknown): string {
    return typeof body === "string" ? body : JSON.stringify(body, null, 2);
}

function ResultBody(props: { result: RunResult; t: Translate }): JSX.Element {
    const { result, t } = props;
    const styles = useStyles();
    const started = result.outcome === "started";
    const text = bodyText(result.body);
    return (
        <>
            <Text size={500} weight="semibold" className={styles.success} data-testid="flowinvoker-status">
                {t(started ? "Ui_StatusStarted" : "Ui_StatusCompleted")}
            </Text>
            {started && <Text>{t("Ui_StartedDetail")}</Text>}
            <dl className={styles.facts}>
                <Fact term={t("Ui_HttpStatus")} value={result.status} testId="flowinvoker-http-status" />
                <Fact term={t("Ui_Duration")} value={t("Ui_Milliseconds", { ms: String(result.durationMs) })} />
                <Fact term={t("Ui_RunId")} value={result.runId} testId="flowinvoker-run-id" />
                <Fact term={t("Ui_TrackingId")} value={result.trackingId} />
            </dl>
            {text !== "" && (
                <>
                    <Text weight="semibold">{t("Ui_Response")}</Text>
                    <pre className={styles.pre} data-testid="flowinvoker-response">
                        {text}
                    </pre>
                </>
            )}
        </>
    );
}

function ErrorBody(props: { error: ErrorText; t: Translate }): JSX.Element {
    const { error, t } = props;
    const styles = useStyles();
    return (
        <>
            <Text size={500} weight="semibold" className={error.mayHaveRun ? styles.warning : styles.failure} data-testid="flowinvoker-status">
                {t(error.mayHaveRun ? "Ui_StatusMayHaveRun" : "Ui_StatusFailed")}
            </Text>
            <dl className={styles.facts}>
                <Fact term={t("Ui_ErrorCode")} value={error.code} testId="flowinvoker-error-code" />
                <Fact term={t("Ui_ServiceCode")} value={error.serviceCode !== error.code ? error.serviceCode : undefined} testId="flowinvoker-service-code" />
                <Fact term={t("Ui_Cause")} value={error.cause} testId="flowinvoker-error-cause" />
                <Fact term={t("Ui_Fix")} value={error.fix} testId="flowinvoker-error-fix" />
                <Fact term={t("Ui_RunId")} value={error.runId} />
                <Fact term={t("Ui_TrackingId")} value={error.trackingId} />
            </dl>
            {error.responseText && (
                <>
                    <Text weight="semibold">{t("Ui_Response")}</Text>
                    <pre className={styles.pre}>{error.responseText}</pre>
                </>
            )}
        </>
    );
}

/** The outcome of a click, in a Fluent overlay drawer. */
export function ResultPanel(props: ResultPanelProps): JSX.Element {
    const { content, t, onClose } = props;
    const styles = useStyles();
    return (
        <OverlayDrawer open={content !== undefined} position="end" size="medium" onOpenChange={(_, data) => !data.open && onClose()}>
            <DrawerHeader>
                <DrawerHeaderTitle action={<Button appearance="subtle" onClick={onClose} aria-label={t("Ui_Close")}>{t("Ui_Close")}</Button>}>
                    {t("Ui_PanelTitle")}
                </DrawerHeaderTitle>
            </DrawerHeader>
            <DrawerBody>
                <div className={styles.body} data-testid="flowinvoker-panel" aria-live="polite">
                    {content?.kind === "result" && <ResultBody result={content.result} t={t} />}
                    {content?.kind === "error" && <ErrorBody error={content.error} t={t} />}
                </div>
            </DrawerBody>
        </OverlayDrawer>
    );
}
