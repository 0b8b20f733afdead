import { FlowInvokerError } from "../errors/FlowInvokerError";

/** Names a template may use: `{{recordId}}` unquoted inserts the typed value, `"{{input1}}"` the text the user sees. */
export const PLACEHOLDER_NAMES = ["recordId", "entityName", "userId", "input1", "input2", "input3", "input4", "input5"] as const;
export type PlaceholderName = (typeof PLACEHOLDER_NAMES)[number];

/** Per placeholder: the JSON value (unquoted use), the text as shown on the form (quoted use) and the bound column's label. */
export type PlaceholderValues = Readonly<Record<PlaceholderName, { value: unknown; text: string; column?: string }>>;

export const DEFAULT_TEMPLATE = '{"recordId": {{recordId}}, "entityName": {{entityName}}, "userId": {{userId}}}';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9]+)\s*\}\}/g;
/** Stands in for an unquoted placeholder while the template is parsed; no text a maker types contains U+0001. */
const MARKER = "\u0001fi:";

export interface BodyTemplate {
    /** True when the body needs the record's id: a new record must be saved first. */
    usesRecordId: boolean;
    build(values: PlaceholderValues): unknown;
    /** The placeholders that fill the value at `path` in the built body (empty when the template writes it literally). */
    sourcesOf(path: readonly string[]): PlaceholderName[];
    /** What a message names as the origin of that value: `{{input1}} (Credit limit)`, or `requestBody` for literal text. */
    sourceText(path: readonly string[], values: PlaceholderValues): string;
    /** True when the template writes this top-level property (the inputs dialog asks only for the others). */
    fills(name: string): boolean;
}

function invalid(detail: string, value: string): never {
    throw new FlowInvokerError("InvalidRequestBody", { values: { property: "requestBody", detail, value: value.slice(0, 200) } });
}

/** Wraps placeholders that stand outside JSON strings in a marker string, so the template parses as JSON. */
function quoteBarePlaceholders(template: string): string {
    let out = "";
    let inString = false;
    for (let i = 0; i < template.length; i += 1) {
        const char = template[i];
        if (inString) {
            out += char;
            if (char === "\\") out += template[++i] ?? "";
            else if (char === '"') inString = false;
        } else if (char === '"') {
            inString = true;
            out += char;
        } else if (template.startsWith("{{", i)) {
            const end = template.indexOf("}}", i);
            if (end < 0) return out + template.slice(i);
            out += JSON.stringify(`${MARKER}${template.slice(i + 2, end).trim()}`);
            i = end + 1;
        } else {
            out += char;
        }
    }
    return out;
}

function collectNames(value: unknown, names: Set<string>): void {
    if (typeof value === "string") {
        if (value.startsWith(MARKER)) names.add(value.slice(MARKER.length));
        for (const match of value.matchAll(PLACEHOLDER)) names.add(match[1]);
    } else if (Array.isArray(value)) {
        value.forEach((item) => collectNames(item, names));
    } else if (typeof value === "object" && value !== null) {
        Object.values(value).forEach((item) => collectNames(item, names));
    }
}

function fill(value: unknown, values: PlaceholderValues): unknown {
    if (typeof value === "string") {
        if (value.startsWith(MARKER)) return values[value.slice(MARKER.length) as PlaceholderName].value;
        return value.replace(PLACEHOLDER, (_whole, name: string) => values[name as PlaceholderName].text);
    }
    if (Array.isArray(value)) return value.map((item) => fill(item, values));
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item, values)]));
    }
    return value;
}

/** Follows `path` into the parsed template; a placeholder on the way fills everything below it. */
function sourcesAt(parsed: unknown, path: readonly string[]): PlaceholderName[] {
    let node = parsed;
    for (const key of path) {
        if (typeof node === "string") break;
        node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    }
    const names = new Set<string>();
    collectNames(node, names);
    return [...names] as PlaceholderName[];
}

function describeSources(names: PlaceholderName[], values: PlaceholderValues): string {
    if (names.length === 0) return "requestBody";
    return names.map((name) => (values[name]?.column ? `{{${name}}} (${values[name].column})` : `{{${name}}}`)).join(", ");
}

/** Parses the requestBody property once, at load: bad JSON or an unknown placeholder is a configuration error. */
export function parseBodyTemplate(text: string | null | undefined): BodyTemplate {
    const template = (text ?? "").trim() === "" ? DEFAULT_TEMPLATE : (text as string);
    let parsed: unknown;
    try {
        parsed = JSON.parse(quoteBarePlaceholders(template));
    } catch (error) {
        return invalid(error instanceof Error ? error.message : "not JSON", template);
    }
    const names = new Set<string>();
    collectNames(parsed, names);
    const unknown = [...names].find((name) => !(PLACEHOLDER_NAMES as readonly string[]).includes(name));
    if (unknown !== undefined) invalid(`unknown placeholder {{${unknown}}}`, template);
    return {
        usesRecordId: names.has("recordId"),
        build: (values) => fill(parsed, values),
        sourcesOf: (path) => sourcesAt(parsed, path),
        sourceText: (path, values) => describeSources(sourcesAt(parsed, path), values),
        fills: (name) => typeof parsed === "object" && parsed !== null && Object.prototype.hasOwnProperty.call(parsed, name),
    };
}
