#!/usr/bin/env node
'use strict';
// Keeps the three version numbers of a release in step:
//   package.json "version"                        x.y.z   (npm, the zip names, the CHANGELOG)
//   FlowInvoker/ControlManifest.Input.xml control  x.y.z   (Dataverse replaces a control on import only when this grows)
//   Solutions/src/Other/Solution.xml <Version>     x.y.z.0 (Dataverse solution versions are major.minor.build.revision)
//
// Usage:
//   npm version 0.2.0            npm bumps package.json and package-lock.json, then runs this as its `version` lifecycle
//                                script; the two files written here are staged so that npm's commit and v0.2.0 tag hold them.
//   npm run version -- 0.2.0     the same edits, package.json and package-lock.json included, with no commit or tag.
//   node scripts/version.js      re-sync the manifest and Solution.xml to package.json.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const MANIFEST = 'FlowInvoker/ControlManifest.Input.xml';
const SOLUTION = 'Solutions/src/Other/Solution.xml';
const MAX_PART = 2147483647; // each part of a Dataverse version is a 32-bit integer

/** Plain x.y.z only: a pre-release or build suffix has no place in a manifest or solution version. */
function parseSemver(version) {
    const match = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(String(version));
    if (!match) throw new Error(`"${version}" is not a plain x.y.z version (no "v", pre-release or build suffix)`);
    const parts = match.slice(1).map(Number);
    if (parts.some((part) => part > MAX_PART)) throw new Error(`"${version}": each part must be at most ${MAX_PART}`);
    return parts;
}

/** x.y.z -> x.y.z.0. The revision stays 0: a re-release of the same code is not needed, a fix gets a new patch. */
function toSolutionVersion(version) {
    return `${parseSemver(version).join('.')}.0`;
}

function compare(a, b) {
    const [x, y] = [parseSemver(a), parseSemver(b)];
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
}

/** Replaces exactly one match, so a file of unexpected shape fails loudly instead of being half-edited. */
function replaceOnce(text, pattern, replacement, what) {
    const count = (text.match(new RegExp(pattern.source, 'g')) || []).length;
    if (count !== 1) throw new Error(`expected one ${what}, found ${count}`);
    return text.replace(pattern, replacement);
}

function readJson(file) {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function writeJson(file, data) {
    fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`); // npm's own format
}

/**
 * Sets every version under `root` to `version` (default: package.json's). Returns the files it wrote, relative to root.
 * package.json and package-lock.json are written only when they differ, i.e. not when npm has just bumped them.
 */
function setVersion(root, version) {
    const pkgFile = path.join(root, 'package.json');
    const pkg = readJson(pkgFile);
    const next = version === undefined ? pkg.version : version;
    parseSemver(next);

    // Work out every edit before writing any, so a file of unexpected shape leaves nothing half-done.
    const manifestFile = path.join(root, MANIFEST);
    const manifest = fs.readFileSync(manifestFile, 'utf8');
    // Only the version attribute of <control>: the resx entries carry versions of their own.
    const controlVersion = /(<control\b[^>]*?\sversion=")([^"]*)(")/;
    const newManifest = replaceOnce(manifest, controlVersion, `$1${next}$3`, `<control version="…"> in ${MANIFEST}`);
    const solutionFile = path.join(root, SOLUTION);
    const solution = fs.readFileSync(solutionFile, 'utf8');
    const newSolution = replaceOnce(solution, /<Version>[^<]*<\/Version>/, `<Version>${toSolutionVersion(next)}</Version>`, `<Version> in ${SOLUTION}`);

    const current = controlVersion.exec(manifest)[2];
    if (/^\d+\.\d+\.\d+$/.test(current) && compare(next, current) < 0) {
        console.warn(`version: ${next} is lower than the manifest's ${current}: Dataverse keeps an installed control unless the new version is higher.`);
    }

    const written = [];
    if (pkg.version !== next) {
        pkg.version = next;
        writeJson(pkgFile, pkg);
        written.push('package.json');
        const lockFile = path.join(root, 'package-lock.json');
        if (fs.existsSync(lockFile)) {
            const lock = readJson(lockFile);
            lock.version = next;
            if (lock.packages && lock.packages['']) lock.packages[''].version = next;
            writeJson(lockFile, lock);
            written.push('package-lock.json');
        }
    }
    for (const [file, before, after, name] of [
        [manifestFile, manifest, newManifest, MANIFEST],
        [solutionFile, solution, newSolution, SOLUTION],
    ]) {
        if (after === before) continue;
        fs.writeFileSync(file, after);
        written.push(name);
    }
    return written;
}

/** Under `npm version`, stage our files so npm's commit and tag include them (npm stages only package*.json itself). */
function stageForNpmVersion(root, files) {
    const gitTagVersion = process.env.npm_config_git_tag_version; // "" under --no-git-tag-version
    if (process.env.npm_command !== 'version' || gitTagVersion === '' || gitTagVersion === 'false') return;
    const inGit = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root, encoding: 'utf8' });
    if (inGit.status !== 0) return;
    const add = spawnSync('git', ['add', '--', ...files], { cwd: root, stdio: 'inherit' });
    if (add.status !== 0) throw new Error('git add failed');
}

function main(argv) {
    const root = path.resolve(__dirname, '..');
    const usage = 'usage: node scripts/version.js [x.y.z]   (or: npm version x.y.z)';
    let args;
    try {
        args = parseArgs({ args: argv, options: {}, allowPositionals: true }).positionals;
    } catch {
        throw new Error(usage);
    }
    if (args.length > 1) throw new Error(usage);
    const written = setVersion(root, args[0]);
    const version = readJson(path.join(root, 'package.json')).version;
    stageForNpmVersion(root, [MANIFEST, SOLUTION]);
    console.log(`version ${version} (solution ${toSolutionVersion(version)})${written.length ? `: wrote ${written.join(', ')}` : ': already in step'}`);
}

if (require.main === module) {
    try {
        main(process.argv.slice(2));
    } catch (error) {
        console.error(`version: ${error.message}`);
        process.exit(1);
    }
}

module.exports = { parseSemver, toSolutionVersion, setVersion, replaceOnce, MANIFEST, SOLUTION };
