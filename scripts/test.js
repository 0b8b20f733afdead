#!/usr/bin/env node
'use strict';
// The README's test command: production build, unit tests (jest), then the browser scenarios against the emulated tenant.
// Ends with one line "tests: N passed, N failed" and a non-zero exit on any failure.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const skipBuild = process.argv.includes('--no-build');
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

const e2eDir = path.join(root, 'test', 'e2e');
const e2eFiles = fs.existsSync(e2eDir) ? fs.readdirSync(e2eDir).filter((file) => file.endsWith('.test.js')).map((file) => path.join(e2eDir, file)) : [];
if (e2eFiles.length > 0) {
  const e2e = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...e2eFiles], { cwd: root, encoding: 'utf8', env: process.env });
  process.stdout.write(`\n> browser scenarios (node --test)\n${e2e.stdout}${e2e.stderr}`);
  const count = (name) => Number((new RegExp(`^ℹ ${name} (\\d+)`, 'm').exec(e2e.stdout) ?? [])[1] ?? 0);
  totals.passed += count('pass');
  totals.failed += count('fail') + count('cancelled');
  if (e2e.status !== 0 && count('fail') + count('cancelled') === 0) totals.failed += 1;
  console.log(`browser: ${count('pass')} passed, ${count('fail') + count('cancelled')} failed`);
}

console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
