import * as fs from "fs";
import * as path from "path";
import JSZip from "jszip";

export const ROOT = path.resolve(__dirname, "..", "..", "..");

/** The parts of scripts/package.js (plain Node) that the tests call. */
export interface Packaging {
    packageSolution(options?: { root?: string; outDir?: string }): Promise<{ managed: string; unmanaged: string }>;
    buildZip(inputs: Inputs, managed: boolean): Promise<Buffer>;
    readInputs(root?: string): Inputs;
    runBuild(root?: string): void;
    zipName(uniqueName: string, version: string, managed: boolean): string;
    OUT: string;
    BUILT: string;
    SOURCE: string;
}

export interface Inputs {
    version: string;
    controlName: string;
    source: { uniqueName: string; prefix: string; publisher: string };
}

/** The parts of scripts/version.js that the tests call. */
export interface Versioning {
    parseSemver(version: string): number[];
    toSolutionVersion(version: string): string;
    MANIFEST: string;
    SOLUTION: string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const packaging = require(path.join(ROOT, "scripts", "package.js")) as Packaging;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const versioning = require(path.join(ROOT, "scripts", "version.js")) as Versioning;

export type Entries = Map<string, Buffer>;

export async function entriesOf(zip: Buffer): Promise<Entries> {
    const archive = await JSZip.loadAsync(zip);
    const entries: Entries = new Map();
    for (const file of Object.values(archive.files)) {
        entries.set(file.name, await file.async("nodebuffer"));
    }
    return entries;
}

function sameEntries(a: Entries, b: Entries): boolean {
    return a.size === b.size && [...a].every(([name, data], i) => [...b.keys()][i] === name && data.equals(b.get(name) as Buffer));
}

export interface Packages {
    managed: Buffer;
    unmanaged: Buffer;
    files: { managed: string; unmanaged: string };
    inputs: Inputs;
}

/**
 * The zips `npm run package` wrote, when they are those of the current build and sources. Missing or stale ones (another
 * build, another Solution.xml) are rewritten by calling the packaging function. A zip with the same content as a fresh
 * packaging but other bytes is kept, for the byte-identity test to catch.
 */
export async function currentPackages(): Promise<Packages> {
    if (!fs.existsSync(path.join(ROOT, packaging.BUILT, "ControlManifest.xml"))) packaging.runBuild(ROOT);
    const inputs = packaging.readInputs(ROOT);
    const files = {
        managed: path.join(ROOT, packaging.OUT, packaging.zipName(inputs.source.uniqueName, inputs.version, true)),
        unmanaged: path.join(ROOT, packaging.OUT, packaging.zipName(inputs.source.uniqueName, inputs.version, false)),
    };
    for (const managed of [true, false]) {
        const file = managed ? files.managed : files.unmanaged;
        const fresh = await entriesOf(await packaging.buildZip(inputs, managed));
        if (!fs.existsSync(file) || !sameEntries(await entriesOf(fs.readFileSync(file)), fresh)) {
            await packaging.packageSolution({ root: ROOT });
            break;
        }
    }
    return { managed: fs.readFileSync(files.managed), unmanaged: fs.readFileSync(files.unmanaged), files, inputs };
}
