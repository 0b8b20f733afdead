import { FlowInvokerError } from "../errors/FlowInvokerError";
import { redact, redactSecrets } from "../shared/redact";

/** What a resultPath can start from: the parts of a run the panel shows. */
export const RESULT_ROOTS = ["body", "status", "outcome", "runId", "trackingId", "durationMs"] as const;

export type ResultPath = ReadonlyArray<string | number>;

const SEGMENT = /^([A-Za-z_$][\w$-]*)((?:\[\d+\])*)$/;

function invalid(value: string): FlowInvokerError {
    return new FlowInvokerError("InvalidResultPath", { values: { property: "resultPath", value: redact(value) } });
}

/** `body.items[0].id` → ["body", "items", 0, "id"]; a path that cannot select anything is a configuration error. */
export function parseResultPath(text: string | null | undefined): ResultPath | undefined {
    const trimmed = (text ?? "").trim();
    if (trimmed === "") return undefined;
    const path: Array<string | number> = [];
    for (const part of trimmed.split(".")) {
        const match = SEGMENT.exec(part);
        if (!match) throw invalid(trimmed);
        path.push(match[1], ...[...match[2].matchAll(/\[(\d+)\]/g)].map((index) => Number(index[1])));
    }
    if (!(RESULT_ROOTS as readonly string[]).includes(String(path[0]))) {
        throw invalid(trimmed);
    }
    return path;
}

/** A piece of JSON text waiting its turn in `jsonText`, told apart from the answer's own values. */
class Punctuation {
    constructor(readonly text: string) {}
}

/** JSON.stringify's text for a parsed answer, written without recursion (any depth) and stopped past `limit` characters. */
function jsonText(value: unknown, limit: number): string {
    let out = "";
    const pending: unknown[] = [value];
    while (pending.length > 0 && out.length <= limit) {
        const next = pending.pop();
        if (next instanceof Punctuation) {
            out += next.text;
        } else if (typeof next !== "object" || next === null) {
            out += JSON.stringify(next) ?? "null";
        } else {
            const array = Array.isArray(next);
            const entries = Object.entries(next).filter(([, item]) => item !== undefined || array);
            out += array ? "[" : "{";
            pending.push(new Punctuation(array ? "]" : "}"));
            entries.reverse().forEach(([key, item], index) => {
                pending.push(item ?? null);
                if (!array) pending.push(new Punctuation(`${JSON.stringify(key)}:`));
                if (index < entries.length - 1) pending.push(new Punctuation(","));
            });
        }
    }
    return out;
}

/** How far past the column's length a value is written before redaction, so a token cut at the end is still found. */
const REDACT_MARGIN = 4096;

/** The selected value as the text the column receives, up to about `limit` characters; undefined when the answer has nothing there. */
export function selectResult(root: Record<string, unknown>, path: ResultPath, limit = Infinity): string | undefined {
    let current: unknown = root;
    for (const key of path) {
        if (current === null || typeof current !== "object") return undefined;
        current = (current as Record<string | number, unknown>)[key];
    }
    if (current === undefined) return undefined;
    return redactSecrets(typeof current === "string" ? current : jsonText(current, limit + REDACT_MARGIN));
}

export interface ResultColumnWrite {
    /** The text for the bound column; undefined: leave the column as it is. */
    value?: string;
    /** A resx key explaining what happened to the column, when it is worth saying. */
    noteKey?: "Ui_ResultNotFound" | "Ui_ResultTruncated";
}

/** What a run writes into the result column: the selected value, redacted, cut to the column's maximum length. */
export function resultColumnWrite(root: Record<string, unknown>, path: ResultPath | undefined, maxLength: number | undefined): ResultColumnWrite {
    if (!path) return {};
    const value = selectResult(root, path, maxLength);
    if (value === undefined) return { noteKey: "Ui_ResultNotFound" };
    if (maxLength && value.length > maxLength) return { value: value.slice(0, maxLength), noteKey: "Ui_ResultTruncated" };
    return { value };
}
