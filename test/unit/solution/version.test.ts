/** @jest-environment node */
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT, versioning } from "./packages";

const { MANIFEST, SOLUTION } = versioning;
const LOCK =
    JSON.stringify({ name: "flowinvoker", version: "0.1.0", lockfileVersion: 3, packages: { "": { name: "flowinvoker", version: "0.1.0" } } }, null, 2) + "\n";

let root: string;

function read(file: string): string {
    return fs.readFileSync(path.join(root, file), "utf8");
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
    return spawnSync(command, args, { cwd: root, encoding: "utf8", env: { ...process.env, ...env } });
}

/** A temporary copy of the files version.js edits, with package.json's "version" script as the README asks for. */
beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "flowinvoker-version-"));
    for (const file of ["scripts/version.js", MANIFEST, SOLUTION]) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, file), path.join(root, file));
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    pkg.version = "0.1.0";
    pkg.scripts = { version: "node scripts/version.js" };
    fs.writeFileSync(path.join(root, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
    fs.writeFileSync(path.join(root, "package-lock.json"), LOCK);
    // The copies start at 0.1.0 whatever the repo is at now.
    fs.writeFileSync(path.join(root, MANIFEST), read(MANIFEST).replace(/(<control\b[^>]*?\sversion=")[^"]*/, "$10.1.0"));
    fs.writeFileSync(path.join(root, SOLUTION), read(SOLUTION).replace(/<Version>[^<]*</, "<Version>0.1.0.0<"));
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function versions(): Record<string, string> {
    const lock = JSON.parse(read("package-lock.json"));
    return {
        package: JSON.parse(read("package.json")).version,
        lock: `${lock.version} ${lock.packages[""].version}`,
        manifest: /<control\b[^>]*?\sversion="([^"]*)"/.exec(read(MANIFEST))![1],
        solution: /<Version>([^<]*)<\/Version>/.exec(read(SOLUTION))![1],
    };
}

describe("version numbers", () => {
    it("accepts plain x.y.z only and maps it to the solution's x.y.z.0", () => {
        expect(versioning.toSolutionVersion("0.1.0")).toBe("0.1.0.0");
        expect(versioning.toSolutionVersion("10.20.30")).toBe("10.20.30.0");
        for (const bad of ["v1.2.3", "1.2", "1.2.3.4", "1.2.3-beta.1", "1.2.3+build", "01.2.3", "", "2147483648.0.0"]) {
            expect(() => versioning.parseSemver(bad)).toThrow();
        }
    });
});

describe("scripts/version.js", () => {
    it("sets package.json, package-lock.json, the manifest's control version and the solution version", () => {
        const manifestBefore = read(MANIFEST);
        const result = run(process.execPath, ["scripts/version.js", "1.4.2"]);
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        expect(versions()).toEqual({ package: "1.4.2", lock: "1.4.2 1.4.2", manifest: "1.4.2", solution: "1.4.2.0" });
        // Nothing else in the manifest moves: the resx and platform-library versions stay.
        expect(read(MANIFEST).replace('version="1.4.2"', 'version="0.1.0"')).toBe(manifestBefore);
    });

    it("refuses a version that is not x.y.z and changes nothing", () => {
        const result = run(process.execPath, ["scripts/version.js", "1.5.0-beta.1"]);
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(/not a plain x\.y\.z version/);
        expect(versions()).toEqual({ package: "0.1.0", lock: "0.1.0 0.1.0", manifest: "0.1.0", solution: "0.1.0.0" });
    });

    it("runs as npm's version lifecycle script: npm version x.y.z commits and tags all three files", () => {
        const git = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.invalid", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.invalid" };
        for (const args of [
            ["init", "-q"],
            ["add", "-A"],
            ["commit", "-qm", "start"],
        ])
            expect(run("git", args, git).status).toBe(0);

        const npm = run("npm", ["version", "2.0.0"], git);
        expect(npm.status).toBe(0);
        expect(versions()).toEqual({ package: "2.0.0", lock: "2.0.0 2.0.0", manifest: "2.0.0", solution: "2.0.0.0" });
        expect(run("git", ["status", "--porcelain"]).stdout).toBe("");
        const committed = run("git", ["show", "--name-only", "--format=", "v2.0.0^{commit}"]).stdout.trim().split("\n").sort();
        expect(committed).toEqual([MANIFEST, SOLUTION, "package-lock.json", "package.json"].sort());
    }, 60_000);
});
