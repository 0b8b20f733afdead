#!/usr/bin/env node
'use strict';
// The README's test command: production build, lint and formatting, unit tests (jest), then the browser scenarios against the emulated tenant,
// once on each platform library pair (React 16.14.0 / Fluent 9.46.2 and React 17.0.2 / Fluent 9.68.0), side by side.
// Ends with one line "tests: N passed, N failed" and a non-zero exit on any failure.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { readOptions } = require('./options');

const root = path.resolve(__dirname, '..');
const skipBuild = readOptions('test', { 'no-build': { type: 'boolean', default: false } }).values['no-build'];
const totals = { passed: 0, failed: 0 };

function run(command, args, label) {
    console.log(`\n> ${label}`);
    return spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
}

if (!skipBuild) {
    const build = run(process.execPath, [path.join(__dirname, 'build.js')], 'npm run build');
    if (build.status !== 0) {
        console.error('\nbuild failed: no tests were run');
        console.log('tests: 0 passed, 1 failed');
        process.exit(1);
    }
}

// pcf-scripts lints only the control's own files; this covers tests and scripts, and Prettier's formatting check.
const lint = run('npm', ['run', '--silent', 'lint'], 'npm run lint');
if (lint.status === 0) totals.passed += 1;
else {
    totals.failed += 1;
    console.error('lint: failed (see above); `npm run format` fixes formatting');
}

const report = path.join(os.tmpdir(), `flowinvoker-jest-${process.pid}.json`);
const jest = run(process.execPath, [require.resolve('jest/bin/jest'), '--ci', '--json', `--outputFile=${report}`], 'unit tests (jest)');
try {
    const summary = JSON.parse(fs.readFileSync(report, 'utf8'));
    totals.passed += summary.numPassedTests;
    totals.failed += summary.numFailedTests + summary.numRuntimeErrorTestSuites;
    console.log(`unit: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed`);
} catch {
    totals.failed += 1;
    console.error('unit: jest wrote no report');
}
if (jest.status !== 0 && totals.failed === 0) totals.failed += 1;

// The browser suites run once per platform library pair the form can host (test/sandbox/README.md "Platform libraries"):
// the pair the manifest declares and the pair model-driven apps load. The two passes run side by side (each its own
// sandbox, Chromium and port; files one at a time within a pass), which halves the wall-clock time on CI's 2 cores.
// Spec output streams as it runs, each line prefixed by its pass; the counts come from a TAP report per pass.
const { PLATFORMS } = require('../test/sandbox/form');
const suiteFiles = (dir) =>
    fs.existsSync(dir)
        ? fs
              .readdirSync(dir)
              .filter((file) => file.endsWith('.test.js'))
              .sort()
              .map((file) => path.join(dir, file))
        : [];
// The emulators' self-tests run first and apart: a failure there is the sandbox's, not the control's.
const emulatorPass = { platform: 'react16', tag: 'emulators', label: 'emulator self-tests', files: suiteFiles(path.join(root, 'test', 'emulators')) };
const controlFiles = suiteFiles(path.join(root, 'test', 'e2e'));
const passes = ['react16', 'react17'].map((platform) => ({ platform, tag: platform, label: `browser (${PLATFORMS[platform].label})`, files: controlFiles }));

function browserPass({ platform, tag, label, files }) {
    const tap = path.join(os.tmpdir(), `flowinvoker-e2e-${label.replace(/\W+/g, '-')}-${process.pid}.tap`);
    fs.rmSync(tap, { force: true });
    console.log(`\n> ${label}: node --test, FLOWINVOKER_PLATFORM=${platform}`);
    const started = Date.now();
    const child = spawn(
        process.execPath,
        [
            '--test',
            '--test-concurrency=1',
            '--test-reporter=spec',
            '--test-reporter-destination=stdout',
            '--test-reporter=tap',
            `--test-reporter-destination=${tap}`,
            ...files,
        ],
        { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FLOWINVOKER_PLATFORM: platform } },
    );
    for (const stream of [child.stdout, child.stderr]) {
        let rest = '';
        stream.on('data', (chunk) => {
            const lines = (rest + chunk).split('\n');
            rest = lines.pop();
            for (const line of lines) process.stdout.write(`[${tag}] ${line}\n`);
        });
        stream.on('end', () => rest && process.stdout.write(`[${tag}] ${rest}\n`));
    }
    return new Promise((resolve) =>
        child.on('close', (code, signal) => {
            const seconds = Math.round((Date.now() - started) / 1000);
            const report = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
            fs.rmSync(tap, { force: true });
            // node --test ends its TAP report with one top-level "# pass N", "# fail N", … line each (the last match is the total).
            const count = (name) => {
                const all = [...report.matchAll(new RegExp(`^# ${name} (\\d+)$`, 'gm'))];
                return all.length ? Number(all[all.length - 1][1]) : null;
            };
            const passed = count('pass') ?? 0;
            let failed = (count('fail') ?? 0) + (count('cancelled') ?? 0);
            if (count('pass') === null) {
                failed += 1;
                console.error(`${label}: node --test wrote no TAP summary`);
            }
            if ((code !== 0 || signal) && failed === 0) failed += 1;
            const notRun = [count('skipped') && `${count('skipped')} skipped`, count('todo') && `${count('todo')} todo`].filter(Boolean);
            resolve({
                passed,
                failed,
                line: `${label}: ${passed} passed, ${failed} failed${notRun.length ? ` (not counted: ${notRun.join(', ')})` : ''} in ${seconds} s`,
            });
        }),
    );
}

(async () => {
    const timings = [];
    if (emulatorPass.files.length === 0 || controlFiles.length === 0) {
        console.error('test/emulators/ or test/e2e/ holds no suite');
        totals.failed += 1;
    }
    const results = [await browserPass(emulatorPass), ...(await Promise.all(passes.map(browserPass)))];
    for (const r of results) {
        totals.passed += r.passed;
        totals.failed += r.failed;
        timings.push(r.line);
    }
    if (timings.length) console.log(`\n${timings.join('\n')}`);
    console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
    process.exit(totals.failed === 0 ? 0 : 1);
})();
