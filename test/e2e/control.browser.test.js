'use strict';
// The REAL production bundle (out/controls/FlowInvoker) on the imitation model-driven form, with real MSAL in
// Chromium against the emulated tenant. Each scenario asserts what the user sees and what the emulators recorded.
// One sandbox and one browser for the file; a fresh browser context per first-time user.
// Run: node --test test/e2e/control.browser.test.js   (FLOWINVOKER_CONTROL_DIR=<dir> for another build)
const test = require('node:test');
const assert = require('node:assert/strict');
const T = require('../sandbox/tenant');
const { client, suiteKit, newUser, openForm, clickRun, findLeaks, kindsOf, responseHas, GUID } = require('./browserKit');

const ADELE = T.USERS.adele.upn,
    MEGAN = T.USERS.megan.upn;
const user = (opts) => newUser(kit, opts);
const lastAccessToken = () => client.decode([...kit.srv.state.secrets].reverse().find((s) => s.kind === 'access_token').value);
const remote = () => kit.srv.state.requests.filter((r) => ['entra', 'dataverse', 'flowApi', 'trigger'].includes(r.service));

const kit = suiteKit();

async function assertNoLeaks(u) {
    assert.deepEqual(await findLeaks(kit, u), [], 'no token, refresh token, id token or sig= value escaped');
}

test('first-time user, "Any user in my tenant": popup sign-in, Completed, one run as Adele with the click\'s tracking id', async () => {
    const u = await user();
    const page = await openForm(kit, u, 'echo');
    await page.getByTestId('flowinvoker-signin').waitFor(); // fresh profile: ssoSilent gets login_required
    const shown = await clickRun(page);
    assert.equal(shown.status, 'Completed');
    assert.equal(shown.httpStatus, '200');
    assert.equal(u.popups, 1, 'one sign-in popup');
    assert.equal(kit.srv.state.runs.length, 1);
    const [run] = kit.srv.state.runs;
    assert.equal(run.flow, 'echo');
    assert.equal(run.caller.upn, ADELE);
    assert.deepEqual(run.body, { recordId: T.RECORD.entityId, entityName: T.RECORD.entityTypeName, userId: T.USERS.adele.systemuserid });
    assert.match(run.trackingId, GUID, 'x-ms-client-tracking-id is a GUID');
    assert.equal(shown.trackingId, run.trackingId, 'the panel shows the tracking id the trigger received');
    assert.equal(shown.runId, run.runId);
    assert.deepEqual(responseHas(shown.response, { caller: { upn: ADELE }, runId: run.runId }), [], 'the Response body is shown');
    assert.equal(kindsOf(kit.srv, 'invoke').length, 1);
    assert.equal(lastAccessToken().aud, 'https://service.flow.microsoft.com/');
    await assertNoLeaks(u);
});

test('first-time user, "Specific users" listing Adele: Completed', async () => {
    const u = await user();
    const page = await openForm(kit, u, 'specificUsers');
    const shown = await clickRun(page);
    assert.equal(shown.status, 'Completed');
    assert.equal(kit.srv.state.runs.length, 1);
    assert.equal(kit.srv.state.runs[0].caller.upn, ADELE);
    await assertNoLeaks(u);
});

// The definition's list is read before sign-in; the trigger's own refusal is in faults.browser.test.js.
test('first-time user outside "Specific users": Failed NotAnAllowedUser naming whom to ask, before any popup, 0 runs', async () => {
    const u = await user({ popup: MEGAN });
    const page = await openForm(kit, u, 'specificUsers', 'megan');
    const shown = await clickRun(page);
    assert.equal(shown.status, 'Failed');
    assert.equal(shown.code, 'NotAnAllowedUser');
    assert.ok(shown.cause.includes(MEGAN), shown.cause);
    assert.match(shown.fix, new RegExp(`owner, ${T.USERS.diego.name}`));
    assert.equal(u.popups, 0, 'no sign-in window');
    assert.equal(kit.srv.state.runs.length, 0);
    assert.equal(kindsOf(kit.srv, 'invoke').length, 0, 'nothing sent to the trigger');
    await assertNoLeaks(u);
});

test('first-time user, "Anyone" trigger: Failed AnonymousTriggerRefused, 0 runs, no sig= anywhere', async () => {
    const u = await user();
    const page = await openForm(kit, u, 'anyone');
    const shown = await clickRun(page);
    assert.equal(shown.status, 'Failed');
    assert.equal(shown.code, 'AnonymousTriggerRefused');
    assert.equal(kit.srv.state.runs.length, 0);
    assert.equal(kindsOf(kit.srv, 'invoke').length, 0, 'nothing was sent to the trigger');
    assert.ok(!shown.text.includes('sig='));
    await assertNoLeaks(u); // includes every flow's sig value in DOM, console and storage
});

test('returning user: signed in once, the page reloaded in the same browser, the click is silent (no popup)', async () => {
    const u = await user();
    const page = await openForm(kit, u, 'echo');
    assert.equal((await clickRun(page)).status, 'Completed');
    assert.equal(u.popups, 1);
    kit.srv.state.reset();
    await page.reload();
    await page.getByTestId('flowinvoker-run').waitFor();
    const shown = await clickRun(page);
    assert.equal(shown.status, 'Completed');
    assert.equal(u.popups, 1, 'no second popup');
    assert.equal(await page.getByTestId('flowinvoker-signin').count(), 0, 'no Sign in button for a returning user');
    assert.equal(kindsOf(kit.srv, 'authorize').length + kindsOf(kit.srv, 'signin').length, 0, 'no interactive sign-in');
    assert.equal(kit.srv.state.runs.length, 1);
    await assertNoLeaks(u);
});

test('page reloaded: discovery served from the session cache (no workflow read, no listCallbackUrl), one trigger POST', async () => {
    const u = await user();
    const page = await openForm(kit, u, 'echo');
    assert.equal((await clickRun(page)).status, 'Completed');
    kit.srv.state.reset();
    await page.reload();
    await page.getByTestId('flowinvoker-run').waitFor();
    const cacheKeys = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('flowinvoker.callback.v1:')));
    assert.equal(cacheKeys.length, 1);
    assert.match(cacheKeys[0], new RegExp(`^flowinvoker\\.callback\\.v1:Public:[^:]+:${T.FLOWS.echo.workflowid}$`));
    const shown = await clickRun(page);
    assert.equal(shown.status, 'Completed');
    assert.equal(kindsOf(kit.srv, 'workflow').length, 0, 'no workflow read after reload');
    assert.equal(kindsOf(kit.srv, 'listCallbackUrl').length, 0, 'no listCallbackUrl after reload');
    assert.equal(kindsOf(kit.srv, 'invoke').length, 1, 'one trigger POST');
    assert.equal(kit.srv.state.runs.length, 1);
    await assertNoLeaks(u);
});

for (const [config, cloud] of [
    ['echo', 'Public'],
    ['gcc', 'GCC'],
    ['gcchigh', 'GCCHigh'],
    ['dod', 'DoD'],
    ['china', 'China'],
]) {
    test(`cloud ${cloud}: its sign-in host, API host and trigger; the token's aud is exactly ${T.CLOUDS[cloud].audience}`, async () => {
        const c = T.CLOUDS[cloud];
        const u = await user();
        const page = await openForm(kit, u, config);
        const shown = await clickRun(page);
        assert.equal(shown.status, 'Completed');
        assert.equal(kit.srv.state.runs.length, 1);
        assert.equal(kit.srv.state.runs[0].cloud, cloud);
        const hosts = (kind) => [...new Set(kindsOf(kit.srv, kind).map((r) => r.host))];
        assert.deepEqual(hosts('token'), [c.authorityHost]);
        assert.deepEqual(hosts('listCallbackUrl'), [c.flowApiHost]);
        assert.deepEqual(hosts('invoke'), [T.triggerHostFor(cloud)]);
        const claims = lastAccessToken();
        assert.equal(claims.aud, c.audience);
        assert.equal(claims.iss, c.issuer);
        await assertNoLeaks(u);
    });
}

test('single-slash scope misconfiguration (aud without the trailing slash): MisMatchingOAuthClaims naming aud, 0 runs', async () => {
    // Entra variant: the app's scope is `https://service.flow.microsoft.com/.default`; flow API variant: accepts that aud,
    // so only the trigger's exact check (docs/platform-facts.md, "Token audience and scope") catches it.
    kit.srv.state.faults.add({ service: 'entra', path: '/token', singleSlashScope: true, times: Infinity });
    kit.srv.state.faults.add({ service: 'flowApi', lenientAudience: true, times: Infinity });
    const u = await user();
    const page = await openForm(kit, u, 'echo');
    const shown = await clickRun(page);
    assert.equal(lastAccessToken().aud, 'https://service.flow.microsoft.com', 'the emulated Entra issued aud without the slash');
    assert.equal(shown.status, 'Failed');
    assert.equal(shown.code, 'MisMatchingOAuthClaims');
    assert.match(shown.cause, /\baud\b/, 'the cause names the aud claim');
    assert.match(shown.fix, /'https:\/\/service\.flow\.microsoft\.com\/\/\.default'/, 'the fix names the double-slash scope to request');
    assert.match(shown.fix, /'https:\/\/service\.flow\.microsoft\.com'/, 'the fix shows the audience the token carried');
    assert.equal(kit.srv.state.runs.length, 0);
    assert.equal(kindsOf(kit.srv, 'invoke').length, 1);
    await assertNoLeaks(u);
});

test('a flow that is turned off: FlowOff, no listCallbackUrl and no trigger request', async () => {
    const u = await user();
    const page = await openForm(kit, u, 'off');
    const shown = await clickRun(page);
    assert.equal(shown.status, 'Failed');
    assert.equal(shown.code, 'FlowOff');
    assert.match(shown.cause, new RegExp(T.FLOWS.off.name));
    assert.ok(kindsOf(kit.srv, 'workflow').length >= 1);
    assert.equal(kindsOf(kit.srv, 'listCallbackUrl').length, 0);
    assert.equal(kindsOf(kit.srv, 'invoke').length, 0);
    assert.equal(kit.srv.state.runs.length, 0);
    await assertNoLeaks(u);
});

test('configuration error (workflowId not a GUID): its code instead of the button, no request sent', async () => {
    const u = await user();
    const page = await openForm(kit, u, 'badWorkflowId');
    await page.getByTestId('flowinvoker-config-error').waitFor();
    assert.equal(await page.getByTestId('flowinvoker-run').count(), 0);
    assert.equal((await page.getByTestId('flowinvoker-error-code').textContent()).trim(), 'InvalidWorkflowId');
    assert.match(await page.getByTestId('flowinvoker-config-error').textContent(), /Echo flow/);
    await page.evaluate(
        () =>
            new Promise((resolve) => {
                setTimeout(resolve, 0);
            }),
    );
    assert.deepEqual(
        remote().map((r) => `${r.kind} ${r.host}`),
        [],
        'no request to Entra, Dataverse, the flow API or a trigger',
    );
    assert.equal(u.popups, 0);
    await assertNoLeaks(u);
});

test('fire-and-forget flow (no Response action): Started, HTTP 202, one run', async () => {
    const u = await user();
    const page = await openForm(kit, u, 'fireAndForget');
    const shown = await clickRun(page);
    assert.equal(shown.status, 'Started');
    assert.equal(shown.httpStatus, '202');
    assert.equal(kit.srv.state.runs.length, 1);
    assert.equal(kit.srv.state.runs[0].flow, 'fireAndForget');
    await assertNoLeaks(u);
});

test('flow with a Response action (201 + body): Completed with its body', async () => {
    const u = await user();
    const page = await openForm(kit, u, 'created');
    const shown = await clickRun(page);
    assert.equal(shown.status, 'Completed');
    assert.equal(shown.httpStatus, '201');
    assert.deepEqual(responseHas(shown.response, T.FLOWS.created.response.body), []);
    assert.equal(kit.srv.state.runs.length, 1);
    await assertNoLeaks(u);
});
