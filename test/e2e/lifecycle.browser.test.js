'use strict';
// The control's life on the REAL production bundle: the sign-in popup on the click's own user activation (click →
// window.open measured on cold clicks), a popup returning another account, a systemuser read failing once, the form
// closing during a run (Queue polling, an open popup), a queue create that never answers. Each row asserts what the user
// sees, the runs recorded, and that nothing leaked: no token in DOM/console/storage, and no call, request or event
// from a control after destroy(). A table is printed.
// Run: node --test test/e2e/lifecycle.browser.test.js   (FLOWINVOKER_CONTROL_DIR=<dir> for another build)
const test = require('node:test');
const assert = require('node:assert/strict');
const T = require('../sandbox/tenant');
const { suiteKit, newUser, openForm, clickRun, waitFinal, findLeaks, kindsOf } = require('./browserKit');

const kit = suiteKit({ table: ['Lifecycle', ['variant', 'expected', 'shown', 'runs', 'leaks']] });

const ADELE = T.USERS.adele;
const MEGAN = T.USERS.megan;
/** Browsers drop a click's user activation after about 5 s; the popup must open well within that. */
const POPUP_WITHIN_MS = 1000;
const runs = () => kit.srv.state.runs.length + kit.srv.state.queue.runs.length;
const err = (code, message) => ({ error: { code, message } });
const formEvents = (page) => page.evaluate(() => window.__sandboxForm.events);

/** Calls a destroyed control made (flagged by the imitation form), for the leaks column. */
async function lateCalls(page) {
    const events = await formEvents(page).catch(() => []);
    return events.filter((e) => e.detail && e.detail.late).map((e) => `${e.type} after destroy`);
}

/** Runs one scenario and records its row. `act` returns { shown, note, leaks } (what the panel shows, extra text, extra leaks). */
async function scenario(variant, expected, { config = 'echo', popup = ADELE.upn, faults = [], latencyMs = 0, act, check } = {}) {
    kit.srv.state.faults.latencyMs = latencyMs;
    for (const f of faults) kit.srv.state.faults.add(f);
    const u = await newUser(kit, { popup });
    const row = { variant, expected: expected.label || [expected.code, expected.status].filter(Boolean).join(' / '), shown: '?', runs: '?', leaks: '?' };
    kit.rows.push(row);
    const started = Date.now();
    const page = await openForm(kit, u, config);
    const result = await act(page, u);
    const shown = result.shown || {};
    row.shown = `${shown.code || shown.status || ''}${result.note ? ` ${result.note}` : ''} (${Date.now() - started} ms)`.trim();
    row.runs = runs();
    const leaks = [...(await findLeaks(kit, u)), ...(await lateCalls(page)), ...(result.leaks || [])];
    row.leaks = leaks.length ? leaks.join('; ') : 'none';
    if (expected.code) assert.equal(shown.code, expected.code, shown.cause);
    if (expected.status) assert.equal(shown.status, expected.status, `${shown.code}: ${shown.cause}`);
    assert.equal(runs(), expected.runs, 'runs recorded');
    assert.deepEqual(leaks, []);
    if (check) await check(shown, page, u, result);
}

/** Click the run button and measure, in the page's own clock, how long until the control asked for a window. */
async function clickAndTimePopup(page, { when } = {}) {
    if (when) await when();
    const shown = await clickRun(page, { timeoutMs: 30000 });
    const events = await formEvents(page);
    const click = events.find((e) => e.type === 'click' && e.detail === 'flowinvoker-run');
    const open = events.find((e) => e.type === 'window.open' && (!click || e.at >= click.at));
    return { shown, openMs: click && open ? open.at - click.at : undefined };
}

// --- 1. the popup opens on the click's own activation ---

const COLD = [
    ['cold click once "Sign in" shows (sign-in known to be needed)', { latencyMs: 50, when: (page) => page.getByTestId('flowinvoker-signin').waitFor() }],
    ['cold click the moment the button renders (load checks running)', { latencyMs: 150 }],
    [
        'cold click, Dataverse answering in 1.5 s (row and user still unread)',
        { latencyMs: 50, faults: [{ service: 'dataverse', method: 'GET', delayMs: 1500, times: Infinity }] },
    ],
];
for (const [variant, { latencyMs, when, faults }] of COLD) {
    test(`${variant}: window.open within ${POPUP_WITHIN_MS} ms of the click, Completed`, () =>
        scenario(
            variant,
            { label: `popup < ${POPUP_WITHIN_MS} ms, Completed`, status: 'Completed', runs: 1 },
            {
                latencyMs,
                faults,
                act: async (page) => {
                    const timed = await clickAndTimePopup(page, { when: when && (() => when(page)) });
                    return { ...timed, note: `window.open +${timed.openMs} ms` };
                },
                check: (shown, page, u, { openMs }) => {
                    assert.equal(u.popups, 1, 'one popup');
                    assert.ok(openMs !== undefined && openMs < POPUP_WITHIN_MS, `click → window.open took ${openMs} ms`);
                },
            },
        ));
}

// --- 2. the account the popup returns ---

test("popup returns another account (Megan picked on Adele's form): named, not used; the next click as Adele runs", () =>
    scenario(
        'popup returns another account, then the right one',
        { label: 'SignedInAsOtherUser, then Completed', code: 'SignedInAsOtherUser', runs: 1 },
        {
            popup: MEGAN.upn,
            act: async (page, u) => {
                const first = await clickRun(page);
                const flowRequests = kit.srv.state.requests.filter((r) => ['flowApi', 'trigger'].includes(r.service) && r.method === 'POST').length;
                assert.equal(runs(), 0, "Megan's token ran nothing");
                assert.equal(flowRequests, 0, "Megan's token went nowhere");
                assert.ok(first.text.includes(MEGAN.upn) && first.text.includes(ADELE.upn), 'names both accounts');
                assert.equal(await page.getByTestId('flowinvoker-signin').count(), 1, 'still asks to sign in');
                u.popup = ADELE.upn;
                const second = await clickRun(page);
                assert.equal(second.status, 'Completed');
                assert.equal(kit.srv.state.runs[0].caller.oid, ADELE.oid, "the run is Adele's");
                return { shown: first, note: `then ${second.status}` };
            },
        },
    ));

// --- 3. a systemuser read that fails once is read again ---

const SYSTEMUSER_503 = { service: 'dataverse', method: 'GET', path: '/systemusers(', status: 503, times: 1, body: err('0x80040216', 'Service unavailable.') };

test('returning user, systemuser read fails once at load: the click is silent (no popup), Completed', () =>
    scenario(
        'systemuser read fails once · returning user',
        { label: 'Completed, no popup', status: 'Completed', runs: 1 },
        {
            act: async (page, u) => {
                assert.equal((await clickRun(page)).status, 'Completed');
                kit.srv.state.reset();
                kit.srv.state.faults.add(SYSTEMUSER_503);
                // A returning user's ids are kept (README "Performance"): forget them, so this load must read the row.
                await page.evaluate(() =>
                    Object.keys(localStorage)
                        .filter((k) => k.startsWith('flowinvoker.user.'))
                        .forEach((k) => localStorage.removeItem(k)),
                );
                await page.reload();
                await page.getByTestId('flowinvoker-run').waitFor();
                const shown = await clickRun(page);
                const userReads = kit.srv.state.requests.filter((r) => r.service === 'dataverse' && r.path.includes('/systemusers('));
                assert.equal(userReads.length, 2, 'the failed read and the one that worked');
                return { shown, note: `popups ${u.popups}` };
            },
            check: (shown, page, u) => assert.equal(u.popups, 1, 'only the first sign-in opened a popup'),
        },
    ));

test('returning user with kept ids: no systemuser read at load at all, the click is silent, Completed', () =>
    scenario(
        'systemuser kept · returning user',
        { label: 'Completed, 0 systemuser reads', status: 'Completed', runs: 1 },
        {
            act: async (page) => {
                assert.equal((await clickRun(page)).status, 'Completed');
                kit.srv.state.reset();
                kit.srv.state.faults.add(SYSTEMUSER_503);
                await page.reload();
                await page.getByTestId('flowinvoker-run').waitFor();
                const shown = await clickRun(page);
                const userReads = kit.srv.state.requests.filter((r) => r.service === 'dataverse' && r.path.includes('/systemusers('));
                assert.equal(userReads.length, 0, 'the kept ids are used');
                return { shown };
            },
            check: (shown, page, u) => assert.equal(u.popups, 1, 'only the first sign-in opened a popup'),
        },
    ));

test("first-time user, systemuser read fails once at load: the popup still carries Adele's login hint", () =>
    scenario(
        'systemuser read fails once · first-time user',
        { label: 'popup with login hint, Completed', status: 'Completed', runs: 1 },
        {
            faults: [SYSTEMUSER_503],
            act: async (page) => {
                await page.getByTestId('flowinvoker-signin').waitFor();
                return { shown: await clickRun(page) };
            },
            check: () => {
                const popup = kit.srv.state.requests.find((r) => r.kind === 'authorize' && !/prompt=none/.test(r.path));
                assert.ok(popup && new URL(popup.path, 'https://x').searchParams.get('login_hint') === ADELE.upn, 'login_hint is Adele');
            },
        },
    ));

// --- 4. the form closes during a run ---

/** Close the form (the platform calls destroy() and unmounts), then watch for `ms`: nothing may happen any more. */
async function closeAndWatch(page, ms) {
    const closedAt = Date.now();
    await page.getByTestId('form-close').click();
    await page.waitForTimeout(ms);
    const after = kit.srv.state.requests.filter((r) => r.start >= closedAt + 50 && r.service !== 'form');
    return after.map((r) => `${r.kind || r.service} request after destroy`);
}

test('destroy during a Queue run: polling stops, the late result is dropped, nothing is raised', () =>
    scenario(
        'destroy during a Queue run',
        { label: 'polling stops, nothing raised', runs: 1 },
        {
            config: 'queueHang',
            act: async (page) => {
                await page.getByTestId('form-field-0').getByTestId('flowinvoker-run').click();
                await page.waitForFunction(() => window.__sandboxForm.events.length > 0); // the form is live
                const deadline = Date.now() + 10000;
                while (!kindsOf(kit.srv, 'queueRead').length && Date.now() < deadline) await page.waitForTimeout(50);
                assert.equal(kindsOf(kit.srv, 'queueCreate').length, 1, 'one row created');
                // queueHang times out after 5 s: watch past that, so a still-polling runner would show its reads and its result.
                const leaks = await closeAndWatch(page, 7000);
                const events = await formEvents(page);
                const raised = events.filter((e) => e.type === 'OnRunCompleted' || e.type === 'notifyOutputChanged').length;
                return {
                    shown: { status: `${kindsOf(kit.srv, 'queueRead').length} reads` },
                    note: `events ${raised}`,
                    leaks: [...leaks, ...(raised ? [`${raised} events after destroy`] : [])],
                };
            },
        },
    ));

test('destroy while the sign-in popup is open: the user finishes signing in, nothing is sent', () =>
    scenario(
        'destroy while the sign-in popup is open',
        { label: 'no POST, nothing raised', runs: 0 },
        {
            popup: 'ignore',
            act: async (page, u) => {
                await page.getByTestId('flowinvoker-signin').waitFor();
                const popup = u.context.waitForEvent('page');
                await page.getByTestId('form-field-0').getByTestId('flowinvoker-run').click();
                const p = await popup;
                await page.getByTestId('form-close').click();
                const closedAt = Date.now();
                await p.locator(`[data-testid="signin-user-${ADELE.upn}"]`).click();
                await p.waitForEvent('close', { timeout: 15000 }).catch(() => undefined);
                await page.waitForTimeout(2000);
                const after = kit.srv.state.requests.filter((r) => r.start >= closedAt && ['flowApi', 'trigger'].includes(r.service));
                return { shown: { status: `${after.length} flow requests` }, leaks: after.map((r) => `${r.service} ${r.method} after destroy`) };
            },
        },
    ));

// --- 5. a Dataverse call that never answers ---

test('a queue create that never answers: May have run after the 30 s Dataverse timeout, not a hang', () =>
    scenario(
        'queue create never answers',
        { label: 'RunOutcomeUnknown / May have run', code: 'RunOutcomeUnknown', status: 'May have run', runs: 0 },
        {
            config: 'queueShort',
            faults: [{ service: 'dataverse', method: 'POST', path: '/fi_flowrequests', delayMs: 40000, status: 504, body: err('0x80040216', 'late') }],
            act: async (page) => {
                await page.getByTestId('form-field-0').getByTestId('flowinvoker-run').click();
                return { shown: await waitFinal(page, { timeoutMs: 36000 }) };
            },
            check: async (shown, page) => {
                const events = await formEvents(page);
                assert.equal(events.filter((e) => e.type === 'OnRunCompleted').length, 1, 'OnRunCompleted raised once');
            },
        },
    ));
