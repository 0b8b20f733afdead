import { FlowInvokerError } from "./FlowInvokerError";
import { causeKey, fixKey } from "./catalogue";

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
    const values = { serviceCode: error.details.serviceCode ?? error.code, ...error.details.values };
    const variantKey = error.details.variant && `${fixKey(error.code)}_${error.details.variant}`;
    const variantFix = variantKey ? t(variantKey, values) : undefined;
    return {
        code: error.code,
        serviceCode: error.details.serviceCode,
        cause: t(causeKey(error.code), values),
        fix: variantFix !== undefined && variantFix !== variantKey ? variantFix : t(fixKey(error.code), values),
        mayHaveRun: error.details.mayHaveRun === true || error.code === "FlowTimedOut",
        responseText: error.details.responseText,
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
