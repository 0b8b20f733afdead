import * as fs from "fs";
import * as path from "path";
import { MANIFEST_KIND, PROPERTY_NAMES, PropertyName, PropertySpec, SCHEMA } from "../../../FlowInvoker/settings/schema";
import { MANIFEST_PATH, loadResx } from "../resx";

const spec = (name: PropertyName): PropertySpec => SCHEMA[name];

/** The manifest's <property> elements: their attributes and, for a choice, its values and their display keys. */
function manifestProperties(xml: string): Map<string, { attributes: Record<string, string>; values: [string, string][] }> {
    const found = new Map<string, { attributes: Record<string, string>; values: [string, string][] }>();
    for (const match of xml.matchAll(/<property\s([^>]*?)(\/>|>([\s\S]*?)<\/property>)/g)) {
        const attributes = Object.fromEntries([...match[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((pair) => [pair[1], pair[2]]));
        const values = [...(match[3] ?? "").matchAll(/<value name="([^"]+)" display-name-key="([^"]+)"/g)].map((value): [string, string] => [
            value[1],
            value[2],
        ]);
        found.set(attributes.name, { attributes, values });
    }
    return found;
}

const manifest = manifestProperties(fs.readFileSync(MANIFEST_PATH, "utf8"));
const displayKey = (name: PropertyName): string => `Property_${name}_Display`;
const descriptionKey = (name: PropertyName): string => spec(name).descriptionKey ?? `Property_${name}_Desc`;

describe("the manifest declares exactly the schema's properties", () => {
    it("with the same names", () => {
        expect([...manifest.keys()].sort()).toEqual([...PROPERTY_NAMES].sort());
    });

    it.each(PROPERTY_NAMES)("%s: of-type, usage, required, default and string keys as the schema says", (name) => {
        const declared = manifest.get(name)?.attributes ?? {};
        const kind = MANIFEST_KIND[spec(name).kind];
        const manifestDefault = ["choice", "yesNo"].includes(spec(name).kind) ? spec(name).default : undefined;
        expect(declared).toEqual({
            name,
            "display-name-key": displayKey(name),
            "description-key": descriptionKey(name),
            ...(kind.ofType ? { "of-type": kind.ofType } : { "of-type-group": kind.ofTypeGroup }),
            usage: kind.usage,
            required: String(spec(name).required === true),
            ...(manifestDefault === undefined ? {} : { "default-value": String(manifestDefault) }),
        });
    });

    it.each(PROPERTY_NAMES.filter((name) => spec(name).kind === "choice"))("%s: the manifest lists the schema's values", (name) => {
        expect(manifest.get(name)?.values.map(([value]) => value)).toEqual(spec(name).values);
    });
});

describe.each([1033, 1031, 1029])("resx %s", (languageId) => {
    const strings = loadResx(languageId);
    const keysOf = (name: PropertyName): string[] => [displayKey(name), descriptionKey(name), ...(manifest.get(name)?.values ?? []).map(([, key]) => key)];

    it.each(PROPERTY_NAMES)("has the display name and description of %s (and of its choices)", (name) => {
        for (const key of keysOf(name)) expect({ key, text: strings[key]?.trim() || undefined }).toEqual({ key, text: expect.any(String) });
    });
});

/** The README "Properties" table, row by row: the property names in its first cell (`input1` … `input5` spelt out). */
function readmeRows(readme: string): { names: string[]; required: string; text: string }[] {
    const section = readme.split(/^## Properties$/m)[1]?.split(/^#{2,3} /m)[0] ?? "";
    return section
        .split("\n")
        .filter((line) => /^\| `/.test(line))
        .map((line) => {
            const [first, required, text] = line
                .split("|")
                .slice(1, 4)
                .map((cell) => cell.trim());
            let names = [...first.matchAll(/`(\w+)`/g)].map((match) => match[1]);
            const range = /^`(\D+)(\d+)` … `\1(\d+)`$/.exec(first);
            if (range) names = Array.from({ length: Number(range[3]) - Number(range[2]) + 1 }, (_, i) => `${range[1]}${Number(range[2]) + i}`);
            return { names, required, text };
        });
}

describe("README, Properties", () => {
    const rows = readmeRows(fs.readFileSync(path.join(__dirname, "..", "..", "..", "README.md"), "utf8"));
    const rowOf = (name: string): { names: string[]; required: string; text: string } | undefined => rows.find((row) => row.names.includes(name));

    it("has a row for every property and none for a property the control does not have", () => {
        expect(rows.flatMap((row) => row.names).sort()).toEqual([...PROPERTY_NAMES].sort());
    });

    it.each(PROPERTY_NAMES)("%s: says whether it is required or bound, and its default", (name) => {
        const row = rowOf(name);
        // Required in the manifest: "yes…"; otherwise never a plain "yes" (a condition such as "yes, in Queue mode" is fine).
        if (spec(name).required) expect(row?.required).toMatch(/^yes\b/);
        else expect(row?.required).not.toMatch(/^yes( \(bound\))?$/);
        expect(row?.required.includes("(bound)")).toBe(MANIFEST_KIND[spec(name).kind].usage === "bound");
        const given = spec(name).default;
        if (given === undefined) return;
        const shown = typeof given === "boolean" ? (given ? "*Yes*" : "*No*") : String(given);
        expect(row?.text).toMatch(/default/i);
        expect(row?.text).toContain(shown);
    });
});
