'use strict';
// A token goes only to THIS environment's triggers (docs/platform-facts.md, "Trigger hosts and binding a URL to an
// environment"), on the REAL production bundle. Trigger host names are shared by every customer, so the sandbox serves
// other customers' hosts under the same suffixes (T.FOREIGN_HOSTS) and answers there like a hostile Logic App: 200, and it
// keeps what it got. Each row asserts what the user sees, the runs, that no request at all reached a foreign host, and
// findLeaks; the table is printed at the end.
// Run: node --test test/e2e/trustBoundary.browser.test.js   (FLOWINVOKER_CONTROL_DIR=<dir> for another build)
const test = require('node:test');
const assert = require('node:assert/strict');
const T = require('../sandbox/tenant');
const { suiteKit, newUser, openForm, clickRun, findLeaks, kindsOf } = require('./browserKit');

const kit = suiteKit({ table: ['Trust boundary', ['variant', 'expected', 'shown', 'runs', 'leaks']] });

const atForeign = () => kit.srv.state.requests.filter((r) => T.FOREIGN_TRIGGER_HOSTS.includes(r.host));
const invokeHosts = () => [...new Set(kindsOf(kit.srv, 'invoke').map((r) => r.host))];
const cacheEntries = (page) =>
    page.evaluate(() =>
        Object.keys(sessionStorage)
            .filter((k) => k.startsWith('flowinvoker.callback.v1:'))
            .map((k) => [k, sessionStorage.getItem(k)]),
    );
const cacheKey = (cloud, source) => `flowinvoker.callback.v1:${cloud}:org:${source}`;
const OWN_HOST = T.triggerHostFor('Public');
const hostLabel = (h) => (h === OWN_HOST ? 'own env host' : T.FOREIGN_TRIGGER_HOSTS.includes(h) ? `FOREIGN ${h}` : h);
const directUrl = (host, id) => `https://${host}/powerautomate/automations/direct/workflows/${id}/triggers/manual/paths/invoke?api-version=1`;

/**
 * One scenario: { config, tamper: [key, url] written to the form's sessionStorage before the control loads, check }.
 * `expected`: { code, variant (a word of the cause), status, runs }. "shown" adds the hosts the trigger POSTs went to.
 */
async function scenario(variant, expected, { config, tamper, check } = {}) {
    const u = await newUser(kit, { popup: T.USERS.adele.upn });
    const row = { variant, expected: [expected.code, expected.status ?? 'Failed'].filter(Boolean).join(' / '), shown: '?', runs: '?', leaks: '?' };
    kit.rows.push(row);
    if (tamper) {
        const entry = JSON.stringify({ url: tamper[1], environmentId: '', flowName: 'Tampered', resourceId: '' });
        const orgHost = T.CLOUDS[T.CONFIGS[config].cloud].orgHost;
        await u.context.addInitScript(
            ([key, value, host]) => {
                if (location.host === host && location.pathname.endsWith('main.aspx')) sessionStorage.setItem(key, value);
            },
            [tamper[0], entry, orgHost],
        );
    }
    const page = await openForm(kit, u, config);
    const shown = await clickRun(page);
    const hosts = invokeHosts();
    row.shown = `${[shown.code, shown.status].filter(Boolean).join(' / ')} · POST to ${hosts.length ? hosts.map(hostLabel).join(', ') : 'none'}`;
    row.runs = kit.srv.state.runs.length;
    const leaks = [...(await findLeaks(kit, u)), ...atForeign().map((r) => `${r.method} at foreign ${r.host}${r.authorization ? ' with Authorization' : ''}`)];
    row.leaks = leaks.length ? [...new Set(leaks)].join('; ') : 'none';
    if (expected.code) assert.equal(shown.code, expected.code, shown.cause);
    assert.equal(shown.status, expected.status ?? 'Failed', `${shown.code}: ${shown.cause}`);
    assert.equal(kit.srv.state.runs.length, expected.runs, 'runs recorded');
    assert.deepEqual(atForeign(), [], "no request reached another customer's host");
    assert.deepEqual(leaks, []);
    if (check) await check(shown, page);
    return shown;
}

const OTHER_ID = 'f0e1d2c3'.padEnd(32, 'a');

// --- a URL from callbackUrlVariable ------------------------------------------------------------------------------

test("variable URL on this environment's own host and path: Completed, no listCallbackUrl", () =>
    scenario(
        "variable · this environment's host and path",
        { status: 'Completed', runs: 1 },
        {
            config: 'urlVariable',
            check: () => {
                assert.deepEqual(invokeHosts(), [OWN_HOST]);
                assert.equal(kindsOf(kit.srv, 'listCallbackUrl').length, 0);
            },
        },
    ));

test('variable URL on a foreign host (another environment under the same suffix): refused, naming the variable and host', () =>
    scenario(
        'variable · foreign host (another environment, same suffix)',
        { code: 'CallbackUrlNotInEnvironment', runs: 0 },
        {
            config: 'urlVariableForeignEnv',
            check: (shown) => {
                assert.ok(shown.cause.includes('fi_ForeignEnvFlowUrl'), 'names the variable');
                assert.ok(shown.cause.includes(T.FOREIGN_HOSTS.environment), 'names the foreign host');
                assert.ok(shown.fix.includes(`https://${OWN_HOST}/powerautomate/automations/direct/workflows/`), 'says which host is right');
                assert.equal(kindsOf(kit.srv, 'invoke').length, 0);
            },
        },
    ));

test("variable URL on this environment's host outside the direct-trigger path: refused", () =>
    scenario(
        'variable · this host, not /powerautomate/automations/direct/',
        { code: 'CallbackUrlNotInEnvironment', runs: 0 },
        {
            config: 'urlVariableWrongPath',
            check: (shown) => {
                assert.match(shown.cause, /\/powerautomate\/automations\/direct\/workflows\//);
                assert.equal(kit.srv.state.requests.filter((r) => r.host === OWN_HOST).length, 0, 'nothing sent to the host either');
            },
        },
    ));

test('variable URL on a legacy logic.azure.com host, no workflowId: refused, naming the variable and the host', () =>
    scenario(
        'variable · legacy logic.azure.com, no workflowId',
        { code: 'CallbackUrlNotInEnvironment', runs: 0 },
        {
            config: 'urlVariableLegacy',
            check: (shown) => {
                assert.ok(shown.cause.includes('fi_LegacyFlowUrl') && shown.cause.includes(T.FOREIGN_HOSTS.logicApps));
                assert.match(shown.fix, /workflowId/);
            },
        },
    ));

test('variable URL on logic.azure.com with workflowId: listCallbackUrl gives another address, refused', () =>
    scenario(
        'variable · logic.azure.com + workflowId, not confirmed',
        { code: 'CallbackUrlNotInEnvironment', runs: 0 },
        {
            config: 'urlVariableLegacyWithFlow',
            check: (shown) => {
                assert.equal(kindsOf(kit.srv, 'listCallbackUrl').length, 1, 'asked this environment once');
                assert.ok(shown.cause.includes(T.FLOWS.echo.name), 'names the flow listCallbackUrl was asked for');
                assert.equal(kindsOf(kit.srv, 'invoke').length, 0);
            },
        },
    ));

test("GCC: the flow's own Logic Apps URL in a variable without workflowId is refused, saying how to confirm it", () =>
    scenario(
        'GCC · variable, own Logic Apps URL, no workflowId',
        { code: 'CallbackUrlNotInEnvironment', runs: 0 },
        {
            config: 'urlVariableGcc',
            check: (shown) => assert.match(shown.fix, /workflowId/),
        },
    ));

test('GCC: the same URL with workflowId is confirmed by listCallbackUrl and runs', () =>
    scenario(
        'GCC · variable + workflowId, confirmed by listCallbackUrl',
        { status: 'Completed', runs: 1 },
        {
            config: 'urlVariableGccConfirmed',
            check: async (shown, page) => {
                assert.deepEqual(invokeHosts(), [T.triggerHostFor('GCC')]);
                assert.deepEqual(await cacheEntries(page), [], 'a Logic Apps URL is never written to sessionStorage');
            },
        },
    ));

test("GCC: another tenant's Logic Apps URL with workflowId is not confirmed, nothing sent", () =>
    scenario(
        'GCC · variable + workflowId, foreign Logic App',
        { code: 'CallbackUrlNotInEnvironment', runs: 0 },
        {
            config: 'urlVariableGccForeign',
            check: (shown) => assert.ok(shown.cause.includes(T.FOREIGN_HOSTS.gccLogicApps)),
        },
    ));

// --- the session cache, written by any script on the org's origin ---------------------------------------------------

test('cache entry on a foreign environment host: not used, the URL is discovered again and cached anew', () =>
    scenario(
        'cache · tampered entry on a foreign host',
        { status: 'Completed', runs: 1 },
        {
            config: 'echo',
            tamper: [cacheKey('Public', T.FLOWS.echo.workflowid), directUrl(T.FOREIGN_HOSTS.environment, OTHER_ID)],
            check: async (shown, page) => {
                assert.equal(kindsOf(kit.srv, 'listCallbackUrl').length, 1);
                assert.deepEqual(invokeHosts(), [OWN_HOST]);
                const entries = await cacheEntries(page);
                assert.equal(entries.length, 1);
                assert.ok(entries[0][1].includes(OWN_HOST) && !entries[0][1].includes(T.FOREIGN_HOSTS.environment));
            },
        },
    ));

test('cache entry for a variable on a foreign host: not used, the variable is read again', () =>
    scenario(
        'cache · tampered variable entry on a foreign host',
        { status: 'Completed', runs: 1 },
        {
            config: 'urlVariable',
            tamper: [cacheKey('Public', 'variable:fi_EchoFlowUrl'), directUrl(T.FOREIGN_HOSTS.environment, OTHER_ID)],
            check: () => {
                assert.equal(kindsOf(kit.srv, 'environmentVariable').length, 1);
                assert.deepEqual(invokeHosts(), [OWN_HOST]);
            },
        },
    ));

test('cache entry on a legacy logic.azure.com host: not used', () =>
    scenario(
        'cache · tampered entry on logic.azure.com',
        { status: 'Completed', runs: 1 },
        {
            config: 'echo',
            tamper: [cacheKey('Public', T.FLOWS.echo.workflowid), T.ENV_VARS.find((v) => v.schemaname === 'fi_LegacyFlowUrl').value],
            check: () => assert.deepEqual(invokeHosts(), [OWN_HOST]),
        },
    ));

test("GCC: listCallbackUrl's own Logic Apps answer runs, is kept in memory only, and is asked again after a reload", () =>
    scenario(
        'GCC · listCallbackUrl answer, memory only, reload asks again',
        { status: 'Completed', runs: 1 },
        {
            config: 'gcc',
            check: async (shown, page) => {
                assert.deepEqual(await cacheEntries(page), []);
                await page.reload();
                await page.getByTestId('flowinvoker-run').waitFor();
                assert.equal((await clickRun(page)).status, 'Completed');
                assert.equal(kit.srv.state.runs.length, 2);
                assert.equal(kindsOf(kit.srv, 'listCallbackUrl').length, 2, 'one per page load');
            },
        },
    ));
