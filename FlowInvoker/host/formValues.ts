import { IInputs } from "../generated/ManifestTypes";
import { FormFacts } from "./formFacts";
import { PlaceholderValues } from "../settings/requestBody";

const INPUTS = ["input1", "input2", "input3", "input4", "input5"] as const;

interface LookupLike {
    id?: unknown;
    name?: unknown;
    entityType?: unknown;
}

function isoDate(date: Date, dateOnly: boolean): string {
    if (!dateOnly) return date.toISOString();
    const pad = (n: number): string => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The column's current value (unsaved edits included) as JSON: numbers stay numbers, dates become ISO text, lookups {id,name,entityType}. */
function jsonValue(property: ComponentFramework.PropertyTypes.Property): unknown {
    const raw: unknown = property.raw;
    if (raw === null || raw === undefined) return null;
    if (raw instanceof Date) return isoDate(raw, property.type === "DateAndTime.DateOnly");
    if (property.type?.startsWith("Lookup") && Array.isArray(raw)) {
        const first = raw[0] as LookupLike | undefined;
        return first
            ? {
                  id: String(first.id ?? "")
                      .replace(/[{}]/g, "")
                      .toLowerCase(),
                  name: first.name ?? null,
                  entityType: first.entityType ?? null,
              }
            : null;
    }
    return raw;
}

/** The value as the user sees it on the form (choice labels, formatted numbers and dates, lookup names). */
function textValue(property: ComponentFramework.PropertyTypes.Property, value: unknown): string {
    if (property.formatted) return property.formatted;
    if (value === null) return "";
    if (typeof value === "object" && !Array.isArray(value) && "name" in value) return String((value as LookupLike).name ?? "");
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** Everything a requestBody template can insert, read at click time. */
export function readPlaceholderValues(parameters: IInputs, facts: FormFacts): PlaceholderValues {
    const plain = (value: string | undefined): { value: unknown; text: string } => ({ value: value ?? null, text: value ?? "" });
    // The column's label lets a message name what the user can fix; an unbound inputN has none.
    const label = (property?: ComponentFramework.PropertyTypes.Property): string | undefined => property?.attributes?.DisplayName || undefined;
    const inputs = Object.fromEntries(
        INPUTS.map((name) => {
            const property = parameters[name];
            const value = property ? jsonValue(property) : null;
            return [name, { value, text: property ? textValue(property, value) : "", column: label(property) }];
        }),
    ) as Record<(typeof INPUTS)[number], { value: unknown; text: string; column?: string }>;
    return { recordId: plain(facts.recordId), entityName: plain(facts.entityName), userId: plain(facts.userId), ...inputs };
}
