'use strict';
// What the real services answer beyond the happy path (docs/platform-facts.md, "What we could not verify without a tenant"), on the REAL production
// bundle: the trigger's WorkflowTriggerIsNotEnabled states, a non-POST trigger, ListCallbackUrlOperationBlocked, 502/504,
// MisMatchingOAuthClaims as 401 or 403; what a flow definition says (legacy Anyone, Specific users, trigger kinds); and
// listCallbackUrl refused to non-owners (sandbox variant listCallbackUrl = anyone | ownersOnly). Each row asserts what
// the user sees, the runs the trigger recorded and that nothing leaked; the table is printed at the end.
// Run: node --test test/e2e/serviceAnswers.browser.test.js   (FLOWINVOKER_CONTROL_DIR=<dir> for another build)
const test = require('node:test');
const assert = require('node:assert/strict');
const T = require('../sandbox/tenant');
const { suiteKit, newUser, openForm, clickRun, findLeaks, kindsOf } = require('./browserKit');

const kit = suiteKit({ table: ['Service answers', ['variant', 'expected', 'shown', 'runs', 'leaks']] });

const posts = () => kit.srv.state.requests.filter((r) => r.service === 'trigger' && r.method === 'POST');
const listCalls = () => kit.srv.state.requests.filter((r) => r.service === 'flowApi' && r.method === 'POST');
const err = (code, message) => ({ error: { code, message } });
// The "Run id" line of the error panel (a <dt>/<dd> pair), as the user reads it.
const shownRunId = (shown) => /Run id\s+(\S+)/.exec(shown.text)?.[1];

/**
 * One scenario in one variant: { config, user, variants, faults, setup }. `expected`: { code, status, runs }.
 * The row's "shown" adds the trigger POSTs and listCallbackUrl calls, the two numbers a double run or a retry would change.
 */
async function scenario(variant, expected, { config = 'echo', user = 'adele', variants = {}, faults = [], check } = {}) {
    kit.srv.state.variants.set(variants);
    for (const f of faults) kit.srv.state.faults.add(f);
    const u = await newUser(kit, { popup: T.USERS[user].upn });
    const row = { variant, expected: [expected.code, expected.status].filter(Boolean).join(' / '), shown: '?', runs: '?', leaks: '?' };
    kit.rows.push(row);
    const page = await openForm(kit, u, config, user);
    const shown = await clickRun(page);
    const label = shown.code ? `${shown.code}${shown.serviceCode && shown.serviceCode !== shown.code ? ` (${shown.serviceCode})` : ''}` : '';
    row.shown = `${[label, shown.status].filter(Boolean).join(' / ')} · ${posts().length} POST, ${listCalls().length} list, ${u.popups} popup`;
    row.runs = kit.srv.state.runs.length;
    const leaks = await findLeaks(kit, u);
    row.leaks = leaks.length ? leaks.join('; ') : 'none';
    if (expected.code) assert.equal(shown.code, expected.code, shown.cause);
    assert.equal(shown.status, expected.status ?? 'Failed', `${shown.code}: ${shown.cause}`);
    assert.equal(kit.srv.state.runs.length, expected.runs, 'runs recorded');
    assert.deepEqual(leaks, []);
    if (check) await check(shown, u);
    return shown;
}

// --- 4. what the trigger and the flow API answer -------------------------------------------------------------

test('4 · trigger state Disabled (URL from a variable, so no row says it is off)', () =>
    scenario(
        '4 · trigger 400 WorkflowTriggerIsNotEnabled, Disabled',
        { code: 'TriggerNotEnabled', runs: 0 },
        {
            config: 'urlVariableOff',
            check: (shown) => {
                assert.equal(shown.serviceCode, 'WorkflowTriggerIsNotEnabled');
                assert.match(shown.cause, /state 'Disabled'/);
                assert.match(shown.fix, /Premium licence/);
                assert.equal(posts().length, 1, 'a refusal that is not about the URL is not resent');
            },
        },
    ));

test("4 · trigger state Suspended names the state and the owner's licence", () =>
    scenario(
        '4 · trigger 400 WorkflowTriggerIsNotEnabled, Suspended',
        { code: 'TriggerNotEnabled', runs: 0 },
        {
            config: 'urlVariableSuspended',
            check: (shown) => {
                assert.match(shown.cause, /state 'Suspended'/);
                assert.match(shown.fix, /why it was suspended.*Premium licence/);
                assert.equal(posts().length, 1);
            },
        },
    ));

test("4 · trigger state Deleted on a re-created flow's old URL: forgotten, discovered once more, one run", () =>
    scenario(
        '4 · trigger 400 Deleted, flow re-created: rediscovered',
        { status: 'Completed', runs: 1 },
        {
            config: 'recreated',
            // The first discovery hands out the URL the flow had before it was re-imported.
            faults: [
                {
                    service: 'flowApi',
                    method: 'POST',
                    path: 'listCallbackUrl',
                    status: 200,
                    body: { response: { value: T.formerUrlOf(T.FLOWS.recreated) }, httpStatusCode: 'OK' },
                },
            ],
            check: () => {
                assert.equal(listCalls().length, 2, 'discovered once more');
                assert.equal(posts().length, 2, 'the stale URL, then the new one');
                assert.equal(kit.srv.state.runs[0].flow, 'recreated');
            },
        },
    ));

test('4 · trigger state Deleted and no new URL (variable still holds the old one): said after one more look', () =>
    scenario(
        '4 · trigger 400 Deleted, flow gone (URL from a variable)',
        { code: 'TriggerNotEnabled', runs: 0 },
        {
            config: 'urlVariableDeleted',
            check: (shown) => {
                assert.match(shown.cause, /belongs to a flow that was deleted/);
                assert.match(shown.fix, /callbackUrlVariable/);
                assert.equal(posts().length, 2, 'one rediscovery, never more');
                assert.equal(kindsOf(kit.srv, 'environmentVariable').length, 2, 'the variable was read again');
            },
        },
    ));

test('4 · flow off in its row: said before the trigger is asked', () =>
    scenario(
        '4 · row statecode 0 (trigger would say Disabled)',
        { code: 'FlowOff', runs: 0 },
        {
            config: 'off',
            check: (shown, u) => assert.deepEqual([posts().length, listCalls().length, u.popups], [0, 0, 0]),
        },
    ));

test('4 · a GET trigger in the definition: refused by name before any request', () =>
    scenario(
        '4 · definition inputs.method GET',
        { code: 'TriggerMethodNotPost', runs: 0 },
        {
            config: 'getTrigger',
            check: (shown, u) => {
                assert.match(shown.cause, /accepts only GET requests/);
                assert.deepEqual([posts().length, listCalls().length, u.popups], [0, 0, 0], 'no request, no sign-in');
            },
        },
    ));

test("4 · a GET trigger whose definition is unreadable: the trigger's TriggerRequestMethodNotValid names GET", () =>
    scenario(
        '4 · trigger 400 TriggerRequestMethodNotValid',
        { code: 'TriggerMethodNotPost', runs: 0 },
        {
            config: 'getTriggerHidden',
            check: (shown) => {
                assert.equal(shown.serviceCode, 'TriggerRequestMethodNotValid');
                assert.match(shown.cause, /accepts only GET requests/);
                assert.equal(posts().length, 1);
            },
        },
    ));

test('4 · ListCallbackUrlOperationBlocked (a button flow whose definition is unreadable): not "service unavailable"', () =>
    scenario(
        '4 · listCallbackUrl 400 ListCallbackUrlOperationBlocked',
        { code: 'CallbackUrlBlocked', runs: 0 },
        {
            config: 'buttonHidden',
            check: (shown) => {
                assert.equal(shown.serviceCode, 'ListCallbackUrlOperationBlocked');
                assert.match(shown.cause, new RegExp(T.FLOWS.buttonHidden.name.replace(/[()]/g, '.')));
                assert.deepEqual([listCalls().length, posts().length], [1, 0], 'not retried as if the service were down');
            },
        },
    ));

for (const [config, what] of [
    ['responseSkipped', 'every Response skipped'],
    ['failsBeforeResponse', 'an action failed before the Response'],
]) {
    test(`4 · 502 when ${what}: the run started but sent no answer, May have run, never resent`, () =>
        scenario(
            `4 · trigger 502 NoResponse, ${what}`,
            { code: 'RunStartedNoAnswer', status: 'May have run', runs: 1 },
            {
                config,
                check: (shown) => {
                    assert.match(shown.cause, /^The run started but sent no answer/);
                    assert.equal(shownRunId(shown), kit.srv.state.runs[0].runId, 'the panel shows the run id');
                    assert.equal(posts().length, 1);
                },
            },
        ));
}

test("4 · 502 with the run headers hidden: the run id still comes from the answer's message", () =>
    scenario(
        '4 · trigger 502, no exposed headers',
        { code: 'RunStartedNoAnswer', status: 'May have run', runs: 1 },
        {
            config: 'responseSkipped',
            faults: [{ preset: 'hideRunHeaders' }],
            check: (shown) => {
                assert.equal(shownRunId(shown), kit.srv.state.runs[0].runId, 'the run id, read from "Request tracking id \'…\'"');
                assert.equal(posts().length, 1);
            },
        },
    ));

test('4 · 504 when the Response is not reached within the limit: May have run, never resent', async (t) => {
    const limit = kit.srv.state.responseTimeoutMs;
    kit.srv.state.responseTimeoutMs = 500; // the 120 s limit, shortened; the slow flow answers after 3 s
    t.after(() => {
        kit.srv.state.responseTimeoutMs = limit;
    });
    await scenario(
        '4 · trigger 504 (Response not reached in time)',
        { code: 'FlowTimedOut', status: 'May have run', runs: 1 },
        {
            config: 'slow',
            check: () => assert.equal(posts().length, 1),
        },
    );
});

for (const status of [403, 401]) {
    test(`4 · MisMatchingOAuthClaims as ${status} (user not on an unreadable list): the same refusal, not retried`, () =>
        scenario(
            `4 · trigger ${status} MisMatchingOAuthClaims (triggerNotAllowedStatus=${status})`,
            { code: 'MisMatchingOAuthClaims', runs: 0 },
            {
                config: 'specificUsersHidden',
                user: 'megan',
                variants: { triggerNotAllowedStatus: status },
                check: (shown) => {
                    assert.match(shown.cause, /\boid\b/);
                    assert.equal(posts().length, 1, 'a fresh token would not change the list');
                },
            },
        ));
}

test("4 · DirectApiRequestHasMoreThanOneAuthorization: the Anyone-trigger refusal, with the service's own code", () =>
    scenario(
        '4 · trigger 401 DirectApiRequestHasMoreThanOneAuthorization',
        { code: 'OAuthAccessPolicyNotFound', runs: 0 },
        {
            faults: [
                {
                    service: 'trigger',
                    method: 'POST',
                    times: Infinity,
                    status: 401,
                    body: err('DirectApiRequestHasMoreThanOneAuthorization', 'The request has more than one authorization: a signature and a bearer token.'),
                },
            ],
            check: (shown) => assert.equal(shown.serviceCode, 'DirectApiRequestHasMoreThanOneAuthorization'),
        },
    ));

// --- 5. what the flow definition says ---------------------------------------------------------------------------

test('5 · a Request/Http trigger without triggerAuthenticationType is the legacy Anyone trigger', () =>
    scenario(
        '5 · definition without triggerAuthenticationType',
        { code: 'AnonymousTriggerRefused', runs: 0 },
        {
            config: 'legacyAnyone',
            check: (shown, u) => assert.deepEqual([posts().length, listCalls().length, u.popups], [0, 0, 0]),
        },
    ));

test('5 · the legacy Anyone trigger with allowAnonymousTrigger runs without a bearer', () =>
    scenario(
        '5 · no triggerAuthenticationType + allowAnonymousTrigger',
        { status: 'Completed', runs: 1 },
        {
            config: 'legacyAnyoneAllowed',
            check: () =>
                assert.ok(
                    posts().every((r) => !r.authorization),
                    'no Authorization to the sig= URL',
                ),
        },
    ));

test('5 · Specific users: a user not on the list is told whom to ask, before any sign-in window', () =>
    scenario(
        '5 · triggerAllowedUsers without Megan',
        { code: 'NotAnAllowedUser', runs: 0 },
        {
            config: 'specificUsers',
            user: 'megan',
            check: (shown, u) => {
                assert.match(shown.cause, /MeganB@contoso\.onmicrosoft\.com is not on that list/);
                assert.match(shown.fix, new RegExp(`owner, ${T.USERS.diego.name}`));
                assert.deepEqual([u.popups, listCalls().length, posts().length], [0, 0, 0], 'no popup, no request');
            },
        },
    ));

test('5 · Specific users by object id, the user not listed', () =>
    scenario(
        "5 · triggerAllowedUsers = Adele's object id, Megan",
        { code: 'NotAnAllowedUser', runs: 0 },
        {
            config: 'specificUsersByOid',
            user: 'megan',
            check: (shown, u) => assert.equal(u.popups, 0),
        },
    ));

test('5 · Specific users: listed in another case, with spaces, among others', () =>
    scenario('5 · triggerAllowedUsers " MeganB…;adelev@CONTOSO…"', { status: 'Completed', runs: 1 }, { config: 'specificUsersMixed' }));

test('5 · Specific users with a blank list is the whole tenant', () =>
    scenario('5 · triggerAllowedUsers blank, Megan', { status: 'Completed', runs: 1 }, { config: 'specificUsersBlank', user: 'megan' }));

test("5 · the trigger's key is taken from the definition", () =>
    scenario(
        '5 · trigger key When_a_HTTP_request_is_received',
        { status: 'Completed', runs: 1 },
        {
            config: 'renamedTrigger',
            check: () => assert.ok(listCalls().every((r) => r.path.includes('/triggers/When_a_HTTP_request_is_received/'))),
        },
    ));

for (const [config, definition, title] of [
    ['button', 'Request/Button', 'Manually trigger a flow'],
    ['powerApps', 'Request/PowerAppV2', 'When Power Apps calls a flow'],
    ['automated', 'OpenApiConnectionWebhook (Dataverse)', "'When a row is added, modified or deleted' (OpenApiConnectionWebhook)"],
    ['recurrence', 'Recurrence', 'runs on a schedule'],
]) {
    test(`5 · a ${definition} trigger is refused by name: ${title}`, () =>
        scenario(
            `5 · definition trigger ${definition}`,
            { code: 'NotAnHttpTrigger', runs: 0 },
            {
                config,
                check: (shown, u) => {
                    assert.ok(shown.cause.includes(title), shown.cause);
                    assert.deepEqual([listCalls().length, u.popups], [0, 0]);
                },
            },
        ));
}

// --- 6. listCallbackUrl for users who do not own the flow (undocumented: both ways) -------------------------------

test('6 · listCallbackUrl=anyone: a user who does not own the flow gets its URL', () =>
    scenario('6 · listCallbackUrl=anyone, Adele (not an owner)', { status: 'Completed', runs: 1 }, { variants: { listCallbackUrl: 'anyone' } }));

test('6 · listCallbackUrl=ownersOnly: a non-owner is told whose permission is missing and the two fixes', () =>
    scenario(
        '6 · listCallbackUrl=ownersOnly, Adele (not an owner)',
        { code: 'CallbackUrlDenied', runs: 0 },
        {
            variants: { listCallbackUrl: 'ownersOnly' },
            check: (shown) => {
                assert.equal(shown.serviceCode, 'Forbidden');
                assert.match(shown.cause, new RegExp(`'${T.FLOWS.echo.name.replace(/[()]/g, '.')}' is on, but Power Automate will not give your account`));
                assert.match(shown.fix, new RegExp(`${T.USERS.diego.name}, shares the flow with you`));
                assert.match(shown.fix, /callbackUrlVariable/);
                assert.deepEqual([listCalls().length, posts().length], [1, 0], 'a refusal is not retried');
            },
        },
    ));

test('6 · listCallbackUrl=ownersOnly: the owner runs it', () =>
    scenario(
        '6 · listCallbackUrl=ownersOnly, Diego (owner)',
        { status: 'Completed', runs: 1 },
        { user: 'diego', variants: { listCallbackUrl: 'ownersOnly' } },
    ));

test('6 · listCallbackUrl=ownersOnly: a co-owner runs it (fix 1: share the flow)', () =>
    scenario(
        '6 · listCallbackUrl=ownersOnly, Adele (co-owner)',
        { status: 'Completed', runs: 1 },
        { config: 'coOwned', variants: { listCallbackUrl: 'ownersOnly' } },
    ));

test('6 · listCallbackUrl=ownersOnly: the URL from an environment variable needs no listCallbackUrl (fix 2)', () =>
    scenario(
        '6 · listCallbackUrl=ownersOnly, Adele, callbackUrlVariable',
        { status: 'Completed', runs: 1 },
        {
            config: 'urlVariable',
            variants: { listCallbackUrl: 'ownersOnly' },
            check: () => assert.equal(listCalls().length, 0),
        },
    ));

test('6 · 404 FlowNotFound from listCallbackUrl for a flow whose row is on: the same missing permission', () =>
    scenario(
        '6 · listCallbackUrl 404 FlowNotFound, row on',
        { code: 'CallbackUrlDenied', runs: 0 },
        {
            config: 'orphan',
            check: (shown) => assert.equal(shown.serviceCode, 'FlowNotFound'),
        },
    ));
