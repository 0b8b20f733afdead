import * as React from "react";
import {
    Button,
    DrawerBody,
    DrawerFooter,
    DrawerHeader,
    DrawerHeaderTitle,
    OverlayDrawer,
    Spinner,
    Text,
    makeStyles,
    tokens,
} from "@fluentui/react-components";
import { Translate } from "../errors/describe";
import { STATUS_MARK, StepView, StoreView } from "../invoke/setup/report";
import { SetupCheckState } from "./useSetupCheck";

/** The check's state as useSetupCheck gives it; `confirmingTestRun`: asking the user before the one real run the check may make. */
export type SetupCheckPanelProps = Pick<
    SetupCheckState,
    | "open"
    | "running"
    | "steps"
    | "copied"
    | "confirmingTestRun"
    | "canTestRun"
    | "copy"
    | "askTestRun"
    | "confirmTestRun"
    | "cancelTestRun"
    | "close"
    | "storeUrl"
> & { t: Translate };

const useStyles = makeStyles({
    list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
    head: { display: "flex", columnGap: tokens.spacingHorizontalS, alignItems: "baseline" },
    mark: { fontWeight: tokens.fontWeightBold, minWidth: "1.2em" },
    ok: { color: tokens.colorPaletteGreenForeground1 },
    failed: { color: tokens.colorPaletteRedForeground1 },
    warning: { color: tokens.colorPaletteMarigoldForeground1 },
    notChecked: { color: tokens.colorNeutralForeground3 },
    facts: { display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: tokens.spacingHorizontalM, margin: `${tokens.spacingVerticalXS} 0 0 1.6em` },
    value: { margin: 0, overflowWrap: "anywhere" },
    detail: { margin: `${tokens.spacingVerticalXS} 0 0 1.6em`, display: "block", overflowWrap: "anywhere" },
});

function Facts(props: { facts: Array<[string, string]> }): JSX.Element | null {
    const styles = useStyles();
    if (props.facts.length === 0) return null;
    return (
        <dl className={styles.facts}>
            {props.facts.map(([name, value], i) => (
                <React.Fragment key={i}>
                    <dt>{name}</dt>
                    <dd className={styles.value}>{value}</dd>
                </React.Fragment>
            ))}
        </dl>
    );
}

function ErrorLine(props: { error: NonNullable<StepView["error"]>; t: Translate; testId: string }): JSX.Element {
    const { error, t } = props;
    const styles = useStyles();
    return (
        <Text className={styles.detail} data-testid={props.testId}>
            <span data-testid="setup-error-code">{error.code}</span>
            {error.serviceCode && error.serviceCode !== error.code ? ` (${error.serviceCode})` : ""}: {error.cause} <strong>{t("Ui_Fix")}:</strong> {error.fix}
        </Text>
    );
}

/** Offered, the button; after the click, its mark with what was written, or the catalogue's cause and fix. */
function Store(props: { store: StoreView; t: Translate; running: boolean; onStore: () => void }): JSX.Element {
    const { store, t } = props;
    const styles = useStyles();
    const label = t("Setup_StoreUrl", { variable: store.variable });
    if (store.status === "offered") {
        return (
            <div className={styles.detail}>
                <Button size="small" disabled={props.running} onClick={props.onStore} data-testid="setup-store-url">
                    {label}
                </Button>
            </div>
        );
    }
    return (
        <div data-testid="setup-store-result" data-status={store.status}>
            <div className={`${styles.detail} ${styles.head}`}>
                <span className={`${styles.mark} ${styles[store.status]}`} aria-hidden="true">
                    {STATUS_MARK[store.status]}
                </span>
                <Text>
                    {label}: {t(`Setup_Status_${store.status}`)}
                </Text>
            </div>
            <Facts facts={store.facts} />
            {store.status === "ok" && <Text className={styles.detail}>{t("Setup_Note_Stored", { variable: store.variable })}</Text>}
            {store.error && <ErrorLine error={store.error} t={t} testId="setup-store-error" />}
        </div>
    );
}

function Step(props: { step: StepView; t: Translate; running: boolean; onStore: () => void }): JSX.Element {
    const { step, t } = props;
    const styles = useStyles();
    return (
        <li data-testid={`setup-step-${step.id}`} data-status={step.status}>
            <div className={styles.head}>
                <span className={`${styles.mark} ${styles[step.status]}`} aria-hidden="true">
                    {STATUS_MARK[step.status]}
                </span>
                <Text weight="semibold">
                    {step.number}. {step.title}
                </Text>
                <Text size={200}>{t(`Setup_Status_${step.status}`)}</Text>
                {step.ms !== undefined && (
                    <Text size={200} data-testid="setup-step-ms">
                        {t("Ui_Milliseconds", { ms: String(step.ms) })}
                    </Text>
                )}
            </div>
            <Facts facts={step.facts} />
            {step.note && <Text className={styles.detail}>{step.note}</Text>}
            {step.error && <ErrorLine error={step.error} t={t} testId={`setup-error-${step.id}`} />}
            {step.store && <Store store={step.store} t={t} running={props.running} onStore={props.onStore} />}
        </li>
    );
}

/** The setup checklist in a Fluent drawer: ✓ / ✗ / ! / – per step with the facts found and the catalogue's cause and fix. */
export function SetupCheckPanel(props: SetupCheckPanelProps): JSX.Element {
    const { t, steps } = props;
    const styles = useStyles();
    return (
        <OverlayDrawer open={props.open} position="end" size="medium" onOpenChange={(_, data) => !data.open && props.close()}>
            <DrawerHeader>
                <DrawerHeaderTitle
                    action={
                        <Button appearance="subtle" aria-label={t("Ui_Close")} onClick={props.close}>
                            ✕
                        </Button>
                    }
                >
                    {t("Setup_Title")}
                </DrawerHeaderTitle>
            </DrawerHeader>
            <DrawerBody>
                <div data-testid="setup-check" role="status" aria-live="polite" aria-busy={props.running}>
                    {props.running && <Spinner size="tiny" label={t("Setup_Checking")} data-testid="setup-running" />}
                    {steps && (
                        <ol className={styles.list} data-testid="setup-steps">
                            {steps.map((step) => (
                                <Step key={step.id} step={step} t={t} running={props.running} onStore={props.storeUrl} />
                            ))}
                        </ol>
                    )}
                    {props.confirmingTestRun && (
                        <Text className={styles.detail} data-testid="setup-test-run-question">
                            {t("Setup_TestRunQuestion")}
                        </Text>
                    )}
                </div>
            </DrawerBody>
            <DrawerFooter>
                {props.confirmingTestRun ? (
                    <>
                        <Button appearance="primary" onClick={props.confirmTestRun} data-testid="setup-test-run-confirm">
                            {t("Ui_ConfirmRun")}
                        </Button>
                        <Button onClick={props.cancelTestRun}>{t("Ui_Cancel")}</Button>
                    </>
                ) : (
                    <>
                        <Button appearance="primary" disabled={!steps || props.running} onClick={props.copy} data-testid="setup-copy">
                            {t(props.copied ? "Ui_Copied" : "Setup_CopyReport")}
                        </Button>
                        <Button disabled={!props.canTestRun || props.running} onClick={props.askTestRun} data-testid="setup-test-run">
                            {t("Setup_TestRun")}
                        </Button>
                        <Button onClick={props.close}>{t("Ui_Close")}</Button>
                    </>
                )}
            </DrawerFooter>
        </OverlayDrawer>
    );
}
