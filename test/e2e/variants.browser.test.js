'use strict';
// The platform unknowns played both ways (docs/platform-facts.md, "What we could not verify without a tenant"): each
// scenario switches the sandbox to one variant (test/sandbox/variants.js) and runs the REAL production bundle through it.
// Every row asserts what the user sees, the runs the trigger recorded, and that nothing leaked; a table is printed.
// Run: node --test test/e2e/variants.browser.test.js   (FLOWINVOKER_CONTROL_DIR=<dir> for another build)
const test = require('node:test');
const assert = require('node:assert/strict');
const T = require('../sandbox/tenant');
const { launch } = require('../sandbox/browser');
const { suiteKit, newUser, openForm, clickRun, findLeaks, GUID } = require('./browserKit');

const kit = suiteKit({ table: ['Platform variants', ['variant', 'expected', 'shown', 'runs', 'leaks']] });

const ADELE = T.USERS.adele.upn;
/** Nothing here may wait for MSAL's 60 s popup timeout: a broken sign-in must fail fast or not at all. */
const NO_LONG_WAIT_MS = 15000;
const posts = () => kit.srv.state.requests.filter((r) => r.service === 'trigger' && r.method === 'POST');
// Probes carry a deliberately invalid bearer and end at the gateway's 401; real POSTs are the rest.
const realPosts = () => posts().filter((r) => r.note === undefined || !/signature|JWS|Invalid/i.test(r.note));
const runId = (n) => `08584700000000000000${String(n).padStart(5, '0')}CU12`;

/** Runs one scenario in one variant and records its row. `act` returns what the panel shows. */
async function scenario(variant, expected, { variants = {}, config = 'echo', faults = [], act, check } = {}) {
    kit.srv.state.variants.set(variants);
    for (const f of faults) kit.srv.state.faults.add(f);
    const u = await newUser(kit, { popup: ADELE });
    const row = { variant, expected: [expected.code, expected.status].filter(Boolean).join(' / '), shown: '?', runs: '?', leaks: '?' };
    kit.rows.push(row);
    const started = Date.now();
    const page = await openForm(kit, u, config);
    const shown = await (act ? act(page, u) : clickRun(page));
    const ms = Date.now() - started;
    row.shown = `${shown.code ? `${shown.code}${shown.status && shown.status !== 'Failed' ? ` / ${shown.status}` : ''}` : shown.status} (${ms} ms)`;
    row.runs = kit.srv.state.runs.length;
    const leaks = await findLeaks(kit, u);
    row.leaks = leaks.length ? leaks.join('; ') : 'none';
    if (expected.code) assert.equal(shown.code, expected.code, shown.cause);
    if (expected.status) assert.equal(shown.status, expected.status, `${shown.code}: ${shown.cause}`);
    assert.equal(kit.srv.state.runs.length, expected.runs, 'runs recorded');
    assert.ok(ms < NO_LONG_WAIT_MS, `answered in ${ms} ms, without waiting for a sign-in timeout`);
    assert.deepEqual(leaks, []);
    if (check) await check(shown, page, u);
    return shown;
}

// --- 1. the redirect page, whatever the type of a .js resource, with and without the org's strict CSP ---

for (const webResourceJs of ['script', 'html-nosniff']) {
    for (const csp of ['none', 'strictWithFlowHosts']) {
        test(`sign-in by popup: .js resources served as ${webResourceJs}, CSP ${csp}`, () =>
            scenario(
                `popup · .js as ${webResourceJs} · CSP ${csp}`,
                { status: 'Completed', runs: 1 },
                {
                    variants: { webResourceJs, csp },
                    check: (shown, page, u) => assert.equal(u.popups, 1, 'one popup, closed by the form reading it'),
                },
            ));
    }
}

// ssoSilent needs the Entra session cookie in a hidden frame: a browser that allows third-party cookies.
for (const [webResourceJs, csp] of [
    ['script', 'none'],
    ['html-nosniff', 'strictWithFlowHosts'],
]) {
    test(`sign-in by ssoSilent (no popup): .js as ${webResourceJs}, CSP ${csp}`, async () => {
        kit.srv.state.variants.set({ webResourceJs, csp });
        const b = await launch(kit.srv, { allowThirdPartyCookies: true });
        const row = { variant: `ssoSilent · .js as ${webResourceJs} · CSP ${csp}`, expected: 'Completed, no 2nd popup', shown: '?', runs: '?', leaks: '?' };
        kit.rows.push(row);
        try {
            let page = await b.newPage();
            const popups = [];
            b.context.on('page', (p) =>
                p
                    .opener()
                    .then((o) => o && popups.push(p))
                    .catch(() => undefined),
            );
            await page.goto(kit.srv.formUrl({ config: 'echo' }));
            const [popup] = await Promise.all([b.context.waitForEvent('page'), page.getByTestId('flowinvoker-signin').click()]);
            await popup.locator(`[data-testid="signin-user-${ADELE}"]`).click();
            await page.getByTestId('flowinvoker-run').waitFor();
            // Let the first page finish what it writes (discovery cache), then close it so nothing writes after the clear.
            await page
                .waitForFunction(() => Object.keys(sessionStorage).some((k) => k.startsWith('flowinvoker.callback')), null, { timeout: NO_LONG_WAIT_MS })
                .catch(() => undefined);
            await page.close();
            // Forget MSAL's cache (a new browser session) but keep the Entra cookie: only ssoSilent can sign in now. The
            // redirect page runs no control, so nothing writes the cache back.
            const fresh = await b.newPage();
            await fresh.goto(`https://${T.CLOUDS.Public.orgHost}/webresources/cc_FlowInvoker.FlowInvoker/auth/redirect.html`);
            await fresh.evaluate(() => {
                localStorage.clear();
                sessionStorage.clear();
            });
            kit.srv.state.requests.length = 0;
            const started = Date.now();
            await fresh.goto(kit.srv.formUrl({ config: 'echo' }));
            page = fresh;
            // The load's own silent sign-in is done when discovery (which needs its token) has cached the URL.
            await page.waitForFunction(() => Object.keys(sessionStorage).some((k) => k.startsWith('flowinvoker.callback')), null, { timeout: NO_LONG_WAIT_MS });
            const shown = await clickRun(page);
            const ms = Date.now() - started;
            row.shown = `${shown.status} in ${ms} ms, popups ${popups.length}`;
            row.runs = kit.srv.state.runs.length;
            assert.equal(shown.status, 'Completed');
            assert.ok(
                kit.srv.state.requests.some((r) => r.kind === 'authorize' && /prompt=none/.test(r.path)),
                'ssoSilent asked Entra',
            );
            assert.equal(popups.length, 1, 'only the first sign-in opened a popup');
            assert.ok(ms < NO_LONG_WAIT_MS, `answered in ${ms} ms`);
            row.leaks = 'n/a';
        } finally {
            await b.close();
        }
    });
}

test('strict CSP without the trigger hosts: the panel names the blocked host and directive, 0 runs', () =>
    scenario(
        'strict CSP (trigger host not allowed)',
        { code: 'BlockedByContentSecurityPolicy', runs: 0 },
        {
            variants: { csp: 'strict' },
            check: (shown) => {
                assert.match(shown.text, /\.environment\.api\.powerplatform\.com/, 'names the blocked host');
                assert.match(shown.text, /connect-src/, 'names the directive');
                assert.equal(posts().length, 0, 'the POST never left the browser');
            },
        },
    ));

// --- 2. response headers the browser may not read ---

for (const triggerExposesHeaders of [true, false]) {
    const exposed = triggerExposesHeaders ? 'headers exposed' : 'headers not exposed';
    for (const status of [401, 404]) {
        test(`a flow answering ${status} from its own Response action gets exactly one POST (${exposed})`, () =>
            scenario(
                `flow's own ${status} · ${exposed}`,
                { code: 'FlowReturnedError', runs: 1 },
                {
                    variants: { triggerExposesHeaders },
                    faults: [{ service: 'trigger', method: 'POST', process: true, status, body: { error: { code: 'NotYours', message: 'the flow said no' } } }],
                    check: () => assert.equal(realPosts().length, 1, 'one POST'),
                },
            ));
    }
    test(`the run id from a 202 body is shown (${exposed})`, () => {
        kit.srv.state.fixedRunIds = true;
        return scenario(
            `202 body names the run · ${exposed}`,
            { status: 'Started', runs: 1 },
            {
                variants: { triggerExposesHeaders },
                faults: [{ service: 'trigger', method: 'POST', process: true, status: 202, body: { name: runId(1) } }],
                check: (shown) => assert.equal(shown.runId, kit.srv.state.runs[0].runId, 'the run id the trigger gave'),
            },
        ).finally(() => {
            kit.srv.state.fixedRunIds = false;
        });
    });
    test(`a stale URL (gateway 404 WorkflowNotFound) is rediscovered once (${exposed})`, () =>
        scenario(
            `stale URL · ${exposed}`,
            { status: 'Completed', runs: 1 },
            {
                variants: { triggerExposesHeaders },
                faults: [
                    {
                        service: 'trigger',
                        method: 'POST',
                        status: 404,
                        body: { error: { code: 'WorkflowNotFound', message: "The workflow 'x' could not be found." } },
                    },
                ],
                check: () => assert.equal(realPosts().length, 2, 'the refused POST and the one that ran'),
            },
        ));
}

// --- 3. request headers the trigger's preflight may refuse, and Max-Age ---

for (const triggerAllowHeaders of ['ours', 'minimal']) {
    for (const triggerPreflightMaxAge of [true, false]) {
        test(`preflight allows ${triggerAllowHeaders} headers, Max-Age ${triggerPreflightMaxAge ? 'present' : 'absent'}: Completed, the tracking id reaches the run`, () =>
            scenario(
                `preflight ${triggerAllowHeaders} · Max-Age ${triggerPreflightMaxAge ? 'set' : 'absent'}`,
                { status: 'Completed', runs: 1 },
                {
                    variants: { triggerAllowHeaders, triggerPreflightMaxAge },
                    check: (shown) => {
                        assert.match(shown.trackingId || '', GUID);
                        const ran = realPosts().filter((r) => r.status === 200);
                        assert.equal(ran.length, 1, 'one POST ran the flow');
                        const query = new URL(`https://x${ran[0].path}`).searchParams.get('flowinvokerTrackingId');
                        if (triggerAllowHeaders === 'ours') {
                            assert.equal(kit.srv.state.runs[0].trackingId, shown.trackingId, 'the id in the header');
                            assert.equal(query, null, 'the URL as discovered');
                        } else {
                            assert.equal(query, shown.trackingId, 'the id in the query');
                        }
                    },
                },
            ));
    }
}

test('a second click after the preflight refused the tracking header sends it no more (no probe, one POST)', () =>
    scenario(
        'preflight minimal · second click',
        { status: 'Completed', runs: 2 },
        {
            variants: { triggerAllowHeaders: 'minimal' },
            act: async (page) => {
                await clickRun(page);
                kit.srv.state.requests.length = 0;
                return clickRun(page);
            },
            check: () =>
                assert.deepEqual(
                    posts().map((r) => r.status),
                    [200],
                    'one POST, no probes',
                ),
        },
    ));

test('a preflight refusing the identity header: CorsBlocked naming the header and host, 0 runs', () =>
    scenario(
        'preflight minimal · identityScope',
        { code: 'CorsBlocked', runs: 0 },
        {
            variants: { triggerAllowHeaders: 'minimal' },
            config: 'identity',
            check: (shown) => {
                assert.match(shown.text, /x-flowinvoker-identity/);
                assert.match(shown.text, /\.environment\.api\.powerplatform\.com/);
            },
        },
    ));

// --- the sandbox itself: the .js variant really stops a script resource from running, so the rows above mean something ---

test('sandbox self-check: a .js web resource runs when served as script and is refused when served as text/html + nosniff', async () => {
    const fs = require('fs');
    const os = require('os');
    const path = require('path');
    const sandbox = require('../sandbox/server');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowinvoker-wr-'));
    fs.cpSync(kit.srv.controlDir, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'auth', 'probe.js'), 'window.__probeRan = true;');
    const own = await sandbox.start({ controlDir: dir });
    const b = await launch(own);
    const ran = {};
    try {
        for (const webResourceJs of ['script', 'html-nosniff']) {
            own.state.variants.set({ webResourceJs });
            const page = await b.newPage();
            await page.goto(`https://${T.CLOUDS.Public.orgHost}/webresources/cc_FlowInvoker.FlowInvoker/auth/redirect.html`);
            ran[webResourceJs] = await page.evaluate(
                () =>
                    new Promise((resolve) => {
                        const s = document.createElement('script');
                        s.src = 'probe.js';
                        s.onload = () => resolve(window.__probeRan === true);
                        s.onerror = () => resolve(false);
                        document.head.appendChild(s);
                    }),
            );
            await page.close();
        }
    } finally {
        await b.close();
        await own.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
    kit.rows.push({
        variant: 'sandbox: .js resource as script / html-nosniff',
        expected: 'runs / refused',
        shown: `${ran.script ? 'runs' : 'refused'} / ${ran['html-nosniff'] ? 'runs' : 'refused'}`,
        runs: '-',
        leaks: '-',
    });
    assert.deepEqual(ran, { script: true, 'html-nosniff': false });
});
