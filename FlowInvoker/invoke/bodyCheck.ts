import { FlowInvokerError } from "../errors/FlowInvokerError";
import { redact } from "../shared/redact";
import { SchemaMismatch, checkBody, readSchema } from "../settings/schemaCheck";

/** Names what fed the value at a body path: `{{input1}} (Credit limit)`, or `requestBody` when the template writes it. */
export type BodySource = (path: readonly string[]) => string;

function valueAt(body: unknown, path: readonly string[]): unknown {
    let node = body;
    for (const key of path) node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    return node;
}

/** The value as the message quotes it: short, never a secret; an object or a list by its JSON type (it may be huge or deep). */
function shown(value: unknown): string {
    if (typeof value === "string") return redact(JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value), 80);
    if (Array.isArray(value)) return "array";
    return typeof value === "object" && value !== null ? "object" : String(value);
}

function mismatchError(mismatch: SchemaMismatch, body: unknown, source?: BodySource): FlowInvokerError {
    const value = valueAt(body, mismatch.path);
    const from = source?.(mismatch.path) ?? "requestBody";
    const empty = mismatch.problem !== "Missing" && value === null && from !== "requestBody";
    const values = { property: mismatch.path.join(".") || "(body)", expected: mismatch.expected, actual: shown(value), source: from };
    return new FlowInvokerError("BodyDoesNotMatchSchema", { values, variant: empty ? "Empty" : mismatch.problem, noRun: true });
}

/**
 * Refuses, before anything is sent, a body that breaks the trigger's schema; a schema that cannot be read (absent, a
 * sample payload: docs/platform-facts.md, "Trigger authentication types and the definition") lets every body through.
 */
export async function checkRequestBody(schema: Promise<unknown>, body: unknown, source?: BodySource): Promise<void> {
    const readable = readSchema(await schema);
    const mismatch = readable ? checkBody(readable, body) : undefined;
    if (mismatch) throw mismatchError(mismatch, body, source);
}
