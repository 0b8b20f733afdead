'use strict';
// Answers an attacker or a broken flow could send, played through the REAL production bundle: each scenario lets the trigger
// record a run and then replaces its answer (a fault with `process: true`). Every row asserts what the user sees, the runs
// the trigger recorded, and that no token or signed URL reached the page, the console or storage; a table is printed.
// Run: node --test test/e2e/hostile.browser.test.js   (FLOWINVOKER_CONTROL_DIR=<dir> for another build)
const test = require('node:test');
const assert = require('node:assert/strict');
const T = require('../sandbox/tenant');
const { suiteKit, newUser, openForm, clickRun, findLeaks } = require('./browserKit');

const kit = suiteKit({ table: ['Hostile answers', ['variant', 'expected', 'shown', 'runs', 'leaks']] });

/** Each answer is on screen within seconds; a page busy in a super-linear regex or a RangeError fails the row. */
const ANSWER_MS = 20000;
const MB = 1024 * 1024;
const deepJson = (levels, leaf) => `${'{"level":'.repeat(levels)}${leaf}${'}'.repeat(levels)}`;
/** A JWT-shaped string, as a flow echoing its request headers would send back (findLeaks looks for the shape). */
const JWT = `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.${Buffer.from(JSON.stringify({ aud: 'https://service.flow.microsoft.com/', oid: T.USERS.adele.oid })).toString('base64url')}.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg`;
/** The tenant's real "Anyone" URL, whose sig findLeaks knows. */
const SIGNED = `https://prod-07.westus.logic.azure.com/workflows/${T.FLOWS.anyone.logicAppId}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${T.FLOWS.anyone.sig}`;
const answer = (status, body) => ({ service: 'trigger', method: 'POST', process: true, status, body });

/** One click in one scenario; records its row. */
async function scenario(variant, expected, { config = 'echo', fault, check } = {}) {
    kit.srv.state.faults.add(fault);
    const u = await newUser(kit, { popup: T.USERS.adele.upn });
    const row = { variant, expected: [expected.code, expected.status].filter(Boolean).join(' / '), shown: '?', runs: '?', leaks: '?' };
    kit.rows.push(row);
    const page = await openForm(kit, u, config);
    const started = Date.now();
    const shown = await clickRun(page, { timeoutMs: ANSWER_MS });
    const ms = Date.now() - started;
    row.shown = `${shown.code ? `${shown.code} / ${shown.status}` : shown.status} (${ms} ms)`;
    row.runs = kit.srv.state.runs.length;
    const leaks = await findLeaks(kit, u);
    row.leaks = leaks.length ? leaks.join('; ') : 'none';
    if (expected.code) assert.equal(shown.code, expected.code, shown.cause);
    if (expected.status) assert.equal(shown.status, expected.status, `${shown.code}: ${shown.cause}`);
    assert.equal(kit.srv.state.runs.length, 1, 'one run recorded');
    assert.deepEqual(leaks, []);
    // A check may add what it measured to the row.
    if (check) row.shown += (await check(shown, page)) || '';
}

test('1 MB of "eyJ" in an error body: the flow\'s answer, cut to 500 characters, at once', () =>
    scenario(
        '1 MB of eyJ · HTTP 500',
        { code: 'FlowReturnedError', status: 'Failed' },
        {
            fault: answer(500, 'eyJ'.repeat(MB / 3)),
            check: async (shown, page) => {
                const quoted = await page.locator('[data-testid="flowinvoker-panel"] pre').textContent();
                assert.ok(quoted.length <= 501, `${quoted.length} characters quoted`);
            },
        },
    ));

test('1 MB of "eyJ" as a 2xx text answer: Completed, shown as text', () =>
    scenario(
        '1 MB of eyJ · HTTP 200 text',
        { status: 'Completed' },
        {
            fault: answer(200, 'eyJ'.repeat(MB / 3)),
            check: (shown) => assert.match(shown.response, /^(eyJ)+/),
        },
    ));

test('a 100,000-level JSON answer: Completed, and the search finds its deepest value', () =>
    scenario(
        '100,000-level JSON · HTTP 200 · search',
        { status: 'Completed' },
        {
            fault: answer(200, deepJson(100000, '"needle-at-the-bottom"')),
            check: async (shown, page) => {
                const started = Date.now();
                await page.getByTestId('flowinvoker-search').fill('needle-at-the-bottom');
                const results = page.getByTestId('flowinvoker-search-results');
                await results.filter({ hasText: '"needle-at-the-bottom"' }).waitFor({ timeout: ANSWER_MS });
                const ms = Date.now() - started;
                const path = (await results.textContent()).split(':')[0];
                assert.equal(path.split('.').length, 100000, 'the path names every level');
                assert.ok(await page.getByTestId('flowinvoker-status').isVisible(), 'the panel is still there');
                return `, found in ${ms} ms`;
            },
        },
    ));

test("a 100,000-level JSON error body: the flow's answer, never a RangeError", () =>
    scenario(
        '100,000-level JSON · HTTP 500',
        { code: 'FlowReturnedError', status: 'Failed' },
        {
            fault: answer(500, deepJson(100000, '1')),
            check: (shown) => assert.match(shown.text, /\{"level":\{"level":/),
        },
    ));

test('a 100,000-level value at resultPath: Completed, the column gets its JSON cut to 4,000 characters', () =>
    scenario(
        '100,000-level JSON · resultPath body.id',
        { status: 'Completed' },
        {
            config: 'resultPath',
            fault: answer(200, `{"id": ${deepJson(100000, '1')}}`),
            check: async (shown, page) => {
                await page.getByTestId('form-bound-result-0').filter({ hasText: '{"level":{"level":' }).waitFor();
                assert.equal((await page.getByTestId('form-bound-result-0').textContent()).length, 4000);
                assert.match(shown.text, /cut to the column's maximum length of 4000/);
            },
        },
    ));

test('a 2xx answer echoing a token and a signed URL shows neither', () =>
    scenario(
        'token + signed URL · HTTP 200',
        { status: 'Completed' },
        {
            fault: answer(200, { headers: { Authorization: `Bearer ${JWT}`, 'x-flowinvoker-identity': JWT }, link: SIGNED }),
            check: (shown) => {
                assert.match(shown.text, /"Authorization": "Bearer \[redacted\]"/);
                assert.match(shown.text, /"x-flowinvoker-identity": "\[redacted token\]"/);
                assert.match(shown.text, /paths\/invoke\?\[redacted\]/);
            },
        },
    ));

test('a signed URL at resultPath is written to the column without its signature', () =>
    scenario(
        'signed URL · resultPath body.id',
        { status: 'Completed' },
        {
            config: 'resultPath',
            fault: answer(200, { id: SIGNED }),
            check: async (shown, page) => {
                const written = page.getByTestId('form-bound-result-0').filter({ hasText: 'paths/invoke?[redacted]' });
                await written.waitFor();
                assert.doesNotMatch(await written.textContent(), /sig=/i);
            },
        },
    ));

test('an answer over 5 MB: Completed, its beginning as text and a line saying it was cut', () =>
    scenario(
        '6 MB answer · HTTP 200',
        { status: 'Completed' },
        {
            fault: answer(200, `{"rows":[${Array.from({ length: 60000 }, (_, id) => `{"id":${id},"text":"${'x'.repeat(90)}"}`).join(',')}]}`),
            check: async (shown, page) => {
                assert.match(await page.getByTestId('flowinvoker-answer-cut').textContent(), /larger than 5 MB/);
                assert.match(shown.response, /^\{"rows":\[\{"id":0,/);
            },
        },
    ));
