'use strict';
// Long-running flows: a Response action set to "Asynchronous response" answers 202 with a signed Location on the trigger's
// own host (docs/platform-facts.md, "Trigger answers"). Each row runs the REAL production bundle against the sandbox's
// asynchronous flows (3 minutes and 2 hours of emulated time, 60x faster than real time) and asserts what the user sees, the
// polls the trigger recorded (GET, no bearer, same host), the runs, and that nothing leaked; a table is printed.
// Run: node --test test/e2e/longRunning.browser.test.js   (FLOWINVOKER_CONTROL_DIR=<dir> for another build)
const test = require('node:test');
const assert = require('node:assert/strict');
const T = require('../sandbox/tenant');
const { suiteKit, newUser, openForm, clickAndWait, readPanel, findLeaks } = require('./browserKit');

const kit = suiteKit({ table: ['Long-running flows', ['variant', 'expected', 'shown', 'polls', 'runs', 'leaks']] });

/** One scenario: the panel's statuses, the polls of the run's Location, leaks. `check` asserts the rest. */
async function scenario(variant, expected, { config, variants = {}, timeoutMs = 30000, check }) {
    kit.srv.state.variants.set(variants);
    const u = await newUser(kit, { popup: T.USERS.adele.upn });
    const row = { variant, expected, shown: '?', polls: '?', runs: '?', leaks: '?' };
    kit.rows.push(row);
    const page = await openForm(kit, u, config);
    const started = Date.now();
    // every status the panel showed on the way, in order, and where it ended
    const { seen } = await clickAndWait(page, { timeoutMs });
    const shown = await readPanel(page);
    row.shown = `${seen.map((s) => s.status).join(' → ')} (${Date.now() - started} ms)`;
    const run = kit.srv.state.runs[kit.srv.state.runs.length - 1];
    const polls = run?.asyncOperation?.polls ?? [];
    const gaps = polls.slice(1).map((p, i) => ((p.at - polls[i].at) / 1000).toFixed(1));
    row.polls = `${polls.length}${gaps.length ? ` (${gaps.join(', ')} s)` : ''}`;
    row.runs = kit.srv.state.runs.length;
    const pollRequests = kit.srv.state.requests.filter((r) => r.kind === 'poll');
    const leaks = await findLeaks(kit, u);
    row.leaks = leaks.length ? leaks.join('; ') : 'none';
    assert.equal(kit.srv.state.runs.length, 1, 'one run');
    assert.deepEqual(leaks, []);
    // The Location is a signed URL: polled with GET, never with a bearer, and only on the trigger's own host.
    const postHost = kit.srv.state.requests.find((r) => r.service === 'trigger' && r.method === 'POST')?.host;
    for (const p of polls) assert.deepEqual({ method: p.method, authorization: p.authorization }, { method: 'GET', authorization: false });
    for (const r of pollRequests) assert.equal(r.host, postHost);
    await check({ seen, shown, polls, page });
}

test("an asynchronous Response whose Location is readable: Running with the time so far, then the flow's answer", () =>
    scenario('3 min flow · Location exposed', 'Running → Completed (the answer)', {
        config: 'longRunning',
        check: ({ seen, shown, polls }) => {
            assert.equal(seen[0].status, 'Running', `first status: ${seen[0].status}`);
            assert.match(seen[0].text, /Waiting for \d+ s so far/);
            assert.equal(shown.status, 'Completed');
            assert.equal(shown.httpStatus, '200');
            assert.match(shown.text, /Long-running \(asynchronous Response, 3 minutes\)/, "the flow's own answer is shown");
            assert.ok(polls.length >= 2, `polled ${polls.length} times`);
            assert.ok(polls[polls.length - 1].emulatedMs >= T.FLOWS.longRunning.delayMs, 'answered only after 3 emulated minutes');
        },
    }));

test('an asynchronous Response whose Location the browser cannot read: reported as running in the background', () =>
    scenario('3 min flow · Location not exposed', 'Started, in the background, 0 polls', {
        config: 'longRunning',
        variants: { triggerExposesHeaders: false },
        check: ({ seen, shown, polls }) => {
            assert.deepEqual(
                seen.map((s) => s.status),
                ['Started'],
            );
            assert.match(shown.text, /runs in the background/);
            assert.doesNotMatch(shown.text, /sends no answer back/);
            assert.ok(shown.runId, 'the run id from the 202 body is shown');
            assert.equal(polls.length, 0);
        },
    }));

test("a flow still running when asyncTimeoutSeconds passes: Still running, with the run's link", () =>
    scenario('2 h flow · asyncTimeoutSeconds 10', 'Running → Still running + link', {
        config: 'veryLongRunningLimit',
        check: async ({ seen, shown, polls, page }) => {
            assert.deepEqual(
                seen.map((s) => s.status),
                ['Running', 'Still running'],
            );
            assert.match(shown.text, /had not answered after 10 s/);
            const href = await page.getByTestId('flowinvoker-run-id').locator('a').getAttribute('href');
            assert.ok(href && href.includes(shown.runId), `run link ${href}`);
            assert.ok(polls.length >= 2 && polls.every((p) => p.emulatedMs < T.FLOWS.veryLongRunning.delayMs));
        },
    }));

test('a flow without a Response action still says it sends no answer (not "in the background")', () =>
    scenario('no Response action (202, empty body)', 'Started, sends no answer', {
        config: 'fireAndForget',
        check: ({ seen, shown, polls }) => {
            assert.deepEqual(
                seen.map((s) => s.status),
                ['Started'],
            );
            assert.match(shown.text, /sends no answer back/);
            assert.equal(polls.length, 0);
        },
    }));
