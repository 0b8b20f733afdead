'use strict';
// `npm start`: the emulated tenant with the built control on an imitation model-driven form in Chromium.
// With a display: opens the form for you to click. Without one (or with --headless): clicks through itself,
// signs in through the popup, prints every request the emulators saw and the outcome, saves a screenshot.
//
// Options (--name=value or --name value): --headless  --config=<name> (see test/sandbox/tenant/configs.js CONFIGS)  --user=<adele|megan|noflowread|guest>
//          --config=check-<name>: the setup check on that setup (test/sandbox/tenant/setupCheckConfigs.js), report printed
//          --port=<n>  --standin (use the sandbox's own stand-in control instead of out/controls/FlowInvoker)

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const sandbox = require('../test/sandbox/server');
// The browser suites' kit: the same click, sign-in and "run finished" reading as every suite (README "Project layout").
const { T, launch, clickAndWait, SUCCEEDED } = require('../test/e2e/browserKit');
const setupCheck = require('../test/sandbox/tenant/setupCheckConfigs'); // adds the check-<name> configs
const { DEFAULT_CONTROL_DIR, ROOT } = require('../test/sandbox/form');

const { readOptions } = require('./options');

const options = readOptions('npm start', {
    headless: { type: 'boolean', default: false },
    standin: { type: 'boolean', default: false },
    config: { type: 'string', default: 'default' },
    user: { type: 'string', default: 'adele' },
    port: { type: 'string', default: '0' },
}).values;

async function controlDir() {
    if (options.standin) return require('../test/sandbox/fixtures/build').buildStandIn();
    if (!fs.existsSync(path.join(DEFAULT_CONTROL_DIR, 'bundle.js'))) {
        console.log('No build found: running npm run build …');
        const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
        if (r.status !== 0 || !fs.existsSync(path.join(DEFAULT_CONTROL_DIR, 'bundle.js')))
            throw new Error('npm run build did not produce out/controls/FlowInvoker/bundle.js');
    }
    return DEFAULT_CONTROL_DIR;
}

function printRequests(requests, since) {
    console.log('\nRequests the emulated tenant saw:');
    for (const r of requests) {
        const where = `${r.host}${r.path}`;
        console.log(
            `  +${String(r.start - since).padStart(5)}ms ${r.method.padEnd(7)} ${String(r.status).padEnd(4)} ${String(r.ms).padStart(4)}ms  ${where.length > 110 ? `${where.slice(0, 107)}…` : where}`,
        );
    }
}

async function headless(srv, browser, config, userKey) {
    const page = await browser.newPage();
    const logs = [];
    page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
    const t0 = Date.now();
    await page.goto(srv.formUrl({ config, user: userKey }));
    await page.getByTestId('flowinvoker-run').first().waitFor({ timeout: 30000 });
    const loaded = Date.now();
    let outcome, error;
    try {
        const upn = T.USERS[userKey].upn;
        outcome = setupCheck.isCheckConfig(config)
            ? await setupCheck.runHeadlessCheck(page, upn)
            : (await clickAndWait(page, { signInAs: upn, timeoutMs: 60000 })).status;
    } catch (e) {
        error = e;
    }
    const done = Date.now();
    const code = await page
        .getByTestId('flowinvoker-error-code')
        .first()
        .textContent({ timeout: 500 })
        .catch(() => null);
    fs.mkdirSync(path.join(ROOT, 'test', 'output'), { recursive: true });
    const shot = path.join(ROOT, 'test', 'output', 'sandbox.png');
    await page.screenshot({ path: shot, fullPage: true });
    printRequests(srv.state.requests, t0);
    console.log(`\nForm loaded in ${loaded - t0} ms; click to result ${done - loaded} ms (includes the sign-in popup).`);
    console.log(`Flow runs recorded: ${srv.state.runs.map((r) => `${r.flow} by ${r.caller ? r.caller.upn : 'anonymous'} (${r.runId})`).join(', ') || 'none'}`);
    if (error || !SUCCEEDED.test(outcome)) {
        if (logs.length) console.log(`\nBrowser console:\n  ${logs.slice(-20).join('\n  ')}`);
    }
    console.log(`Screenshot: ${path.relative(ROOT, shot)}`);
    if (error) throw error;
    console.log(`Outcome: ${outcome}${code ? ` (${code})` : ''}`);
    return SUCCEEDED.test(outcome) || outcome.startsWith('Setup check done');
}

async function main() {
    const { config } = options;
    const userKey = options.user;
    if (!T.CONFIGS[config]) throw new Error(`Unknown --config=${config}. Known: ${Object.keys(T.CONFIGS).join(', ')}`);
    if (!T.USERS[userKey]) throw new Error(`Unknown --user=${userKey}. Known: ${Object.keys(T.USERS).join(', ')}`);
    const headed = !!process.env.DISPLAY && !options.headless;
    const srv = await sandbox.start({ port: Number(options.port), controlDir: await controlDir(), log: headed });
    console.log(`Emulated tenant on 127.0.0.1:${srv.port} serving ${path.relative(ROOT, srv.controlDir) || srv.controlDir}`);
    const browser = await launch(srv, { headless: !headed });
    try {
        if (headed) {
            const page = await browser.newPage();
            await page.goto(srv.formUrl({ config, user: userKey }));
            console.log(
                `Form open: ${srv.formUrl({ config, user: userKey })}\nClick the button, pick ${T.USERS[userKey].upn} in the popup. Close the browser to stop.`,
            );
            await new Promise((resolve) => browser.context.on('close', resolve));
            return true;
        }
        return await headless(srv, browser, config, userKey);
    } finally {
        await browser.close();
        await srv.close();
    }
}

main()
    .then((ok) => process.exit(ok ? 0 : 1))
    .catch((e) => {
        console.error(`\nsandbox: ${e.message}`);
        process.exit(1);
    });
