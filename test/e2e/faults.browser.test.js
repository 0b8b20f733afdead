'use strict';
// Fault matrix on the REAL production bundle: each failure injected at its step (configuration, sign-in,
// discovery, invoke) through the emulated tenant. Every scenario asserts the code/status the user sees, the number of
// runs the trigger recorded (0 or 1, never 2) and that nothing leaked (tokens, refresh/id tokens, sig= values in DOM,
// console, storage outside MSAL's keys; no Authorization header to a non-Power Automate host). A table is printed.
// Then a load scenario: 200 clicks as fast as possible across the two controls of the twoButtons form.
// Run: node --test test/e2e/faults.browser.test.js   (FLOWINVOKER_CONTROL_DIR=<dir> for another build)
const test = require('node:test');
const assert = require('node:assert/strict');
const T = require('../sandbox/tenant');
const { suiteKit, newUser, openForm, clickRun, waitFinal, findLeaks, GUID } = require('./browserKit');

const kit = suiteKit({ table: ['Fault matrix', [['scenario', 'name'], 'expected', 'shown', 'runs', 'leaks']] });
const ADELE = T.USERS.adele.upn;
const err = (code, message) => ({ error: { code, message } });
const EXPOSE_RETRY_AFTER = { 'Access-Control-Expose-Headers': 'Retry-After, x-ms-workflow-run-id, x-ms-correlation-id, x-ms-client-tracking-id' };
const remote = () => kit.srv.state.requests.filter((r) => ['entra', 'dataverse', 'flowApi', 'trigger'].includes(r.service));
// Requests as sent, injected faults included (the emulator records a replaced reply with kind 'fault').
const sent = (service) =>
    kit.srv.state.requests.filter((r) => r.service === service && r.method !== 'OPTIONS' && (service !== 'flowApi' || /listCallbackUrl/.test(r.path)));

// Sign-in windows that never report back by themselves: the user reads Entra's error and closes the window. The control
// answers as soon as it closes (MSAL's legacy polling has no timeout of its own, so nothing waits 60 s).
async function clickThenCloseWindow(page, u, { waitInPopup } = {}) {
    const popup = u.context.waitForEvent('page');
    await page.getByTestId('form-field-0').getByTestId('flowinvoker-run').click();
    const p = await popup;
    if (waitInPopup) await p.waitForSelector(waitInPopup);
    if (!p.isClosed()) await p.close();
    return waitFinal(page, { timeoutMs: 15000 });
}

/** Scenario: { name, step, config, user, popup, faults, setup(u), act(page, u), expect: { code|status, runs }, check(shown) } */
const SCENARIOS = [
    // --- configuration: the control names the property and sends nothing ---
    ...[
        ['badWorkflowId', 'InvalidWorkflowId'],
        ['badClientId', 'InvalidClientId'],
        ['badTenantId', 'InvalidTenantId'],
        ['badCloud', 'UnknownCloud'],
        ['badEnvironmentId', 'InvalidEnvironmentId'],
        ['httpRedirect', 'InvalidRedirectUri'],
    ].map(([config, code]) => ({
        name: `config: ${config}`,
        step: 'configuration',
        config,
        expect: { code, runs: 0 },
        act: async (page) => {
            await page.getByTestId('flowinvoker-config-error').waitFor();
            assert.equal(await page.getByTestId('flowinvoker-run').count(), 0, 'no run button');
            return { code: (await page.getByTestId('flowinvoker-error-code').textContent()).trim(), status: 'config error' };
        },
        check: () =>
            assert.deepEqual(
                remote().map((r) => r.kind),
                [],
                'no request sent',
            ),
    })),

    // --- sign-in ---
    {
        name: 'sign-in: popup blocked',
        step: 'sign-in',
        config: 'echo',
        expect: { code: 'PopupBlocked', runs: 0 },
        setup: (u) =>
            u.context.addInitScript(() => {
                window.open = () => null;
            }),
    },
    {
        name: 'sign-in: popup closed',
        step: 'sign-in',
        config: 'echo',
        popup: 'close',
        expect: { code: 'PopupClosed', runs: 0 },
        act: (page, u) => clickThenCloseWindow(page, u),
    },
    {
        name: 'sign-in: interaction_in_progress',
        step: 'sign-in',
        config: 'echo',
        expect: { code: 'InteractionInProgress', runs: 0 },
        act: async (page) => {
            // another MSAL app on the page holds the page-wide interaction lock (docs/platform-facts.md, "MSAL browser")
            await page.getByTestId('flowinvoker-signin').waitFor();
            await page.evaluate(() =>
                sessionStorage.setItem('msal.interaction.status', JSON.stringify({ clientId: '00000000-aaaa-4bbb-8ccc-000000000000', type: 'signin' })),
            );
            return clickRun(page);
        },
    },
    {
        name: 'sign-in: consent required (65001)',
        step: 'sign-in',
        config: 'noConsent',
        expect: { code: 'ConsentRequired', runs: 0 },
        check: (s) => assert.match(s.serviceCode || s.cause, /AADSTS65001/),
    },
    {
        name: 'sign-in: redirect URI not registered',
        step: 'sign-in',
        config: 'badRedirect',
        popup: 'ignore',
        expect: { code: 'PopupClosed', runs: 0 },
        // Entra shows AADSTS50011 in the window and never redirects: the user closes it; the fix names 50011.
        act: (page, u) => clickThenCloseWindow(page, u, { waitInPopup: '[data-testid="entra-error"]' }),
        check: (s) => assert.match(s.fix, /AADSTS50011/),
    },
    {
        name: 'sign-in: unknown client (700016)',
        step: 'sign-in',
        config: 'unknownClient',
        popup: 'ignore',
        expect: { code: 'PopupClosed', runs: 0 },
        act: (page, u) => clickThenCloseWindow(page, u, { waitInPopup: '[data-testid="entra-error"]' }),
        check: (s) => assert.match(s.fix, /AADSTS700016/),
    },
    {
        name: 'sign-in: login_required (3rd-party cookies)',
        step: 'sign-in',
        config: 'echo',
        expect: { status: 'Completed', runs: 1 },
        act: async (page, u) => {
            await page.getByTestId('flowinvoker-signin').waitFor();
            assert.equal(u.popups, 0, 'no popup without a click');
            assert.ok(
                kit.srv.state.requests.some((r) => r.kind === 'authorize' && /prompt=none/.test(r.path)),
                'ssoSilent was tried',
            );
            await page.getByTestId('flowinvoker-signin').click();
            await page.waitForSelector('[data-testid="flowinvoker-signin"]', { state: 'detached' });
            assert.equal(kit.srv.state.runs.length, 0, 'signing in runs nothing');
            return clickRun(page);
        },
    },

    // --- discovery ---
    { name: 'discovery: workflow not found', step: 'discovery', config: 'missingWorkflow', expect: { code: 'WorkflowNotFound', runs: 0 } },
    {
        name: 'discovery: 403 no read on workflow',
        step: 'discovery',
        config: 'echo',
        user: 'noflowread',
        popup: T.USERS.noflowread.upn,
        expect: { code: 'WorkflowReadDenied', runs: 0 },
    },
    { name: 'discovery: classic workflow', step: 'discovery', config: 'classic', expect: { code: 'NotACloudFlow', runs: 0 } },
    {
        name: 'discovery: flow off',
        step: 'discovery',
        config: 'off',
        expect: { code: 'FlowOff', runs: 0 },
        check: () => assert.equal(sent('flowApi').length, 0),
    },
    { name: 'discovery: suspended by DLP', step: 'discovery', config: 'dlp', expect: { code: 'FlowDlpViolation', runs: 0 } },
    { name: 'discovery: not an HTTP trigger', step: 'discovery', config: 'recurrence', expect: { code: 'NotAnHttpTrigger', runs: 0 } },
    {
        name: 'discovery: compressed clientdata',
        step: 'discovery',
        config: 'compressed',
        expect: { status: 'Completed', runs: 1 },
        check: () => assert.ok(sent('flowApi').every((r) => r.path.includes('/triggers/manual/'))),
    },
    {
        name: 'discovery: environment id not found',
        step: 'discovery',
        config: 'bare',
        expect: { code: 'EnvironmentIdNotFound', runs: 0 },
        faults: [
            {
                service: 'dataverse',
                path: 'RetrieveCurrentOrganization',
                times: Infinity,
                status: 403,
                body: err('0x80040220', 'Principal user is missing prvReadOrganization privilege.'),
            },
        ],
    },
    { name: 'discovery: environment unknown to flow API', step: 'discovery', config: 'wrongEnvironment', expect: { code: 'FlowApiRejected', runs: 0 } },
    // A flow API 404 for a flow whose row is on reads as a permission the user lacks.
    { name: 'discovery: FlowNotFound (row on)', step: 'discovery', config: 'orphan', expect: { code: 'CallbackUrlDenied', runs: 0 } },
    {
        name: 'discovery: ClientScopeAuthorizationFailed',
        step: 'discovery',
        config: 'echo',
        expect: { code: 'ClientScopeAuthorizationFailed', runs: 0 },
        faults: [
            {
                service: 'flowApi',
                method: 'POST',
                times: Infinity,
                status: 403,
                body: err('ClientScopeAuthorizationFailed', 'The x-ms-client-scope header must not be null or empty.'),
            },
        ],
    },
    {
        name: 'discovery: CORS blocked (flow API)',
        step: 'discovery',
        config: 'echo',
        expect: { code: 'CorsBlocked', runs: 0 },
        faults: [{ preset: 'noCorsFlowApi', times: Infinity }],
    },
    {
        name: 'discovery: untrusted callback host',
        step: 'discovery',
        config: 'echo',
        expect: { code: 'UntrustedCallbackUrl', runs: 0 },
        faults: [
            {
                service: 'flowApi',
                method: 'POST',
                times: Infinity,
                status: 200,
                body: { response: { value: 'https://flows.evil.example/workflows/x/triggers/manual/paths/invoke?api-version=1' }, httpStatusCode: 'OK' },
            },
        ],
        check: () => assert.equal(sent('trigger').length, 0),
    },
    {
        name: 'discovery: 503 then success',
        step: 'discovery',
        config: 'echo',
        expect: { status: 'Completed', runs: 1 },
        faults: [{ service: 'flowApi', method: 'POST', status: 503, body: err('ServiceUnavailable', 'Try again.') }],
        check: () => assert.equal(sent('flowApi').length, 2, 'listCallbackUrl retried once'),
    },
    {
        name: 'discovery: workflow read dropped, retried',
        step: 'discovery',
        config: 'echo',
        expect: { status: 'Completed', runs: 1 },
        faults: [{ service: 'dataverse', path: '/workflows(', drop: true }],
    },
    { name: 'discovery: Anyone refused', step: 'discovery', config: 'anyone', expect: { code: 'AnonymousTriggerRefused', runs: 0 } },
    {
        name: 'discovery: Anyone allowed, no bearer',
        step: 'discovery',
        config: 'anyoneAllowed',
        expect: { status: 'Completed', runs: 1 },
        check: () =>
            assert.ok(
                sent('trigger').every((r) => !r.authorization),
                'no Authorization header to the sig= URL',
            ),
    },

    // --- invoke ---
    // The definition is unreadable here: a readable "Specific users" list is checked before sign-in (NotAnAllowedUser).
    {
        name: 'invoke: MisMatchingOAuthClaims (oid)',
        step: 'invoke',
        config: 'specificUsersHidden',
        user: 'megan',
        popup: T.USERS.megan.upn,
        expect: { code: 'MisMatchingOAuthClaims', runs: 0 },
        check: (s) => assert.match(s.cause, /\boid\b/),
    },
    {
        name: 'invoke: MisMatchingOAuthClaims (aud)',
        step: 'invoke',
        config: 'echo',
        expect: { code: 'MisMatchingOAuthClaims', runs: 0 },
        faults: [
            { service: 'entra', path: '/token', singleSlashScope: true, times: Infinity },
            { service: 'flowApi', lenientAudience: true, times: Infinity },
        ],
        check: (s) => assert.match(s.cause, /\baud\b/),
    },
    {
        name: 'invoke: DirectApiAuthorizationRequired',
        step: 'invoke',
        config: 'echo',
        expect: { code: 'DirectApiAuthorizationRequired', runs: 0 },
        faults: [
            {
                service: 'trigger',
                method: 'POST',
                status: 401,
                body: err('DirectApiAuthorizationRequired', 'The request must be authenticated only by Shared Access scheme.'),
            },
        ],
        check: () => assert.equal(sent('trigger').length, 1, 'a policy refusal is not retried'),
    },
    {
        name: 'invoke: OAuthAccessPolicyNotFound',
        step: 'invoke',
        config: 'echo',
        expect: { code: 'OAuthAccessPolicyNotFound', runs: 0 },
        faults: [
            {
                service: 'trigger',
                method: 'POST',
                status: 401,
                body: err('OAuthAccessPolicyNotFound', 'The OAuth access policy was not found for the workflow.'),
            },
        ],
        check: () => assert.equal(sent('trigger').length, 1),
    },
    // No public source names the gateway's code for an expired token, so a 401 with an unknown code may be the flow's own
    // answer: shown, never resent (MSAL renews tokens 5 minutes before they expire, so a real one is rare).
    {
        name: 'invoke: 401 with a code no source lists',
        step: 'invoke',
        config: 'echo',
        expect: { code: 'FlowReturnedError', runs: 0 },
        faults: [{ service: 'trigger', method: 'POST', status: 401, body: err('InvalidAuthenticationToken', 'The access token has expired.') }],
        check: () => assert.equal(sent('trigger').length, 1, 'never resent'),
    },
    // The control checks the body against a schema it can read before sending; the trigger's own refusal stays for the rest.
    {
        name: 'invoke: body breaks the schema (checked here)',
        step: 'invoke',
        config: 'schema',
        expect: { code: 'BodyDoesNotMatchSchema', runs: 0 },
        check: () => assert.equal(sent('trigger').length, 0, 'nothing sent'),
    },
    {
        name: 'invoke: 400 schema rejection (by the trigger)',
        step: 'invoke',
        config: 'echo',
        expect: { code: 'TriggerBadRequest', runs: 0 },
        faults: [{ preset: 'badRequest' }],
        check: () => assert.equal(sent('trigger').length, 1, 'never resent'),
    },
    { name: "invoke: 400 from the flow's Response", step: 'invoke', config: 'flowError', expect: { code: 'FlowReturnedError', runs: 1 } },
    {
        name: 'invoke: 429 short, retried',
        step: 'invoke',
        config: 'echo',
        expect: { status: 'Completed', runs: 1 },
        faults: [{ preset: 'throttled', headers: { 'Retry-After': '2', ...EXPOSE_RETRY_AFTER } }],
        check: () => assert.equal(sent('trigger').length, 2, 'one retry after Retry-After'),
    },
    {
        name: 'invoke: 429 long',
        step: 'invoke',
        config: 'echo',
        expect: { code: 'Throttled', runs: 0 },
        faults: [{ preset: 'throttled', headers: { 'Retry-After': '30', ...EXPOSE_RETRY_AFTER } }],
        check: () => assert.equal(sent('trigger').length, 1, 'one recorded attempt'),
    },
    // Whether the trigger exposes Retry-After to a browser is not documented (docs/platform-facts.md, "Trigger answers"): unreadable, it is not "≤ 10 s".
    {
        name: 'invoke: 429 long, Retry-After hidden',
        step: 'invoke',
        config: 'echo',
        expect: { code: 'Throttled', runs: 0 },
        faults: [{ preset: 'throttled', headers: { 'Retry-After': '30' } }],
        check: () => assert.equal(sent('trigger').length, 1, 'one recorded attempt'),
    },
    // The run exists and only its answer is missing: May have run, never "Failed".
    {
        name: 'invoke: 502 before Response',
        step: 'invoke',
        config: 'echo',
        expect: { code: 'RunStartedNoAnswer', status: 'May have run', runs: 1 },
        faults: [{ preset: 'badGateway' }],
        check: () => assert.equal(sent('trigger').length, 1),
    },
    {
        name: 'invoke: 504 no Response in 120 s',
        step: 'invoke',
        config: 'echo',
        expect: { code: 'FlowTimedOut', status: 'May have run', runs: 1 },
        faults: [{ preset: 'gatewayTimeout' }],
        check: () => assert.equal(sent('trigger').length, 1),
    },
    {
        name: 'invoke: network drop after send',
        step: 'invoke',
        config: 'echo',
        expect: { code: 'RunOutcomeUnknown', status: 'May have run', runs: 1 },
        faults: [{ preset: 'networkMidResponse' }],
        check: (s) => {
            assert.equal(sent('trigger').length, 1, 'never retried');
            assert.match(s.trackingId || '', GUID, 'the tracking id is shown');
            assert.equal(s.trackingId, kit.srv.state.runs[0].trackingId, 'and it is the one the run carries');
        },
    },
    {
        name: 'invoke: stale URL 404, rediscovered',
        step: 'invoke',
        config: 'echo',
        expect: { status: 'Completed', runs: 1 },
        faults: [{ service: 'trigger', method: 'POST', status: 404, body: err('WorkflowNotFound', "The workflow 'c2d30001' could not be found.") }],
        check: () => {
            assert.equal(sent('flowApi').length, 2, 'discovered again');
            assert.equal(sent('trigger').length, 2);
        },
    },
];

// Chromium itself resends a request whose reused keep-alive connection closed before any byte of the answer
// (HttpNetworkTransaction's resend on a reused socket), POSTs included: the trigger then records 2 runs for one click.
// Not the control's doing and not preventable from fetch(); kept visible as a TODO, see the report.
SCENARIOS.push({
    name: 'invoke: drop before any byte (browser resend)',
    step: 'invoke',
    config: 'echo',
    todo: true,
    expect: { code: 'RunOutcomeUnknown', status: 'May have run', runs: 1 },
    faults: [{ preset: 'networkAfterSend' }],
});

for (const s of SCENARIOS) {
    test(`fault: ${s.name}`, { todo: s.todo }, async () => {
        for (const f of s.faults || []) kit.srv.state.faults.add(f);
        const u = await newUser(kit, { popup: s.popup || ADELE });
        if (s.setup) await s.setup(u);
        const page = await openForm(kit, u, s.config, s.user || 'adele');
        const expected = [s.expect.code, s.expect.status].filter(Boolean).join(' / ');
        const row = { name: s.name, expected, shown: '?', runs: '?', leaks: '?' };
        kit.rows.push(row);
        const shown = await (s.act ? s.act(page, u) : clickRun(page));
        row.shown = shown.code ? `${shown.code}${shown.status && shown.status !== 'Failed' ? ` / ${shown.status}` : ''}` : shown.status;
        row.runs = kit.srv.state.runs.length;
        const leaks = await findLeaks(kit, u);
        row.leaks = leaks.length ? leaks.join('; ') : 'none';
        if (s.expect.code) assert.equal(shown.code, s.expect.code);
        if (s.expect.status) assert.equal(shown.status, s.expect.status);
        else if (s.step !== 'configuration') assert.equal(shown.status, 'Failed');
        assert.equal(kit.srv.state.runs.length, s.expect.runs, 'runs recorded');
        assert.ok(kit.srv.state.runs.length <= 1, 'never two runs');
        assert.deepEqual(leaks, []);
        if (s.check) await s.check(shown);
    });
}

test('load: 200 clicks as fast as possible across two controls; runs recorded == runs reported, none duplicated', async () => {
    const u = await newUser(kit);
    const page = await openForm(kit, u, 'twoButtons');
    // sign in once through control 0 (one popup for the page), then start counting
    assert.equal((await clickRun(page)).status, 'Completed');
    await page.keyboard.press('Escape');
    kit.srv.state.reset();
    // Every result a control shows, with its tracking id, as the DOM reports it.
    await page.evaluate(() => {
        const seen = new Map();
        window.__reported = seen;
        const record = () => {
            for (const id of document.querySelectorAll('[data-testid="flowinvoker-tracking-id"]')) {
                const v = id.textContent.trim();
                const status = id.closest('[data-testid="flowinvoker-panel"]')?.querySelector('[data-testid="flowinvoker-status"]')?.textContent.trim();
                if (v && !seen.has(v)) seen.set(v, status);
            }
        };
        new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const lag = [];
    const lagDone = { v: false };
    const lagLoop = (async () => {
        while (!lagDone.v) {
            const t0 = Date.now();
            await page.evaluate(
                () =>
                    new Promise((resolve) => {
                        requestAnimationFrame(() => resolve());
                    }),
            );
            lag.push(Date.now() - t0);
        }
    })();
    const started = Date.now();
    const buttons = [page.getByTestId('form-field-0').getByTestId('flowinvoker-run'), page.getByTestId('form-field-1').getByTestId('flowinvoker-run')];
    for (let i = 0; i < 200; i += 1) await buttons[i % 2].dispatchEvent('click');
    const clickMs = Date.now() - started;
    // settle: both buttons enabled again and every run the trigger recorded shown by a control
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="flowinvoker-run"]')].every((b) => !b.disabled));
    await page.waitForFunction((n) => window.__reported.size >= n, kit.srv.state.runs.length, { timeout: 30000 }).catch(() => undefined);
    lagDone.v = true;
    await lagLoop;
    const reported = await page.evaluate(() => [...window.__reported.entries()]);
    const runIds = kit.srv.state.runs.map((r) => r.trackingId);
    const invokeIds = sent('trigger').map((r) => r.trackingId);
    const maxLag = Math.max(...lag),
        medLag = [...lag].sort((a, b) => a - b)[Math.floor(lag.length / 2)];
    console.log(
        `\nload: 200 clicks in ${clickMs} ms → ${kit.srv.state.runs.length} runs recorded (echo ${kit.srv.state.runs.filter((r) => r.flow === 'echo').length}, ` +
            `fireAndForget ${kit.srv.state.runs.filter((r) => r.flow === 'fireAndForget').length}), ${reported.length} results shown; ` +
            `page round-trip (evaluate + requestAnimationFrame) median ${medLag} ms, max ${maxLag} ms over ${lag.length} probes`,
    );
    assert.ok(kit.srv.state.runs.length >= 2, 'both controls ran');
    assert.equal(new Set(runIds).size, runIds.length, 'no tracking id ran twice');
    assert.equal(new Set(invokeIds).size, invokeIds.length, 'no click sent twice');
    assert.deepEqual(reported.map(([id]) => id).sort(), [...runIds].sort(), 'runs recorded == runs the UI reported');
    assert.ok(
        reported.every(([, status]) => /^(Completed|Started)$/.test(status)),
        'every reported run succeeded',
    );
    assert.deepEqual(await findLeaks(kit, u), []);
});
