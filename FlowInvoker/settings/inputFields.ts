import { SchemaNode, checkBody, readSchema } from "./schemaCheck";

/** How the inputs dialog asks for one schema property. */
export type FieldKind = "text" | "multiline" | "number" | "integer" | "boolean" | "choice" | "date";

export interface InputField {
    /** The schema property, the key the value goes under in the body. */
    name: string;
    /** The schema's title, else the property name. */
    label: string;
    description?: string;
    required: boolean;
    kind: FieldKind;
    /** For a choice: the schema's enum values, typed as the schema writes them. */
    options?: unknown[];
    /** The property's own schema, to check the typed value as the trigger will. */
    schema: SchemaNode;
}

/** Longer than a single line holds comfortably: such a text gets a multi-line box. */
const MULTILINE_LENGTH = 255;

function kindOf(node: SchemaNode): FieldKind | undefined {
    const type = Array.isArray(node.type) ? node.type.find((t) => t !== "null") : node.type;
    if (Array.isArray(node.enum) && node.enum.length > 0) return "choice";
    if (type === "number" || type === "integer" || type === "boolean") return type;
    if (type !== "string") return undefined;
    if (node.format === "date") return "date";
    const maxLength = (node as { maxLength?: unknown }).maxLength;
    return typeof maxLength === "number" && maxLength > MULTILINE_LENGTH ? "multiline" : "text";
}

/**
 * The schema's top-level properties the request body template does not fill, as dialog fields; objects and lists are
 * left to the template. Empty when the schema cannot be read, so such a flow simply runs.
 */
export function inputFields(rawSchema: unknown, fills: (name: string) => boolean): InputField[] {
    const schema = readSchema(rawSchema);
    if (!schema || typeof schema.properties !== "object" || schema.properties === null) return [];
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    const fields: InputField[] = [];
    for (const [name, node] of Object.entries(schema.properties)) {
        const kind = typeof node === "object" && node !== null && !fills(name) ? kindOf(node) : undefined;
        if (!kind) continue;
        const label = typeof node.title === "string" && node.title.trim() ? node.title : name;
        const description = typeof node.description === "string" && node.description.trim() ? node.description : undefined;
        fields.push({ name, label, description, required: required.has(name), kind, options: kind === "choice" ? node.enum : undefined, schema: node });
    }
    return fields;
}

export type FieldProblem = "Required" | "Number" | "Integer" | "Choice" | "Format";

/**
 * What the user typed, as the JSON the body gets: numbers as numbers, yes/no as booleans, a choice as its enum value.
 * `undefined` value: left out of the body. A problem says what to fix in the field.
 */
export function typedValue(field: InputField, entered: string | boolean | undefined): { value?: unknown; problem?: FieldProblem } {
    if (field.kind === "boolean") return { value: entered === true };
    const text = typeof entered === "string" ? entered.trim() : "";
    if (text === "") return field.required ? { problem: "Required" } : {};
    let value: unknown = text;
    if (field.kind === "number" || field.kind === "integer") {
        value = Number(text.replace(",", "."));
        if (!Number.isFinite(value)) return { problem: "Number" };
        if (field.kind === "integer" && !Number.isInteger(value)) return { problem: "Integer" };
    } else if (field.kind === "choice") {
        const option = (field.options ?? []).find((candidate) => String(candidate) === text);
        if (option === undefined) return { problem: "Choice" };
        value = option;
    }
    const mismatch = checkBody(field.schema, value);
    if (mismatch) return { problem: mismatch.problem === "Enum" ? "Choice" : "Format" };
    return { value };
}

/** The body with the dialog's answers added at its top level; a body that is not an object is left as it is. */
export function withAnswers(body: unknown, answers?: Record<string, unknown>): unknown {
    if (!answers || typeof body !== "object" || body === null || Array.isArray(body)) return body;
    return { ...(body as Record<string, unknown>), ...answers };
}
