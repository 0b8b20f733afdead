import * as React from "react";
import {
    Button,
    DrawerBody,
    DrawerFooter,
    DrawerHeader,
    DrawerHeaderTitle,
    Link,
    MessageBar,
    MessageBarBody,
    MessageBarTitle,
    OverlayDrawer,
    Text,
    makeStyles,
    tokens,
} from "@fluentui/react-components";
import { ErrorText, Translate } from "../errors/describe";
import { RunOutcome } from "../invoke/types";
import { MAX_ANSWER_BYTES } from "../shared/limits";
import { ErrorBoundary } from "./ErrorBoundary";
import { JsonView } from "./JsonView";
import { runStatus } from "./runStatus";

export type PanelContent = { kind: "result"; result: RunOutcome; note?: string } | { kind: "error"; error: ErrorText };

export interface ResultPanelProps {
    content?: PanelContent;
    t: Translate;
    /** Disabled while a run is in flight or the form is read-only. */
    canRunAgain: boolean;
    onRunAgain: () => void;
    onClose: () => void;
    /** Opens the setup check; offered on every error. */
    onCheckSetup?: () => void;
}

const useStyles = makeStyles({
    body: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
    facts: { display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
    term: { fontWeight: tokens.fontWeightSemibold },
    value: { margin: 0, overflowWrap: "anywhere" },
    pre: { margin: 0, whiteSpace: "pre-wrap", overflowWrap: "anywhere", fontFamily: tokens.fontFamilyMonospace },
});

function Fact(props: { term: string; value?: React.ReactNode; testId?: string }): JSX.Element | null {
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

function CopyableId(props: { id: string; t: Translate }): JSX.Element {
    const [copied, setCopied] = React.useState(false);
    const copy = (): void => {
        navigator.clipboard?.writeText(props.id).then(
            () => setCopied(true),
            () => setCopied(false),
        );
    };
    return (
        <>
            <span data-testid="flowinvoker-tracking-id">{props.id}</span>{" "}
            <Button size="small" appearance="subtle" onClick={copy} aria-label={`${props.t("Ui_Copy")} ${props.t("Ui_TrackingId")}`}>
                {props.t(copied ? "Ui_Copied" : "Ui_Copy")}
            </Button>
        </>
    );
}

function StatusBar(props: { intent: "success" | "info" | "warning" | "error"; title: string; detail?: string }): JSX.Element {
    return (
        <MessageBar intent={props.intent} layout="multiline">
            <MessageBarBody>
                <MessageBarTitle data-testid="flowinvoker-status">{props.title}</MessageBarTitle>
                {props.detail}
            </MessageBarBody>
        </MessageBar>
    );
}

/** What stands in for an answer whose view failed; the run's status and ids stay above it. */
export function AnswerNotShown(props: { t: Translate }): JSX.Element {
    return (
        <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
                <span data-testid="flowinvoker-answer-not-shown">{props.t("Ui_AnswerNotShown")}</span>
            </MessageBarBody>
        </MessageBar>
    );
}

function ResultBody(props: { result: RunOutcome; note?: string; t: Translate }): JSX.Element {
    const { result, note, t } = props;
    const status = runStatus(result, t);
    const runId = result.runUrl ? (
        <Link href={result.runUrl} target="_blank" rel="noopener noreferrer">
            {result.runId}
        </Link>
    ) : (
        result.runId
    );
    return (
        <>
            <StatusBar intent={status.intent} title={status.title} detail={status.detail} />
            <dl className={useStyles().facts}>
                <Fact term={t("Ui_HttpStatus")} value={result.status === undefined ? undefined : String(result.status)} testId="flowinvoker-http-status" />
                <Fact term={t("Ui_Duration")} value={t("Ui_Milliseconds", { ms: String(result.durationMs) })} />
                <Fact term={t("Ui_RunId")} value={runId} testId="flowinvoker-run-id" />
                <Fact term={t("Ui_TrackingId")} value={result.trackingId && <CopyableId id={result.trackingId} t={t} />} />
            </dl>
            {note && <Text data-testid="flowinvoker-note">{note}</Text>}
            {result.truncated && <Text data-testid="flowinvoker-answer-cut">{t("Ui_AnswerTooLarge", { max: String(MAX_ANSWER_BYTES / 1024 / 1024) })}</Text>}
            {result.body !== "" && (
                <>
                    <Text weight="semibold">{t("Ui_Response")}</Text>
                    <ErrorBoundary resetKey={result} fallback={<AnswerNotShown t={t} />}>
                        <JsonView value={result.body} t={t} />
                    </ErrorBoundary>
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
            <StatusBar intent={error.mayHaveRun ? "warning" : "error"} title={t(error.mayHaveRun ? "Ui_StatusMayHaveRun" : "Ui_StatusFailed")} />
            <dl className={styles.facts}>
                <Fact term={t("Ui_ErrorCode")} value={error.code} testId="flowinvoker-error-code" />
                <Fact term={t("Ui_ServiceCode")} value={error.serviceCode !== error.code ? error.serviceCode : undefined} testId="flowinvoker-service-code" />
                <Fact term={t("Ui_Cause")} value={error.cause} testId="flowinvoker-error-cause" />
                <Fact term={t("Ui_Fix")} value={error.fix} testId="flowinvoker-error-fix" />
                <Fact term={t("Ui_RunId")} value={error.runId} />
                <Fact term={t("Ui_TrackingId")} value={error.trackingId && <CopyableId id={error.trackingId} t={t} />} />
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

/** The outcome of a click in a Fluent overlay drawer: focus moves in when it opens and back to the button when it closes. */
export function ResultPanel(props: ResultPanelProps): JSX.Element {
    const { content, t, onClose } = props;
    const styles = useStyles();
    return (
        <OverlayDrawer open={content !== undefined} position="end" size="medium" onOpenChange={(_, data) => !data.open && onClose()}>
            <DrawerHeader>
                <DrawerHeaderTitle
                    action={
                        <Button appearance="subtle" aria-label={t("Ui_Close")} onClick={onClose}>
                            ✕
                        </Button>
                    }
                >
                    {t("Ui_PanelTitle")}
                </DrawerHeaderTitle>
            </DrawerHeader>
            <DrawerBody>
                <div className={styles.body} data-testid="flowinvoker-panel" role="status" aria-live="polite">
                    {content?.kind === "result" && <ResultBody result={content.result} note={content.note} t={t} />}
                    {content?.kind === "error" && <ErrorBody error={content.error} t={t} />}
                </div>
            </DrawerBody>
            <DrawerFooter>
                <Button appearance="primary" disabled={!props.canRunAgain} onClick={props.onRunAgain} data-testid="flowinvoker-run-again">
                    {t("Ui_RunAgain")}
                </Button>
                {content?.kind === "error" && props.onCheckSetup && (
                    <Button onClick={props.onCheckSetup} data-testid="flowinvoker-panel-check-setup">
                        {t("Setup_CheckButton")}
                    </Button>
                )}
                <Button onClick={onClose}>{t("Ui_Close")}</Button>
            </DrawerFooter>
        </OverlayDrawer>
    );
}
