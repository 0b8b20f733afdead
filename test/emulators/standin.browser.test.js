'use strict';
// The emulated tenant with real MSAL in real Chromium, through the sandbox's own stand-in control (so a failure
// here is the sandbox's, not FlowInvoker's): popup sign-in through the redirect bridge, silent from cache,
// reload, a sovereign cloud, consent refused. Run: node --test test/emulators/standin.browser.test.js
const test = require('node:test');
const assert = require('node:assert/strict');
const { buildStandIn } = require('../sandbox/fixtures/build');
const { T, suiteKit, clickAndWait } = require('../e2e/browserKit');

const kit = suiteKit({ controlDir: buildStandIn });
const kinds = (kind) => kit.srv.state.requests.filter((r) => r.kind === kind);
const clickAsAdele = (page, options) => clickAndWait(page, { signInAs: T.USERS.adele.upn, ...options });

async function openForm(config, user = 'adele') {
    const page = await kit.b.newPage();
    await page.goto(kit.srv.formUrl({ config, user }));
    await page.getByTestId('flowinvoker-run').first().waitFor();
    return page;
}

test('first click signs in through the popup; the next click and a reload are silent', async () => {
    const page = await openForm('echo');
    const first = await clickAsAdele(page);
    assert.equal(first.status, 'Completed');
    assert.equal(first.popups, 1);
    assert.equal(kinds('signin').length, 1);
    assert.equal(kinds('token').length, 1);
    assert.equal(kit.srv.state.runs.length, 1);
    assert.equal(kit.srv.state.runs[0].caller.upn, T.USERS.adele.upn);
    assert.match(await page.getByTestId('form-bound-result-0').textContent(), /"runId"/, 'getOutputs reached the bound column');

    const second = await clickAsAdele(page);
    assert.equal(second.popups, 0);
    assert.equal(kinds('authorize').length, 1, 'no new authorize: MSAL answered from its cache');
    assert.equal(kit.srv.state.runs.length, 2);

    await page.reload();
    await page.getByTestId('flowinvoker-run').waitFor();
    const third = await clickAsAdele(page);
    assert.equal(third.popups, 0);
    assert.equal(kinds('token').length, 1, 'sessionStorage cache survives the reload');
    await page.close();
});

test('GCC High: login.microsoftonline.us, high.api.flow.microsoft.us, a logic.azure.us trigger', async () => {
    const page = await openForm('gcchigh');
    assert.equal((await clickAsAdele(page)).status, 'Completed');
    const hosts = new Set(kit.srv.state.requests.map((r) => r.host));
    for (const h of ['login.microsoftonline.us', 'high.api.flow.microsoft.us', 'contoso.crm.microsoftdynamics.us', 'prod-11.usgovtexas.logic.azure.us']) {
        assert.ok(hosts.has(h), h);
    }
    await page.close();
});

test('an app without consent fails with consent_required', async () => {
    const page = await openForm('noConsent');
    const r = await clickAsAdele(page);
    assert.equal(r.status, 'Failed');
    assert.match(await page.getByTestId('flowinvoker-error-code').textContent(), /consent_required/);
    assert.equal(kit.srv.state.runs.length, 0);
    await page.close();
});

test('the form host drives init, updateView, getOutputs and destroy as the platform does', async () => {
    const page = await openForm('twoButtons');
    await clickAsAdele(page, { index: 1 });
    await page.getByTestId('form-close').click();
    const events = await page.evaluate(() => window.__sandboxForm.events.map((e) => e.type));
    assert.deepEqual(events.filter((e) => e === 'init').length, 2);
    assert.ok(events.includes('getOutputs'));
    assert.equal(events.filter((e) => e === 'destroy').length, 2);
    assert.equal(kit.srv.state.runs[0].flow, 'fireAndForget');
    await page.close();
});
