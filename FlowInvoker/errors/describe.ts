import { redact } from "../shared/redact";
import { FlowInvokerError } from "./FlowInvokerError";
import { causeKey, fixKey, runExists } from "./catalogue";

/** Looks up a resx string; `{name}` placeholders are filled from values. */
export type Translate = (key: string, values?: Readonly<Record<string, string>>) => string;

/** What the panel shows for an error: our code, the service's code, the cause and the fix in a maker's words. */
export interface ErrorText {
    code: string;
    serviceCode?: string;
    cause: string;
    fix: string;
    mayHaveRun: boolean;
    responseText?: string;
    runId?: string;
    trackingId?: string;
}

export function describeError(error: FlowInvokerError, t: Translate): ErrorText {
    // Whatever raised the error, a value it quotes may hold a signed URL or a token: none reaches the page.
    const quoted = Object.entries({ serviceCode: error.details.serviceCode ?? error.code, ...error.details.values });
    const values = Object.fromEntries(quoted.map(([name, value]) => [name, redact(value)]));
    const { variant } = error.details;
    // A variant refines the cause, the fix or both; a text the resx lacks falls back to the general one.
    const text = (key: string): string => {
        const precise = variant && t(`${key}_${variant}`, values);
        return precise && precise !== `${key}_${variant}` ? precise : t(key, values);
    };
    return {
        code: error.code,
        serviceCode: error.details.serviceCode,
        cause: text(causeKey(error.code)),
        fix: text(fixKey(error.code)),
        mayHaveRun: error.details.mayHaveRun === true || runExists(error.code),
        responseText: error.details.responseText === undefined ? undefined : redact(error.details.responseText),
        runId: error.details.runId,
        trackingId: error.details.trackingId,
    };
}

/** Fills `{name}` placeholders; unknown ones stay visible so a missing value is noticed, not hidden. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>> = {}): string {
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? values[name] : whole));
}

/** A Translate over the platform's resx lookup, which returns "" (or the key) when a string is missing. */
export function makeTranslate(getString: (key: string) => string): Translate {
    return (key, values) => {
        const found = getString(key);
        return fillTemplate(found && found !== key ? found : key, values);
    };
}
