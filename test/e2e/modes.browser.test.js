'use strict';
// On the REAL production bundle: Queue mode (a row in fi_flowrequest that the imitation automated flow
// processes), the verifiable identity header (identityScope), and the trigger URL from an environment variable
// (callbackUrlVariable). Each scenario asserts what the user sees and what the emulators recorded.
// Run: node --test test/e2e/modes.browser.test.js   (FLOWINVOKER_CONTROL_DIR=<dir> for another build)
const test = require('node:test');
const assert = require('node:assert/strict');
const T = require('../sandbox/tenant');
const { client, suiteKit, newUser, openForm, clickRun, findLeaks, kindsOf, responseHas } = require('./browserKit');

const ADELE = T.USERS.adele;
const rows = () => [...kit.srv.state.queue.rows.values()];
const of = (service) => kit.srv.state.requests.filter((r) => r.service === service);

const kit = suiteKit();

async function open(config, user = 'adele', opts) {
    const u = await newUser(kit, opts);
    return { u, page: await openForm(kit, u, config, user) };
}

// --- Queue mode ------------------------------------------------------------------------------------------
test("queue: Completed with the flow's result; one row, created by the user; no Entra request at all", async () => {
    const { u, page } = await open('queue');
    await page.getByTestId('form-column-creditlimit').fill('31000.75'); // an unsaved edit goes into fi_input
    await page.getByTestId('form-column-creditlimit').evaluate((e) => e.blur());
    const shown = await clickRun(page, { timeoutMs: 20000 });
    assert.equal(shown.status, 'Completed');
    assert.equal(rows().length, 1, 'exactly one row created');
    const [row] = rows();
    assert.equal(row._createdby_value, ADELE.systemuserid, 'createdby is the user');
    assert.deepEqual(JSON.parse(row.fi_input), { recordId: T.RECORD.entityId, amount: 31000.75 });
    assert.equal(row.fi_status, T.QUEUE_TABLE.status.Completed);
    assert.equal(kindsOf(kit.srv, 'queueCreate').length, 1);
    assert.ok(kindsOf(kit.srv, 'queueRead').length >= 1);
    assert.deepEqual(responseHas(shown.response, { approvalId: `APR-${row.fi_flowrequestid.slice(0, 8)}`, requestedBy: ADELE.name }), []);
    assert.equal(shown.trackingId, row.fi_flowrequestid, 'the panel names the request row');
    assert.equal(kit.srv.state.queue.runs.length, 1);
    assert.equal(kit.srv.state.queue.runs[0].createdby, ADELE.systemuserid, 'the flow knows who asked');
    assert.equal(of('entra').length, 0, 'no Entra request');
    assert.equal(of('flowApi').length + of('trigger').length, 0, 'no flow API or trigger request');
    assert.equal(u.popups, 0);
    assert.deepEqual(await findLeaks(kit, u), []);
});

test("queue: the flow reports Failed → QueueRunFailed with the flow's text", async () => {
    const { page } = await open('queueFail');
    const shown = await clickRun(page, { timeoutMs: 20000 });
    assert.equal(shown.status, 'Failed');
    assert.equal(shown.code, 'QueueRunFailed');
    assert.match(shown.text, /Credit check failed: the account is on hold \(CHK-42\)\./);
    assert.equal(rows().length, 1);
});

test('queue: the row stays Running past queueTimeoutSeconds (5) → QueueTimedOut, "may have run"', async () => {
    const { page } = await open('queueHang');
    const t0 = Date.now();
    const shown = await clickRun(page, { timeoutMs: 20000 });
    assert.equal(shown.code, 'QueueTimedOut');
    assert.equal(shown.status, 'May have run');
    assert.match(shown.cause, /\b5\b/);
    assert.ok(Date.now() - t0 >= 5000 && Date.now() - t0 < 12000, `gave up after ~5 s (${Date.now() - t0} ms)`);
    assert.equal(rows().length, 1, 'the row is never re-created');
    assert.equal(rows()[0].fi_status, T.QUEUE_TABLE.status.Running);
    // Polls at 1 s, then ×1.5 (1.5 s, 2.25 s …); the last one is cut short by the deadline.
    const created = kindsOf(kit.srv, 'queueCreate')[0].start;
    const reads = kindsOf(kit.srv, 'queueRead').map((r) => r.start);
    const gaps = [reads[0] - created, ...reads.slice(1).map((t, i) => t - reads[i])].slice(0, -1);
    assert.ok(gaps.length >= 2 && gaps.every((g, i) => g >= 900 && (i === 0 || g >= gaps[i - 1] * 1.3)), `polls back off: ${gaps.join(', ')} ms`);
});

test('queue: the automated flow is off, the row stays Pending → QueueNotPickedUp', async () => {
    kit.srv.state.queue.flow.on = false;
    const { page } = await open('queueShort');
    const shown = await clickRun(page, { timeoutMs: 20000 });
    assert.equal(shown.code, 'QueueNotPickedUp');
    assert.match(shown.fix, /fi_flowrequest/);
    assert.equal(rows().length, 1);
    assert.equal(rows()[0].fi_status, T.QUEUE_TABLE.status.Pending);
    assert.equal(kit.srv.state.queue.runs.length, 0);
});

test('queue: no Create privilege on the table → QueueWriteDenied, no row', async () => {
    const { page } = await open('queue', 'noqueue', { popup: 'ignore' });
    const shown = await clickRun(page, { timeoutMs: 20000 });
    assert.equal(shown.status, 'Failed');
    assert.equal(shown.code, 'QueueWriteDenied');
    assert.match(shown.cause, /fi_flowrequest/);
    assert.equal(rows().length, 0);
    assert.equal(kindsOf(kit.srv, 'queueCreate')[0].status, 403);
    assert.equal(kindsOf(kit.srv, 'queueRead').length, 0);
});

// --- identityScope -----------------------------------------------------------------------------------------
test("identity: x-flowinvoker-identity reaches the trigger and verifies against Entra's keys (aud = the API, oid = Adele)", async () => {
    const { u, page } = await open('identity');
    const shown = await clickRun(page);
    assert.equal(shown.status, 'Completed');
    assert.equal(kit.srv.state.runs.length, 1);
    const { identity, caller } = kit.srv.state.runs[0];
    assert.equal(caller.oid, ADELE.oid);
    assert.equal(identity.present, true, 'the header arrived');
    assert.deepEqual(identity.problems, []);
    assert.equal(identity.verified, true);
    assert.equal(identity.aud, T.MAKER_API.identifierUri);
    assert.equal(identity.oid, ADELE.oid);
    assert.equal(identity.scp, 'user_impersonation');
    const apiTokens = kit.srv.state.secrets
        .filter((s) => s.kind === 'access_token')
        .map((s) => client.decode(s.value))
        .filter((c) => c.aud === T.MAKER_API.identifierUri);
    assert.ok(apiTokens.length >= 1, "Entra issued a token for the maker's API");
    assert.equal(u.popups, 1, 'one sign-in consents to both');
    assert.deepEqual(await findLeaks(kit, u), []);
});

// --- callbackUrlVariable -----------------------------------------------------------------------------------
test('URL from an environment variable: Completed without reading workflow or calling listCallbackUrl (user without workflow read)', async () => {
    const { u, page } = await open('urlVariable', 'noflowread', { popup: T.USERS.noflowread.upn });
    const shown = await clickRun(page);
    assert.equal(shown.status, 'Completed');
    assert.equal(kit.srv.state.runs.length, 1);
    assert.equal(kit.srv.state.runs[0].flow, 'echo', 'the current value (echo) wins over the default (fireAndForget)');
    assert.equal(kindsOf(kit.srv, 'workflow').length, 0, 'zero workflow reads');
    assert.equal(kindsOf(kit.srv, 'listCallbackUrl').length, 0, 'zero listCallbackUrl calls');
    assert.equal(kindsOf(kit.srv, 'environmentVariable').length, 1);
    assert.deepEqual(await findLeaks(kit, u), []);
});

test('URL from an environment variable: only a default value → used', async () => {
    const { page } = await open('urlVariableDefault');
    assert.equal((await clickRun(page)).status, 'Completed');
    assert.equal(kit.srv.state.runs[0].flow, 'echo');
});

for (const [config, code, check] of [
    ['urlVariableEmpty', 'EnvironmentVariableEmpty', (s) => assert.match(s.cause, /fi_EmptyFlowUrl/)],
    ['urlVariableUntrusted', 'UntrustedCallbackUrl', (s) => assert.match(s.cause, new RegExp(T.UNTRUSTED_HOST.replace(/\./g, '\\.')))],
    ['urlVariableMissing', 'EnvironmentVariableNotFound', (s) => assert.match(s.cause, /fi_NoSuchUrl/)],
]) {
    test(`URL from an environment variable: ${config} → ${code}, nothing sent`, async () => {
        const { u, page } = await open(config);
        const shown = await clickRun(page);
        assert.equal(shown.status, 'Failed');
        assert.equal(shown.code, code);
        check(shown);
        assert.equal(kit.srv.state.runs.length, 0);
        assert.equal(kindsOf(kit.srv, 'invoke').length, 0);
        assert.equal(of('untrusted').length, 0, 'no request to the untrusted host');
        assert.equal(kindsOf(kit.srv, 'workflow').length + kindsOf(kit.srv, 'listCallbackUrl').length, 0);
        assert.deepEqual(await findLeaks(kit, u), []);
    });
}
