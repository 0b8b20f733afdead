/** @jest-environment node */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { REDIRECT_PAGE_PATH } from "../../../FlowInvoker/settings/settings";
import { currentPackages, entriesOf, Entries, packaging, Packages, ROOT } from "./packages";

type Xml = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", parseTagValue: false });

function xml(data: Buffer | string | undefined, what: string): Xml {
    expect(data).toBeDefined();
    const text = data!.toString();
    expect({ what, valid: XMLValidator.validate(text) }).toEqual({ what, valid: true });
    return parser.parse(text) as Xml;
}

/** Dotted lookup in parsed XML, e.g. get(doc, "ImportExportXml.SolutionManifest.Version"). */
function get(doc: unknown, dotted: string): unknown {
    return dotted.split(".").reduce<unknown>((node, key) => (node as Xml | undefined)?.[key], doc);
}

/** Every `path` attribute under the manifest's <resources>, found here independently of scripts/package.js. */
function namedFiles(manifest: Xml): string[] {
    const found: string[] = [];
    const walk = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(walk);
        if (!node || typeof node !== "object") return;
        const record = node as Xml;
        if (typeof record["@_path"] === "string") found.push(record["@_path"]);
        Object.keys(record)
            .filter((key) => !key.startsWith("@_"))
            .forEach((key) => walk(record[key]));
    };
    walk(get(manifest, "manifest.control.resources"));
    return found;
}

const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
const inputManifest = xml(fs.readFileSync(path.join(ROOT, "FlowInvoker", "ControlManifest.Input.xml")), "ControlManifest.Input.xml");
const source = xml(fs.readFileSync(path.join(ROOT, packaging.SOURCE, "Solution.xml")), "Solutions/src/Other/Solution.xml");
const prefix = get(source, "ImportExportXml.SolutionManifest.Publisher.CustomizationPrefix") as string;
const namespace = get(inputManifest, "manifest.control.@_namespace") as string;
const constructorName = get(inputManifest, "manifest.control.@_constructor") as string;
const controlName = `${prefix}_${namespace}.${constructorName}`;
const folder = `Controls/${controlName}`;

let packages: Packages;
let managed: Entries;
let unmanaged: Entries;

beforeAll(async () => {
    packages = await currentPackages();
    managed = await entriesOf(packages.managed);
    unmanaged = await entriesOf(packages.unmanaged);
}, 300_000);

describe("the solution project (Solutions/)", () => {
    it("names the solution, publisher and prefix as Dataverse allows", () => {
        expect(get(source, "ImportExportXml.SolutionManifest.UniqueName")).toBe("FlowInvoker");
        expect(get(source, "ImportExportXml.SolutionManifest.Publisher.UniqueName")).toBe("flowinvoker");
        expect(prefix).toMatch(/^(?!mscrm)[a-z][a-z0-9]{1,7}$/);
        const optionValuePrefix = Number(get(source, "ImportExportXml.SolutionManifest.Publisher.CustomizationOptionValuePrefix"));
        expect(optionValuePrefix).toBeGreaterThanOrEqual(10000);
        expect(optionValuePrefix).toBeLessThanOrEqual(99999);
    });

    it("keeps Customizations.xml and Relationships.xml well-formed, and the cdsproj references the control project", () => {
        xml(fs.readFileSync(path.join(ROOT, packaging.SOURCE, "Customizations.xml")), "Customizations.xml");
        xml(fs.readFileSync(path.join(ROOT, packaging.SOURCE, "Relationships.xml")), "Relationships.xml");
        const cdsproj = xml(fs.readFileSync(path.join(ROOT, "Solutions", "FlowInvokerSolution.cdsproj")), "FlowInvokerSolution.cdsproj");
        const references = JSON.stringify(get(cdsproj, "Project.ItemGroup"));
        expect(references).toContain('"@_Include":"..\\\\FlowInvoker.pcfproj"');
        expect(fs.existsSync(path.join(ROOT, "FlowInvoker.pcfproj"))).toBe(true);
    });

    it("is in step with package.json and the manifest (x.y.z, x.y.z and x.y.z.0)", () => {
        expect(get(inputManifest, "manifest.control.@_version")).toBe(packageJson.version);
        expect(get(source, "ImportExportXml.SolutionManifest.Version")).toBe(`${packageJson.version}.0`);
    });
});

describe("npm run package", () => {
    it("writes Solutions/bin/<UniqueName>_<x_y_z_0>_managed.zip and _unmanaged.zip", () => {
        const stem = `FlowInvoker_${packageJson.version.replace(/\./g, "_")}_0`;
        expect(path.relative(ROOT, packages.files.managed)).toBe(path.join("Solutions", "bin", `${stem}_managed.zip`));
        expect(path.relative(ROOT, packages.files.unmanaged)).toBe(path.join("Solutions", "bin", `${stem}_unmanaged.zip`));
    });

    it("holds the solution files and, under Controls, the built manifest and exactly the files it names", () => {
        const manifest = xml(managed.get(`${folder}/ControlManifest.xml`), "the packaged ControlManifest.xml");
        const named = namedFiles(manifest);
        expect(named).toEqual(expect.arrayContaining(["bundle.js", "auth/redirect.html"]));
        expect(named.some((file) => /^strings\/.+\.\d+\.resx$/.test(file))).toBe(true);
        expect([...managed.keys()].sort()).toEqual(
            ["[Content_Types].xml", "customizations.xml", "solution.xml", `${folder}/ControlManifest.xml`, ...named.map((file) => `${folder}/${file}`)].sort(),
        );
    });

    it("copies the build output byte for byte", () => {
        const built = path.join(ROOT, packaging.BUILT);
        for (const [name, data] of managed) {
            if (!name.startsWith(`${folder}/`)) continue;
            expect({ name, same: data.equals(fs.readFileSync(path.join(built, name.slice(folder.length + 1)))) }).toEqual({ name, same: true });
        }
    });

    it("parses: every XML file in the zip is well-formed", () => {
        for (const [name, data] of managed) {
            if (/\.(xml|resx)$/.test(name)) xml(data, name);
        }
    });

    it("agrees on names, version, prefix and root component across solution.xml, customizations.xml, the manifest and package.json", () => {
        const solution = xml(managed.get("solution.xml"), "solution.xml");
        const customizations = xml(managed.get("customizations.xml"), "customizations.xml");
        const manifest = xml(managed.get(`${folder}/ControlManifest.xml`), "ControlManifest.xml");

        expect(get(solution, "ImportExportXml.SolutionManifest.UniqueName")).toBe(get(source, "ImportExportXml.SolutionManifest.UniqueName"));
        expect(get(solution, "ImportExportXml.SolutionManifest.LocalizedNames")).toEqual(get(source, "ImportExportXml.SolutionManifest.LocalizedNames"));
        expect(get(solution, "ImportExportXml.SolutionManifest.Publisher")).toEqual(get(source, "ImportExportXml.SolutionManifest.Publisher"));
        expect(get(solution, "ImportExportXml.SolutionManifest.Version")).toBe(`${packageJson.version}.0`);
        expect(get(manifest, "manifest.control.@_version")).toBe(packageJson.version);
        expect(get(manifest, "manifest.control.@_namespace")).toBe(namespace);
        expect(get(manifest, "manifest.control.@_constructor")).toBe(constructorName);

        expect(get(solution, "ImportExportXml.SolutionManifest.RootComponents.RootComponent")).toEqual({
            "@_type": "66",
            "@_schemaName": controlName,
            "@_behavior": "0",
        });
        expect(get(customizations, "ImportExportXml.CustomControls.CustomControl")).toEqual({
            Name: controlName,
            FileName: `/${folder}/ControlManifest.xml`,
        });
        for (const empty of ["Entities", "Roles", "Workflows", "optionsets", "SolutionPluginAssemblies", "EntityDataProviders"]) {
            expect(get(customizations, `ImportExportXml.${empty}`)).toBe("");
        }
    });

    it("declares a content type for every file", () => {
        const types = xml(managed.get("[Content_Types].xml"), "[Content_Types].xml");
        const defaults = ([] as Xml[]).concat(get(types, "Types.Default") as Xml[]).map((entry) => entry["@_Extension"]);
        for (const name of managed.keys()) {
            expect({ name, typed: defaults.includes(path.extname(name).slice(1).toLowerCase()) }).toEqual({ name, typed: true });
        }
        expect(JSON.stringify(get(types, "Types.Override"))).toContain(`/${folder}/ControlManifest.xml`);
    });

    it("ships the redirect page where the control expects Dataverse to serve it", () => {
        // Dataverse serves a control's files at /webresources/cc_<namespace>.<constructor>/<path>, whatever the publisher prefix.
        const page = REDIRECT_PAGE_PATH.replace(`/webresources/cc_${namespace}.${constructorName}/`, `${folder}/`);
        expect(managed.has(page)).toBe(true);
    });

    it("makes managed and unmanaged differ only in solution.xml's <Managed>", () => {
        expect([...unmanaged.keys()]).toEqual([...managed.keys()]);
        for (const [name, data] of managed) {
            if (name !== "solution.xml") expect({ name, same: data.equals(unmanaged.get(name) as Buffer) }).toEqual({ name, same: true });
        }
        const managedXml = managed.get("solution.xml")!.toString();
        const unmanagedXml = unmanaged.get("solution.xml")!.toString();
        expect(get(xml(managedXml, "managed solution.xml"), "ImportExportXml.SolutionManifest.Managed")).toBe("1");
        expect(get(xml(unmanagedXml, "unmanaged solution.xml"), "ImportExportXml.SolutionManifest.Managed")).toBe("0");
        expect(managedXml.replace("<Managed>1</Managed>", "<Managed>0</Managed>")).toBe(unmanagedXml);
    });

    it("gives byte-identical zips for the same inputs", async () => {
        const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "flowinvoker-package-"));
        try {
            // Compared with the zips npm run package wrote (another process, perhaps another day) when they are current.
            const again = await packaging.packageSolution({ root: ROOT, outDir });
            for (const kind of ["managed", "unmanaged"] as const) {
                const same = fs.readFileSync(again[kind]).equals(packages[kind]);
                expect({ zip: path.relative(ROOT, packages.files[kind]), sameBytes: same }).toEqual({
                    zip: path.relative(ROOT, packages.files[kind]),
                    sameBytes: true,
                });
            }
        } finally {
            fs.rmSync(outDir, { recursive: true, force: true });
        }
    });
});
