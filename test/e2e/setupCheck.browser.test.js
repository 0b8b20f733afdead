'use strict';
// The setup check on the REAL production bundle: a correct setup and each misconfiguration a maker meets, each caught at
// its step with the catalogue's fix, 0 runs unless the user confirmed a test run; the copied report holds no secret.
// Run: node --test test/e2e/setupCheck.browser.test.js   (FLOWINVOKER_CONTROL_DIR=<dir> for another build)
const fs = require('fs');
const path = require('path');
const test = require('node:test');
const assert = require('node:assert/strict');
const T = require('../sandbox/tenant');
require('../sandbox/tenant/setupCheckConfigs');
const { suiteKit, newUser, openForm, clickRun, findLeaks, kindsOf } = require('./browserKit');

const kit = suiteKit({ table: ['Setup check', [['setup', 'name'], 'expected', 'shown', 'runs', 'leaks']] });

const ADELE = T.USERS.adele.upn;
const IMAGES = path.join(__dirname, '..', '..', 'docs', 'images');
const STEPS = ['properties', 'redirectPage', 'signIn', 'flow', 'flowApi', 'trigger', 'csp', 'testRun'];
// Without a token the steps that need one are not checked; the flow's row is still read.
const NO_TOKEN = { flowApi: { status: 'notChecked' }, trigger: { status: 'notChecked' } };
const triggerRequests = () => kit.srv.state.requests.filter((r) => r.service === 'trigger');

/** Clicks "Check setup" (the button, or the one on an error panel) and reads the checklist once it is done. */
async function runCheck(page, { from = 'button', popupCloses } = {}) {
    const closing = popupCloses && popupCloses();
    if (from === 'panel') {
        await clickRun(page);
        await page.getByTestId('flowinvoker-panel-check-setup').click();
    } else {
        await page.getByTestId('flowinvoker-check-setup').click();
    }
    if (closing) await closing;
    await page.getByTestId('setup-steps').waitFor({ timeout: 20000 });
    return readSteps(page);
}

async function readSteps(page) {
    return page.evaluate(
        (ids) =>
            Object.fromEntries(
                ids.map((id) => {
                    const li = document.querySelector(`[data-testid="setup-step-${id}"]`);
                    const code = li && li.querySelector('[data-testid="setup-error-code"]');
                    const stored = li && li.querySelector('[data-testid="setup-store-result"]');
                    const storeCode = stored && stored.querySelector('[data-testid="setup-error-code"]');
                    return [
                        id,
                        {
                            status: li ? li.dataset.status : 'missing',
                            code: code && !(stored && stored.contains(code)) ? code.textContent.trim() : undefined,
                            store: stored ? `${stored.dataset.status}${storeCode ? ` ${storeCode.textContent.trim()}` : ''}` : undefined,
                            text: li ? li.innerText : '',
                        },
                    ];
                }),
            ),
        STEPS,
    );
}

/** The report as Copy report puts it on the clipboard (captured in the page, so no clipboard permission is needed). */
async function copiedReport(page) {
    await page.getByTestId('setup-copy').click();
    await page.waitForFunction(() => typeof window.__copied === 'string');
    return page.evaluate(() => window.__copied);
}

/** Secrets the emulated Entra issued or that flows carry, and codes: none may be in the report. */
function reportLeaks(report) {
    const found = [];
    for (const s of kit.srv.state.secrets) if (report.includes(s.value)) found.push(s.kind);
    for (const f of Object.values(T.FLOWS)) if (f.sig && report.includes(f.sig)) found.push('sig');
    if (/eyJ[\w-]{10,}\./.test(report)) found.push('JWT-shaped text');
    if (/[?&]sig=[^&\s[]/i.test(report)) found.push('sig=');
    if (/[?&#]code=/i.test(report)) found.push('authorization code');
    return found;
}

/**
 * One setup, checked: `expect` maps a step to its status (and code); the others must be ✓ or, for steps 2 and 8, not
 * checked (step 8 needs the user's confirmation). Records a row: what the maker sees at the failing step, the runs the flow recorded, leaks.
 */
async function scenario(
    name,
    expect,
    { config = 'check-echo', user = 'adele', popup = ADELE, variants = {}, setup, act, check, runs = 0, returning = true } = {},
) {
    kit.srv.state.variants.set(variants);
    const u = await newUser(kit, { popup });
    await u.context.addInitScript(() => {
        Object.defineProperty(navigator, 'clipboard', {
            value: {
                writeText: (text) => {
                    window.__copied = text;
                    return Promise.resolve();
                },
            },
        });
    });
    if (setup) await setup(u);
    const row = {
        name,
        expected:
            Object.entries(expect)
                .filter(([, e]) => e.status !== 'any')
                .map(([s, e]) => `${s} ${e.status}${e.code ? ` ${e.code}` : ''}${e.store ? `, store ${e.store}` : ''}`)
                .join(', ') || 'all ✓',
        shown: '?',
        runs: '?',
        leaks: '?',
    };
    kit.rows.push(row);
    const page = await openForm(kit, u, config, user);
    if (returning) await signedIn(page, u);
    kit.srv.state.requests.length = 0;
    const steps = await (act ? act(page, u) : runCheck(page));
    const usual = (id) => steps[id].status === 'ok' || (steps[id].status === 'notChecked' && id === 'testRun');
    const off = STEPS.filter((id) => !usual(id) || steps[id].store);
    const shown = (s) => `${s.status}${s.code ? ` ${s.code}` : ''}${s.store ? `, store ${s.store}` : ''}`;
    row.shown = off.map((id) => `${id} ${shown(steps[id])}`).join(', ') || 'all ✓';
    const report = await copiedReport(page);
    row.runs = kit.srv.state.runs.length;
    const leaks = [...(await findLeaks(kit, u)), ...reportLeaks(report).map((l) => `${l} in the report`)];
    row.leaks = leaks.length ? leaks.join('; ') : 'none';
    for (const id of STEPS) {
        const want = expect[id] || { status: id === 'testRun' ? 'notChecked' : 'ok' };
        if (want.status === 'any') continue;
        assert.equal(steps[id].status, want.status, `${id}: ${steps[id].text}`);
        if (want.code) assert.equal(steps[id].code, want.code, steps[id].text);
        if (want.store) assert.equal(steps[id].store, want.store, steps[id].text);
    }
    assert.equal(kit.srv.state.runs.length, runs, 'runs recorded');
    assert.deepEqual(leaks, []);
    assert.match(report, /1\. .*\n/, 'the report lists the steps');
    if (check) await check(steps, report, page, u);
    return steps;
}

/** A user who signed in on this form before checking (the Sign in button), so the check finds MSAL's cache. */
async function signedIn(page, u) {
    await page.getByTestId('flowinvoker-signin').click();
    await page.getByTestId('flowinvoker-signin').waitFor({ state: 'detached' });
    await page.waitForFunction(() => !Object.keys(sessionStorage).some((k) => k.includes('interaction.status')));
    assert.ok(u.context.pages().length === 1, 'the sign-in window closed');
}

/** For a sign-in window Entra answers with an error page and never redirects: the user reads it and closes it. */
const closeOnEntraError = (u) => async () => {
    const p = await u.context.waitForEvent('page');
    await p.waitForSelector('[data-testid="entra-error"]');
    if (!p.isClosed()) await p.close();
};

test('correct setup: every step ✓, the trigger gets one probe refused before any run, 0 runs', () =>
    scenario(
        'correct setup',
        {},
        {
            check: (steps, report) => {
                const probes = triggerRequests().filter((r) => r.method === 'POST');
                assert.equal(probes.length, 1, 'one probe');
                assert.equal(probes[0].status, 401, 'refused by the gateway');
                assert.match(steps.trigger.text, /HTTP 401/);
                assert.match(report, new RegExp(T.FLOWS.echo.workflowid), 'ids in the report');
                assert.match(report, /environment\.api\.powerplatform\.com/, 'hosts in the report');
            },
        },
    ));

test('third-party cookies blocked: sign-in works by popup and the check says silent sign-in failed', () =>
    scenario(
        'third-party cookies blocked (ssoSilent fails)',
        { signIn: { status: 'warning' } },
        {
            returning: false,
            check: (steps, report, page, u) => {
                assert.equal(u.popups, 1, 'the popup from the click');
                assert.match(steps.signIn.text, /third-party cookies/);
            },
        },
    ));

test('unknown client id: the sign-in step names AADSTS700016', () =>
    scenario(
        'unknown client id',
        { signIn: { status: 'failed', code: 'PopupClosed' }, ...NO_TOKEN },
        {
            config: 'check-unknownClient',
            popup: 'ignore',
            returning: false,
            act: (page, u) => runCheck(page, { popupCloses: closeOnEntraError(u) }),
            check: (steps) => {
                assert.match(steps.signIn.text, /AADSTS700016/);
                assert.equal(steps.flowApi.status, 'notChecked');
            },
        },
    ));

test('redirect URI not registered: the sign-in step names AADSTS50011', () =>
    scenario(
        'redirect URI not registered',
        { redirectPage: { status: 'failed', code: 'RedirectPageUnusable' }, signIn: { status: 'failed', code: 'PopupClosed' }, ...NO_TOKEN },
        {
            config: 'check-badRedirect',
            popup: 'ignore',
            returning: false,
            act: (page, u) => runCheck(page, { popupCloses: closeOnEntraError(u) }),
            check: (steps) => {
                assert.match(steps.redirectPage.text, /404/, 'the page the property names does not exist');
                assert.match(steps.signIn.text, /AADSTS50011/);
            },
        },
    ));

test('consent missing: ConsentRequired at the sign-in step', () =>
    scenario('consent missing', { signIn: { status: 'failed', code: 'ConsentRequired' }, ...NO_TOKEN }, { config: 'check-noConsent', returning: false }));

test('popups blocked: PopupBlocked at the sign-in step', () =>
    scenario(
        'popups blocked',
        { signIn: { status: 'failed', code: 'PopupBlocked' }, ...NO_TOKEN },
        {
            returning: false,
            setup: (u) =>
                u.context.addInitScript(() => {
                    window.open = () => null;
                }),
        },
    ));

const flowCases = [
    ['no Read on workflow (user noflowread)', 'WorkflowReadDenied', { user: 'noflowread', popup: T.USERS.noflowread.upn }],
    ['flow off', 'FlowOff', { config: 'check-off' }],
    ['not an HTTP trigger (Recurrence)', 'NotAnHttpTrigger', { config: 'check-recurrence' }],
    ['GET trigger', 'TriggerMethodNotPost', { config: 'check-getTrigger' }],
    ['Anyone trigger', 'AnonymousTriggerRefused', { config: 'check-anyone' }],
    ['user not on the allowed list (megan)', 'NotAnAllowedUser', { config: 'check-specificUsers', user: 'megan', popup: T.USERS.megan.upn }],
];
for (const [name, code, options] of flowCases) {
    test(`${name}: ${code} at the flow step, nothing sent to the trigger`, () =>
        scenario(
            name,
            { flow: { status: 'failed', code }, flowApi: { status: 'notChecked' }, trigger: { status: 'notChecked' } },
            {
                ...options,
                check: () => assert.equal(triggerRequests().length, 0, 'no request to the trigger'),
            },
        ));
}

test('Anyone trigger allowed by the maker: never probed, no token to a sig= URL', () =>
    scenario(
        'Anyone trigger, allowAnonymousTrigger Yes',
        { trigger: { status: 'notChecked' } },
        {
            config: 'check-anyoneAllowed',
            check: (steps) => {
                assert.equal(triggerRequests().length, 0, 'no probe');
                assert.match(steps.trigger.text, /Anyone/);
            },
        },
    ));

test('listCallbackUrl refused to non-owners: CallbackUrlDenied at the Power Automate API step', () =>
    scenario(
        'listCallbackUrl refused (ownersOnly)',
        { flowApi: { status: 'failed', code: 'CallbackUrlDenied' }, trigger: { status: 'notChecked' } },
        {
            variants: { listCallbackUrl: 'ownersOnly' },
            check: (steps) => assert.match(steps.flowApi.text, /callbackUrlVariable/, 'names the second fix'),
        },
    ));

test('URL from an environment variable: the flow step is skipped, the variable is bound to this environment', () =>
    scenario(
        'callbackUrlVariable',
        { flow: { status: 'notChecked' } },
        {
            config: 'check-urlVariable',
            check: (steps) => assert.match(steps.flowApi.text, /environment variable/),
        },
    ));

test('.js resources served as text/html + nosniff: the redirect page loads no script, so sign-in works', () =>
    scenario(
        '.js as text/html + nosniff',
        {},
        {
            variants: { webResourceJs: 'html-nosniff' },
            check: (steps) => {
                assert.match(steps.redirectPage.text, /text\/html/);
                assert.match(steps.redirectPage.text, /scripts\s*none/);
                assert.match(steps.redirectPage.text, /Cross-Origin-Opener-Policy\s*none/);
            },
        },
    ));

test('strict CSP without the trigger hosts: the probe is blocked, named by host and directive', () =>
    scenario(
        'strict CSP (trigger host not allowed)',
        { trigger: { status: 'failed', code: 'BlockedByContentSecurityPolicy' }, csp: { status: 'failed', code: 'BlockedByContentSecurityPolicy' } },
        {
            variants: { csp: 'strict' },
            check: async (steps, report, page) => {
                assert.match(steps.csp.text, /environment\.api\.powerplatform\.com \(connect-src\)/);
                assert.equal(triggerRequests().length, 0, 'nothing left the browser');
                // The README's picture of a check with failures; timings masked so it changes only when the panel does.
                await page.setViewportSize({ width: 1000, height: 1500 });
                await page.screenshot({
                    path: path.join(IMAGES, 'setup-check.png'),
                    animations: 'disabled',
                    caret: 'hide',
                    mask: [page.getByTestId('setup-step-ms')],
                    maskColor: '#e0e0e0',
                });
                assert.equal(fs.readFileSync(path.join(IMAGES, 'setup-check.png')).readUInt32BE(16), 1000);
            },
        },
    ));

test('preflight refusing x-ms-client-tracking-id: reported (runs still work, id in the query), not failed', () =>
    scenario(
        'preflight refuses the tracking header',
        { trigger: { status: 'warning', code: 'CorsBlocked' } },
        {
            variants: { triggerAllowHeaders: 'minimal' },
            check: (steps) => assert.match(steps.trigger.text, /refused x-ms-client-tracking-id/),
        },
    ));

/** Asks for the test run, confirms it, and reads the checklist once step 8 has its result. */
async function confirmedTestRun(page) {
    await runCheck(page);
    assert.equal(kit.srv.state.runs.length, 0, 'the check itself ran nothing');
    await page.getByTestId('setup-test-run').click();
    assert.equal(kit.srv.state.runs.length, 0, 'asking is not running');
    await page.getByTestId('setup-test-run-confirm').click();
    await page.waitForSelector('[data-testid="setup-step-testRun"]:not([data-status="notChecked"])', { timeout: 20000 });
    return readSteps(page);
}

test('response headers not exposed: the confirmed test run reports the unreadable run id, not failed', () =>
    scenario(
        'response headers not exposed (test run)',
        { testRun: { status: 'warning' } },
        {
            variants: { triggerExposesHeaders: false },
            runs: 1,
            act: confirmedTestRun,
            check: (steps) => assert.match(steps.testRun.text, /Access-Control-Expose-Headers/),
        },
    ));

test('from an error panel, without showSetupCheck: the panel offers the check and the check finds the cause', () =>
    scenario(
        'error panel link (flow off, property off)',
        { signIn: { status: 'any' }, flow: { status: 'failed', code: 'FlowOff' }, flowApi: { status: 'notChecked' }, trigger: { status: 'notChecked' } },
        {
            config: 'off',
            returning: false,
            act: async (page) => {
                assert.equal(await page.getByTestId('flowinvoker-check-setup').count(), 0, 'no button unless the maker switched it on');
                return runCheck(page, { from: 'panel' });
            },
        },
    ));

test('test run only after confirming: one run, its result and run id in step 8', () =>
    scenario(
        'test run, confirmed',
        { testRun: { status: 'ok' } },
        {
            runs: 1,
            act: confirmedTestRun,
            check: (steps) => {
                assert.match(steps.testRun.text, /200/);
                assert.match(steps.testRun.text, new RegExp(kit.srv.state.runs[0].runId), 'the run id the flow recorded');
            },
        },
    ));

test('strict CSP without the Power Automate API: caught at the flow API step, host and directive named, 0 runs', () =>
    scenario(
        'strict CSP (api.flow.microsoft.com not allowed)',
        {
            flowApi: { status: 'failed', code: 'BlockedByContentSecurityPolicy' },
            trigger: { status: 'notChecked' },
            csp: { status: 'failed', code: 'BlockedByContentSecurityPolicy' },
        },
        {
            variants: { csp: 'strictNoFlowApi' },
            check: (steps) => {
                assert.match(steps.flowApi.text, /api\.flow\.microsoft\.com/);
                assert.match(steps.flowApi.text, /connect-src/);
                assert.match(steps.csp.text, /api\.flow\.microsoft\.com \(connect-src\)/);
                assert.equal(kindsOf(kit.srv, 'listCallbackUrl').length, 0, 'nothing reached the flow API');
                assert.equal(triggerRequests().length, 0, 'nothing reached the trigger');
            },
        },
    ));

/** The check, then the maker's click on "Store this URL in …": the checklist once the store's outcome shows. */
async function checkAndStore(page) {
    await runCheck(page);
    assert.equal(kindsOf(kit.srv, 'environmentVariableWrite').length, 0, 'the check writes nothing by itself');
    await page.getByTestId('setup-store-url').click();
    await page.getByTestId('setup-store-result').waitFor({ timeout: 20000 });
    return readSteps(page);
}

test('the maker stores the trigger URL in callbackUrlVariable; a user who may not call listCallbackUrl nor read the flow runs it from the variable', () =>
    scenario(
        'store URL in variable (maker), then run as noflowread',
        { flowApi: { status: 'ok', store: 'ok' } },
        {
            config: 'check-storeUrl',
            user: 'diego',
            popup: T.USERS.diego.upn,
            variants: { listCallbackUrl: 'ownersOnly' },
            act: checkAndStore,
            check: async (steps, report) => {
                assert.match(steps.flowApi.text, /EnvironmentVariableEmpty/, 'the variable was empty');
                assert.match(steps.flowApi.text, /fi_StoredFlowUrl \(created\)/);
                assert.match(report, /✓ Store this URL in fi_StoredFlowUrl/);
                assert.deepEqual(
                    kindsOf(kit.srv, 'environmentVariableWrite').map((r) => r.status),
                    [204],
                );
                const user = await newUser(kit, { popup: T.USERS.noflowread.upn });
                kit.srv.state.requests.length = 0;
                const shown = await clickRun(await openForm(kit, user, 'check-storeUrl', 'noflowread'));
                assert.match(shown.status, /^(Completed|Started)/, shown.text);
                assert.equal(kit.srv.state.runs.length, 1, 'one run, from the variable');
                assert.equal(kindsOf(kit.srv, 'listCallbackUrl').length, 0, 'no listCallbackUrl');
                assert.equal(kindsOf(kit.srv, 'workflow').length, 0, 'no workflow read');
            },
        },
    ));

test('a maker without write on the variable: the store is a ✗ naming the privilege, nothing is written', () =>
    scenario(
        'store URL in variable without the privilege (adele)',
        { flowApi: { status: 'ok', store: 'failed EnvironmentVariableWriteDenied' } },
        {
            config: 'check-storeUrl',
            act: checkAndStore,
            check: async (steps, report) => {
                assert.match(steps.flowApi.text, /prvCreateEnvironmentVariableValue/);
                assert.match(report, /✗ Store this URL in fi_StoredFlowUrl/);
                assert.deepEqual(
                    kindsOf(kit.srv, 'environmentVariableWrite').map((r) => r.status),
                    [403],
                );
            },
        },
    ));

test('a configuration error shown inline offers the check: step 1 names the property, the redirect page and CSP are checked', () =>
    scenario(
        'configuration error (clientId not a GUID)',
        {
            properties: { status: 'failed', code: 'InvalidClientId' },
            signIn: { status: 'notChecked' },
            flow: { status: 'notChecked' },
            flowApi: { status: 'notChecked' },
            trigger: { status: 'notChecked' },
        },
        {
            config: 'badClientId',
            returning: false,
            act: async (page) => {
                await page.getByTestId('flowinvoker-config-error').waitFor();
                return runCheck(page);
            },
            check: (steps) => {
                assert.match(steps.properties.text, /clientId/);
                assert.equal(kit.srv.state.requests.filter((r) => r.service === 'entra' || r.service === 'flowApi').length, 0, 'no sign-in, no flow API');
            },
        },
    ));
