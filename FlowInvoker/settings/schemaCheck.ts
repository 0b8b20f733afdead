/**
 * The trigger's `inputs.schema` as far as FlowInvoker checks it before sending: a JSON Schema subset (type incl. integer,
 * required, enum, format date/date-time/email/uri). Makers often paste a sample payload there instead of a schema
 * (docs/platform-facts.md, "Trigger authentication types and the definition"), so anything not plainly a schema is ignored.
 */
export interface SchemaNode {
    type?: string | string[];
    properties?: Record<string, SchemaNode>;
    required?: string[];
    items?: SchemaNode;
    enum?: unknown[];
    format?: string;
    title?: string;
    description?: string;
}

export type MismatchProblem = "Missing" | "Type" | "Enum" | "Format";

export interface SchemaMismatch {
    /** Where in the body, e.g. ["order", "amount"]; the last entry is the schema property. */
    path: string[];
    problem: MismatchProblem;
    /** What the schema wants, in its own words (no language): `number`, `string | null`, `"low", "high"`, `date`, `*`. */
    expected: string;
}

const TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);
/** Deeper than any body a maker writes; a definition nested further is not checked below this, never a stack overflow. */
const MAX_DEPTH = 64;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function isTypeWord(value: unknown): boolean {
    return typeof value === "string" ? TYPES.has(value) : Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string" && TYPES.has(v));
}

/** A property's node: an object whose `type`, if any, is a JSON Schema type word (a sample value is not). */
function isNode(node: unknown): node is SchemaNode {
    return isObject(node) && (!("type" in node) || isTypeWord(node.type));
}

/** The top level reads as a schema when its `type` is a type word, or it has `properties` made of nodes. */
function looksLikeSchema(node: unknown): node is SchemaNode {
    if (!isObject(node)) return false;
    if ("type" in node) return isTypeWord(node.type);
    return isObject(node.properties) && Object.values(node.properties).every(isNode);
}

/** The trigger schema, or undefined when it is absent, empty, a sample payload or otherwise unreadable: then nothing is checked. */
export function readSchema(raw: unknown): SchemaNode | undefined {
    if (!looksLikeSchema(raw)) return undefined;
    const hasRules = raw.type !== undefined || (raw.properties !== undefined && Object.keys(raw.properties).length > 0);
    return hasRules ? raw : undefined;
}

function typeOf(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    return typeof value;
}

function fitsType(type: string, value: unknown): boolean {
    if (type === "integer") return typeof value === "number" && Number.isInteger(value);
    if (type === "number") return typeof value === "number" && Number.isFinite(value);
    return typeOf(value) === type;
}

const FORMATS: Readonly<Record<string, RegExp>> = {
    date: /^\d{4}-\d{2}-\d{2}$/,
    "date-time": /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/,
    email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
    uri: /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/,
};

/** A format FlowInvoker does not know is not checked; a date must also be a real day (no 2025-02-30). */
function fitsFormat(format: string, value: string): boolean {
    const pattern = FORMATS[format];
    if (!pattern) return true;
    if (!pattern.test(value)) return false;
    if (format !== "date" && format !== "date-time") return true;
    const day = new Date(`${value.slice(0, 10)}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value.slice(0, 10);
}

const quoted = (values: unknown[]): string => values.map((v) => JSON.stringify(v)).join(", ");

/** One node against one value: the first mismatch at this level, children are queued by the caller. */
function checkNode(node: SchemaNode, value: unknown, path: string[]): SchemaMismatch | undefined {
    const types = node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type];
    if (types.length > 0 && !types.some((type) => fitsType(type, value))) return { path, problem: "Type", expected: types.join(" | ") };
    if (Array.isArray(node.enum) && node.enum.length > 0 && !node.enum.some((option) => option === value)) {
        return { path, problem: "Enum", expected: quoted(node.enum) };
    }
    if (typeof node.format === "string" && typeof value === "string" && !fitsFormat(node.format, value))
        return { path, problem: "Format", expected: node.format };
    return undefined;
}

/** The first place the body breaks the schema, walked breadth-first without recursion; undefined when it fits. */
export function checkBody(schema: SchemaNode, body: unknown): SchemaMismatch | undefined {
    const queue: { node: SchemaNode; value: unknown; path: string[] }[] = [{ node: schema, value: body, path: [] }];
    for (let next = queue.shift(); next; next = queue.shift()) {
        const { node, value, path } = next;
        const mismatch = checkNode(node, value, path);
        if (mismatch) return mismatch;
        if (path.length >= MAX_DEPTH) continue;
        if (isObject(value)) {
            const properties = isObject(node.properties) ? node.properties : {};
            for (const name of Array.isArray(node.required) ? node.required : []) {
                if (typeof name === "string" && value[name] === undefined) {
                    const type = properties[name]?.type;
                    return { path: [...path, name], problem: "Missing", expected: type === undefined ? "*" : [type].flat().join(" | ") };
                }
            }
            for (const [name, child] of Object.entries(properties)) {
                if (value[name] !== undefined && isNode(child)) queue.push({ node: child, value: value[name], path: [...path, name] });
            }
        } else if (Array.isArray(value) && isNode(node.items)) {
            const items = node.items;
            value.forEach((item, index) => queue.push({ node: items, value: item, path: [...path, String(index)] }));
        }
    }
    return undefined;
}
