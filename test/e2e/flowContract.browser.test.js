'use strict';
// The flow's own contract, on the REAL production bundle: the body is checked against the trigger's schema before anything
// is sent (README "BodyDoesNotMatchSchema"), and a schema the control cannot read (a sample payload) never blocks a run.
// Every row asserts what the user sees, the trigger requests and runs the emulators saw, and that nothing leaked.
// Run: node --test test/e2e/flowContract.browser.test.js   (FLOWINVOKER_CONTROL_DIR=<dir> for another build)
const test = require('node:test');
const assert = require('node:assert/strict');
const T = require('../sandbox/tenant');
const { suiteKit, newUser, openForm, clickRun, findLeaks, responseHas } = require('./browserKit');

let kit, srv;
const rows = [];
const users = suiteKit((ready) => {
    kit = ready;
    srv = ready.srv;
});
test.after(() => {
    const w = [44, 24, 62, 4, 7, 5];
    const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(w[i])).join(' | ')} |`;
    console.log(`\nFlow contract (${rows.length} scenarios)\n${line(['scenario', 'expected', 'shown', 'runs', 'trigger', 'leaks'])}\n${line(w.map((n) => '-'.repeat(n)))}`);
    for (const r of rows) console.log(line([r.scenario, r.expected, r.shown, r.runs, r.trigger, r.leaks]));
});

const triggerRequests = () => srv.state.requests.filter((r) => r.service === 'trigger');

/** One configuration, one click by a first-time user; records its row and checks what every row must hold. */
async function scenario(name, config, expected, check) {
    const u = await newUser(kit, { popup: T.USERS.adele.upn });
    users.push(u);
    const row = { scenario: name, expected: expected.code || expected.status, shown: '?', runs: '?', trigger: '?', leaks: '?' };
    rows.push(row);
    const page = await openForm(kit, u, config);
    const shown = await clickRun(page);
    row.shown = shown.code ? `${shown.code}: ${shown.cause.replace(/^The flow's trigger /, '').slice(0, 36)}…` : shown.status;
    row.runs = srv.state.runs.length;
    row.trigger = triggerRequests().length;
    const leaks = await findLeaks(kit, u);
    row.leaks = leaks.length ? leaks.join('; ') : 'none';
    assert.deepEqual(leaks, []);
    if (expected.code) {
        assert.equal(shown.code, expected.code, shown.cause);
        assert.equal(srv.state.runs.length, 0, 'no run');
        assert.deepEqual(triggerRequests().map((r) => `${r.method} ${r.host}`), [], 'nothing reached the trigger, not even a preflight');
        assert.equal(u.popups, 0, 'refused before any sign-in window');
        for (const part of expected.cause) assert.ok(shown.cause.includes(part), `"${shown.cause}" names ${part}`);
    } else {
        assert.equal(shown.status, expected.status, `${shown.code}: ${shown.cause}`);
        assert.equal(srv.state.runs.length, 1, 'one run');
    }
    if (check) check(shown);
}

test('a body that fits the schema runs, typed as the schema wants', () =>
    scenario('fits (number, enum, date from columns)', 'contractOk', { status: 'Completed' }, (shown) => {
        assert.deepEqual(responseHas(shown.response, { received: { amount: 25000.5, priority: 'normal', due: '2025-05-08' } }), []);
    }));

test('a missing required property is refused before any request, naming it', () =>
    scenario('required "priority" not in the template', 'contractMissing',
        { code: 'BodyDoesNotMatchSchema', cause: ['priority', 'string', 'requestBody'] }));

test('a wrong type is refused before any request, naming the property, the type and the column that fed it', () =>
    scenario('"amount" quoted: text, not number', 'contractWrongType',
        { code: 'BodyDoesNotMatchSchema', cause: ['amount', 'number', '"$25,000.50"', '{{input1}} (Credit limit)'] }));

test('a value outside the enum is refused, listing the allowed values', () =>
    scenario('"priority" outside its enum', 'contractEnum',
        { code: 'BodyDoesNotMatchSchema', cause: ['priority', '"low", "normal", "high"', '"urgent"'] }));

test('a text that is not the declared date format is refused, naming the column', () =>
    scenario('"due" fed by a text column (format date)', 'contractBadDate',
        { code: 'BodyDoesNotMatchSchema', cause: ['due', 'date', '"Fourth Coffee"', '{{input2}} (Account name)'] }));

test('a sample payload pasted instead of a schema never blocks a run', () =>
    scenario('sample payload as the schema', 'samplePayload', { status: 'Completed' }));
