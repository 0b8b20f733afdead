#!/usr/bin/env node
'use strict';
// pcf-scripts build exits 0 even when lint, TypeScript or the manifest fail (docs/platform-facts.md, "PCF tooling"): this wrapper reads
// its log and fails unless it says "[build] Succeeded" and the bundle exists.
const { spawnSync } = require('node:child_process');
const { readOptions } = require('./options');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// An unknown flag fails here instead of being ignored.
const { dev } = readOptions('build', { dev: { type: 'boolean', default: false } }).values;
const bundle = path.join(root, 'out', 'controls', 'FlowInvoker', 'bundle.js');

function fail(message) {
    console.error(`\nbuild failed: ${message}`);
    process.exit(1);
}

fs.rmSync(bundle, { force: true });
const pcf = require.resolve('pcf-scripts/bin/pcf-scripts');
const result = spawnSync(process.execPath, [pcf, 'build', '--buildMode', dev ? 'development' : 'production'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
});
const output = `${result.stdout}${result.stderr}`;
process.stdout.write(output);
// eslint-disable-next-line no-control-regex
const log = output.replace(/\u001b\[[0-9;]*m/g, '');

if (result.status !== 0) fail(`pcf-scripts exited with ${result.status}`);
if (/\[build\] Failed/.test(log)) fail('pcf-scripts reported "[build] Failed" (see the log above)');
if (/\(\d*[1-9]\d* errors?,/.test(log)) fail('ESLint reported errors (see the log above)');
if (/error TS\d+|\[pcf-\d+\] \[Error\]/.test(log)) fail('TypeScript or manifest errors (see the log above)');
if (!/\[build\] Succeeded/.test(log)) fail('pcf-scripts did not report "[build] Succeeded" (see the log above)');
if (!fs.existsSync(bundle)) fail(`${path.relative(root, bundle)} was not written`);
console.log(`\nbuild ok: ${path.relative(root, bundle)} (${fs.statSync(bundle).size} bytes, ${dev ? 'development' : 'production'})`);
