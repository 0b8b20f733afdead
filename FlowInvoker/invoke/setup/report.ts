import { describeError, ErrorText, Translate } from "../../errors/describe";
import { redact } from "../../shared/redact";
import { Fact, SetupStep, StepId, StepStatus, StoreResult } from "./steps";

export const STEP_ORDER: readonly StepId[] = ["properties", "redirectPage", "signIn", "flow", "flowApi", "trigger", "csp", "testRun"];

export const STATUS_MARK: Readonly<Record<StepStatus, string>> = { ok: "✓", failed: "✗", warning: "!", notChecked: "–" };

/** The offer to store the URL in the variable, and once clicked its outcome. */
export interface StoreView {
    variable: string;
    status: "offered" | StoreResult["status"];
    facts: Array<[string, string]>;
    error?: ErrorText;
}

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
    store?: StoreView;
}

const factsView = (facts: readonly Fact[], t: Translate): Array<[string, string]> => facts.map(([label, value]) => [t(`Setup_Fact_${label}`), redact(value)]);

export function viewSteps(steps: readonly SetupStep[], t: Translate): StepView[] {
    return steps.map((s) => ({
        id: s.id,
        number: STEP_ORDER.indexOf(s.id) + 1,
        status: s.status,
        title: t(`Setup_Step_${s.id}`),
        facts: factsView(s.facts, t),
        error: s.error && describeError(s.error, t),
        note: s.reasonKey && t(s.reasonKey),
        ms: s.ms,
        store: s.store && {
            variable: s.store.variable,
            status: s.stored?.status ?? "offered",
            facts: factsView(s.stored?.facts ?? [], t),
            error: s.stored?.error && describeError(s.stored.error, t),
        },
    }));
}

function errorLines(error: ErrorText, t: Translate, indent: string): string[] {
    const serviceCode = error.serviceCode && error.serviceCode !== error.code ? ` (${error.serviceCode})` : "";
    return [`${indent}${t("Ui_ErrorCode")}: ${error.code}${serviceCode}`, `${indent}${t("Ui_Cause")}: ${error.cause}`, `${indent}${t("Ui_Fix")}: ${error.fix}`];
}

/** The checklist as text for a support request: ids, hosts, codes and timings; never a token, a code or a `sig=`. */
export function reportText(steps: readonly StepView[], t: Translate, when: Date): string {
    const lines = [`${t("Setup_Title")} (${when.toISOString()})`];
    for (const s of steps) {
        lines.push(`${STATUS_MARK[s.status]} ${s.number}. ${s.title}: ${t(`Setup_Status_${s.status}`)}${s.ms === undefined ? "" : ` (${s.ms} ms)`}`);
        for (const [name, value] of s.facts) lines.push(`    ${name}: ${value}`);
        if (s.note) lines.push(`    ${s.note}`);
        if (s.error) lines.push(...errorLines(s.error, t, "    "));
        const store = s.store;
        if (store && store.status !== "offered") {
            lines.push(`    ${STATUS_MARK[store.status]} ${t("Setup_StoreUrl", { variable: store.variable })}: ${t(`Setup_Status_${store.status}`)}`);
            for (const [name, value] of store.facts) lines.push(`        ${name}: ${value}`);
            if (store.error) lines.push(...errorLines(store.error, t, "        "));
        }
    }
    // Belt and braces: the whole text once more through the redactor, uncut.
    return redact(lines.join("\n"), Number.MAX_SAFE_INTEGER);
}
