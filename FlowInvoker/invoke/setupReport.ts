import { describeError, ErrorText, Translate } from "../errors/describe";
import { redact } from "../shared/redact";
import { SetupStep, StepId, StepStatus } from "./setupCheck";

export const STEP_ORDER: readonly StepId[] = ["properties", "redirectPage", "signIn", "flow", "flowApi", "trigger", "csp", "testRun"];

export const STATUS_MARK: Readonly<Record<StepStatus, string>> = { ok: "✓", failed: "✗", warning: "!", notChecked: "–" };

/** A step as the panel and the report show it: texts looked up, every quoted value redacted. */
export interface StepView {
    id: StepId;
    number: number;
    status: StepStatus;
    title: string;
    facts: Array<[string, string]>;
    error?: ErrorText;
    note?: string;
    ms?: number;
}

export function viewSteps(steps: readonly SetupStep[], t: Translate): StepView[] {
    return steps.map((s) => ({
        id: s.id,
        number: STEP_ORDER.indexOf(s.id) + 1,
        status: s.status,
        title: t(`Setup_Step_${s.id}`),
        facts: s.facts.map(([name, value]) => [name, redact(value)]),
        error: s.error && describeError(s.error, t),
        note: s.reasonKey && t(s.reasonKey),
        ms: s.ms,
    }));
}

/** The checklist as text for a support request: ids, hosts, codes and timings; never a token, a code or a `sig=`. */
export function reportText(steps: readonly StepView[], t: Translate, when: Date): string {
    const lines = [`${t("Setup_Title")} (${when.toISOString()})`];
    for (const s of steps) {
        lines.push(`${STATUS_MARK[s.status]} ${s.number}. ${s.title}: ${t(`Setup_Status_${s.status}`)}${s.ms === undefined ? "" : ` (${s.ms} ms)`}`);
        for (const [name, value] of s.facts) lines.push(`    ${name}: ${value}`);
        if (s.note) lines.push(`    ${s.note}`);
        if (s.error) {
            lines.push(
                `    ${t("Ui_ErrorCode")}: ${s.error.code}${s.error.serviceCode && s.error.serviceCode !== s.error.code ? ` (${s.error.serviceCode})` : ""}`,
            );
            lines.push(`    ${t("Ui_Cause")}: ${s.error.cause}`, `    ${t("Ui_Fix")}: ${s.error.fix}`);
        }
    }
    // Belt and braces: the whole text once more through the redactor, uncut.
    return redact(lines.join("\n"), Number.MAX_SAFE_INTEGER);
}
