'use strict';
// The flow's own contract, on the REAL production bundle: the body is checked against the trigger's schema before anything
// is sent (README "BodyDoesNotMatchSchema"), and a schema the control cannot read (a sample payload) never blocks a run.
// Every row asserts what the user sees, the trigger requests and runs the emulators saw, and that nothing leaked.
// Run: node --test test/e2e/flowContract.browser.test.js   (FLOWINVOKER_CONTROL_DIR=<dir> for another build)
const test = require('node:test');
const assert = require('node:assert/strict');
const T = require('../sandbox/tenant');
const { AxeBuilder } = require('@axe-core/playwright');
const { suiteKit, newUser, openForm, clickRun, waitFinal, findLeaks, responseHas } = require('./browserKit');

const kit = suiteKit({ table: ['Flow contract', ['scenario', 'expected', 'shown', 'runs', 'trigger', 'leaks']] });

const triggerRequests = () => kit.srv.state.requests.filter((r) => r.service === 'trigger');

/** One configuration, one click by a first-time user; records its row and checks what every row must hold. */
async function scenario(name, config, expected, check) {
    const u = await newUser(kit, { popup: T.USERS.adele.upn });
    const row = { scenario: name, expected: expected.code || expected.status, shown: '?', runs: '?', trigger: '?', leaks: '?' };
    kit.rows.push(row);
    const page = await openForm(kit, u, config);
    const shown = await clickRun(page);
    row.shown = shown.code ? `${shown.code}: ${shown.cause.replace(/^The flow's trigger /, '').slice(0, 36)}…` : shown.status;
    row.runs = kit.srv.state.runs.length;
    row.trigger = triggerRequests().length;
    const leaks = await findLeaks(kit, u);
    row.leaks = leaks.length ? leaks.join('; ') : 'none';
    assert.deepEqual(leaks, []);
    if (expected.code) {
        assert.equal(shown.code, expected.code, shown.cause);
        assert.equal(kit.srv.state.runs.length, 0, 'no run');
        assert.deepEqual(
            triggerRequests().map((r) => `${r.method} ${r.host}`),
            [],
            'nothing reached the trigger, not even a preflight',
        );
        assert.equal(u.popups, 0, 'refused before any sign-in window');
        for (const part of expected.cause) assert.ok(shown.cause.includes(part), `"${shown.cause}" names ${part}`);
    } else {
        assert.equal(shown.status, expected.status, `${shown.code}: ${shown.cause}`);
        assert.equal(kit.srv.state.runs.length, 1, 'one run');
    }
    if (check) check(shown);
}

test('a body that fits the schema runs, typed as the schema wants', () =>
    scenario('fits (number, enum, date from columns)', 'contractOk', { status: 'Completed' }, (shown) => {
        assert.deepEqual(responseHas(shown.response, { received: { amount: 25000.5, priority: 'normal', due: '2025-05-08' } }), []);
    }));

test('a missing required property is refused before any request, naming it', () =>
    scenario('required "priority" not in the template', 'contractMissing', { code: 'BodyDoesNotMatchSchema', cause: ['priority', 'string', 'requestBody'] }));

test('a wrong type is refused before any request, naming the property, the type and the column that fed it', () =>
    scenario('"amount" quoted: text, not number', 'contractWrongType', {
        code: 'BodyDoesNotMatchSchema',
        cause: ['amount', 'number', '"$25,000.50"', '{{input1}} (Credit limit)'],
    }));

test('a value outside the enum is refused, listing the allowed values', () =>
    scenario('"priority" outside its enum', 'contractEnum', { code: 'BodyDoesNotMatchSchema', cause: ['priority', '"low", "normal", "high"', '"urgent"'] }));

test('a text that is not the declared date format is refused, naming the column', () =>
    scenario('"due" fed by a text column (format date)', 'contractBadDate', {
        code: 'BodyDoesNotMatchSchema',
        cause: ['due', 'date', '"Fourth Coffee"', '{{input2}} (Account name)'],
    }));

test('a sample payload pasted instead of a schema never blocks a run', () =>
    scenario('sample payload as the schema', 'samplePayload', { status: 'Completed' }));

// --- askForInputs: the dialog generated from the schema, used with the keyboard alone ---

const settled = (page) => page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, { polling: 'raf' });

/** axe-core on the page; Tabster's focus-redirecting dummies are a known false positive (see form.browser.test.js). */
async function axe(page) {
    await settled(page);
    const all = (await new AxeBuilder({ page }).analyze()).violations;
    return all
        .map((v) => (v.id === 'aria-hidden-focus' ? { ...v, nodes: v.nodes.filter((n) => !/data-tabster-dummy/.test(n.html)) } : v))
        .filter((v) => v.nodes.length > 0)
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function openDialog(config, popup = T.USERS.adele.upn) {
    const u = await newUser(kit, { popup });
    const page = await openForm(kit, u, config);
    const focused = () =>
        page.evaluate(() => document.activeElement && (document.activeElement.getAttribute('data-testid') || document.activeElement.getAttribute('name')));
    for (let i = 0; i < 10 && (await focused()) !== 'flowinvoker-run'; i += 1) await page.keyboard.press('Tab');
    assert.equal(await focused(), 'flowinvoker-run');
    await page.keyboard.press('Enter');
    return { u, page, focused };
}

test('the inputs dialog asks for each schema property the template leaves out, keyboard only, axe-clean, typed into the body', async () => {
    const row = { scenario: 'dialog: 6 fields typed by keyboard', expected: 'Completed', shown: '?', runs: '?', trigger: '?', leaks: '?' };
    kit.rows.push(row);
    const { u, page, focused } = await openDialog('contractAsk');
    const dialog = page.getByTestId('flowinvoker-inputs');
    await dialog.waitFor();
    const text = await dialog.innerText();
    for (const shown of [
        'Details for the flow',
        'Amount',
        'Requested credit, in the account currency',
        'Licences',
        'Priority',
        'Due date',
        'Urgent',
        'Skip the approval queue',
        'Comment',
    ]) {
        assert.ok(text.includes(shown), `the dialog shows "${shown}"`);
    }
    assert.ok(!/\bRecord\b/.test(text), 'recordId is filled by the template, so not asked for');
    const required = (name) => page.locator(`[name="fi-input-${name}"]`).evaluate((e) => e.required || e.getAttribute('aria-required') === 'true');
    assert.deepEqual([await required('amount'), await required('priority'), await required('licences')], [true, true, false], 'required marks');
    assert.deepEqual(await axe(page), [], 'axe: dialog open');
    assert.equal(triggerRequests().length, 0, 'nothing sent while the dialog asks');

    // Send with nothing filled: the required fields say so, focus goes to the first, nothing is sent.
    for (let i = 0; i < 20 && (await focused()) !== 'flowinvoker-inputs-send'; i += 1) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Fill this in.').first().waitFor();
    assert.equal(await focused(), 'fi-input-amount');
    assert.deepEqual(await axe(page), [], 'axe: dialog with errors');

    // Tab moves on; a date field has its own stops (month, day, year), so Tab until the next field has the focus.
    const tabTo = async (name) => {
        for (let i = 0; i < 6 && (await focused()) !== name; i += 1) await page.keyboard.press('Tab');
        assert.equal(await focused(), name);
    };
    await page.keyboard.type('1250.5');
    await tabTo('fi-input-licences');
    await page.keyboard.type('3');
    await tabTo('fi-input-priority');
    await page.keyboard.type('high'); // a native select picks the option the typed letters start
    await tabTo('fi-input-due');
    await page.keyboard.type('05082025'); // Chromium's date field, en-US: month, day, year
    await tabTo('fi-input-urgent');
    await page.keyboard.press('Space');
    await tabTo('fi-input-comment');
    await page.keyboard.type('Needed for\nQ3');
    await tabTo('flowinvoker-inputs-send');
    await page.keyboard.press('Enter');
    const shown = await waitFinal(page);
    row.shown = shown.status;
    row.runs = kit.srv.state.runs.length;
    row.trigger = triggerRequests().length;
    const leaks = await findLeaks(kit, u);
    row.leaks = leaks.length ? leaks.join('; ') : 'none';
    assert.equal(shown.status, 'Completed', `${shown.code}: ${shown.cause}`);
    assert.equal(kit.srv.state.runs.length, 1);
    assert.deepEqual(kit.srv.state.runs[0].body, {
        recordId: T.RECORD.entityId,
        amount: 1250.5,
        licences: 3,
        priority: 'high',
        due: '2025-05-08',
        urgent: true,
        comment: 'Needed for\nQ3',
    });
    assert.deepEqual(leaks, []);
});

test('Escape closes the inputs dialog and nothing is sent', async () => {
    const row = { scenario: 'dialog: Escape', expected: 'no request', shown: '?', runs: '?', trigger: '?', leaks: 'n/a' };
    kit.rows.push(row);
    const { u, page } = await openDialog('contractAsk');
    await page.getByTestId('flowinvoker-inputs').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('flowinvoker-inputs').waitFor({ state: 'detached' });
    row.shown = 'dialog closed';
    row.runs = kit.srv.state.runs.length;
    row.trigger = triggerRequests().length;
    assert.equal(kit.srv.state.runs.length, 0);
    assert.equal(triggerRequests().length, 0);
    assert.equal(u.popups, 0);
});

test('a sample payload as the schema asks nothing and runs', () =>
    scenario('dialog on, sample payload: no dialog', 'samplePayloadAsk', { status: 'Completed' }));
