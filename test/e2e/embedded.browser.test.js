'use strict';
// The model-driven form inside an iframe of another site (docs/platform-facts.md, "MSAL browser", cross-origin frame):
// the REAL production bundle signs in by popup there too. The embedder page (test/sandbox/form/embedder.js) plays how
// its iframe treats popups (switch embeddingFrame) and its Cross-Origin-Opener-Policy (switch embedderOpenerPolicy).
// Each row asserts what the user sees in the frame, the runs the trigger recorded, and that nothing leaked; a table is printed.
// Run: node --test test/e2e/embedded.browser.test.js   (FLOWINVOKER_CONTROL_DIR=<dir> for another build)
const test = require('node:test');
const assert = require('node:assert/strict');
const T = require('../sandbox/tenant');
const { suiteKit, newUser, waitFinal, findLeaks, launch } = require('./browserKit');

const kit = suiteKit({ table: ['Cross-origin frame', ['embedder', 'expected', 'shown', 'runs', 'windows', 'leaks']] });

const ADELE = T.USERS.adele.upn;
/** No row may wait for a sign-in timeout: a sign-in that cannot work there must fail fast. */
const NO_LONG_WAIT_MS = 15000;

/** The form inside the embedder's iframe; resolves with its frame once the control has rendered. */
async function openEmbedded(u) {
    const page = await u.context.newPage();
    await page.goto(kit.srv.formUrl({ config: 'echo', embedded: true }));
    const frame = page.frames().find((f) => new URL(f.url()).hostname === T.CLOUDS.Public.orgHost);
    assert.ok(frame, 'the form is in a frame of the embedder page');
    await frame.waitForSelector('[data-testid="flowinvoker-run"]');
    return { page, frame };
}

/** findLeaks over every frame of every page (the form lives in the iframe, not the page's main frame). */
const everyFrame = (u) => ({
    ...u,
    context: {
        pages: () =>
            u.context
                .pages()
                .filter((p) => !p.isClosed())
                .flatMap((p) => p.frames())
                .map((f) => ({ isClosed: () => f.isDetached(), evaluate: (fn, arg) => f.evaluate(fn, arg) })),
    },
});

async function clickInFrame(frame) {
    await frame.getByTestId('flowinvoker-run').click();
    return waitFinal(frame, { timeoutMs: 30000 });
}

/** One embedder variant: first-time user, one click. `popup` is what the user does in a sign-in window. */
async function scenario(embedder, expected, { variants, popup = ADELE, check } = {}) {
    kit.srv.state.variants.set(variants);
    const u = await newUser(kit, { popup });
    const row = { embedder, expected: [expected.code, expected.status].filter(Boolean).join(' / '), shown: '?', runs: '?', windows: '?', leaks: '?' };
    kit.rows.push(row);
    const { page, frame } = await openEmbedded(u);
    const started = Date.now();
    const shown = await clickInFrame(frame);
    const ms = Date.now() - started;
    row.shown = `${shown.code ? `${shown.code} · ${shown.serviceCode}` : shown.status} (${ms} ms)`;
    row.runs = kit.srv.state.runs.length;
    const leaks = await findLeaks(kit, everyFrame(u)); // also waits for the windows' handlers, so they are counted
    row.windows = `${u.popups} opened, ${u.context.pages().filter((p) => p !== page && !p.isClosed()).length} left`;
    row.leaks = leaks.length ? leaks.join('; ') : 'none';
    if (expected.code) assert.equal(shown.code, expected.code, shown.cause);
    assert.equal(shown.status, expected.status, `${shown.code}: ${shown.cause}`);
    assert.equal(kit.srv.state.runs.length, expected.runs, 'runs recorded');
    assert.ok(ms < NO_LONG_WAIT_MS, `answered in ${ms} ms, without waiting for a sign-in timeout`);
    assert.deepEqual(leaks, []);
    if (check) await check(shown, u, page);
    return shown;
}

// --- 1. the embedder lets the sign-in window report back: it works as on the app's own page ---

for (const [embedder, variants] of [
    ['iframe without sandbox', { embeddingFrame: 'plain' }],
    ['sandbox: allow-popups + allow-popups-to-escape-sandbox', { embeddingFrame: 'popupsEscape' }],
    // The popup inherits the frame's sandbox, allow-same-origin included, so the frame can still read its URL.
    ['sandbox: allow-popups, no escape', { embeddingFrame: 'popupsSandboxed' }],
    ['COOP same-origin-allow-popups', { embedderOpenerPolicy: 'same-origin-allow-popups' }],
]) {
    test(`in a frame of another site (${embedder}) the popup signs in and the flow runs once`, () =>
        scenario(embedder, { status: 'Completed', runs: 1 }, { variants, check: (shown, u) => assert.equal(u.popups, 1, 'one sign-in window') }));
}

// --- 2. the embedder keeps the window from reporting back: named, fast, nothing sent ---

test('an embedder page with COOP same-origin: CrossOriginFrame with its cause and fix, no run', () =>
    scenario(
        'COOP same-origin',
        { code: 'CrossOriginFrame', status: 'Failed', runs: 0 },
        {
            variants: { embedderOpenerPolicy: 'same-origin' },
            popup: 'ignore',
            check: async (shown, u, page) => {
                // Chromium opens the window (the click is spent) but gives the frame no handle on it. Its opener is severed,
                // so it is counted among the context's pages, and its page event may come late on a busy machine.
                const others = () => u.context.pages().filter((p) => p !== page).length;
                for (const deadline = Date.now() + 5000; others() === 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
                assert.equal(others(), 1, 'a window opened');
                assert.match(shown.cause, /frame of another site/);
                assert.match(shown.fix, /same-origin-allow-popups/);
                assert.equal(kindsSeen('invoke'), 0);
            },
        },
    ));

test('the user closes the sign-in window in the frame: PopupClosed at once (polling sees it close), no run', () =>
    scenario(
        'iframe without sandbox, window closed',
        { code: 'PopupClosed', status: 'Failed', runs: 0 },
        { variants: { embeddingFrame: 'plain' }, popup: 'close', check: (shown, u) => assert.equal(u.popups, 1, 'one sign-in window') },
    ));

test('an embedder iframe sandboxed without allow-popups: PopupBlocked, as a blocked popup anywhere', () =>
    scenario(
        'sandbox without allow-popups',
        { code: 'PopupBlocked', status: 'Failed', runs: 0 },
        {
            variants: { embeddingFrame: 'noPopups' },
            popup: 'ignore',
            check: (shown, u) => {
                assert.equal(u.popups, 0, 'no window opened');
                // The frame cannot tell its embedder's sandbox from the browser's blocker: the fix names both.
                assert.match(shown.fix, /allow-popups/);
            },
        },
    ));

// --- 3. a returning user in the frame: silent sign-in cannot use Entra's cookie there, the click's popup does ---

/** Signs in once in the frame, opens the framed form again (a reload) on a clean record and clicks; the row says what the click needed. */
async function afterReload(embedder, u, { beforeClick, note, check }) {
    const row = { embedder, expected: 'Completed', shown: '?', runs: '?', windows: '?', leaks: '?' };
    kit.rows.push(row);
    const first = await openEmbedded(u);
    assert.equal((await clickInFrame(first.frame)).status, 'Completed');
    await first.page.close();
    kit.srv.state.reset();
    const popupsBefore = u.popups;
    const { frame } = await openEmbedded(u);
    await beforeClick(frame);
    const started = Date.now();
    const shown = await clickInFrame(frame);
    const ms = Date.now() - started;
    const leaks = await findLeaks(kit, everyFrame(u));
    const opened = u.popups - popupsBefore;
    Object.assign(row, {
        shown: `${shown.status} (${ms} ms; ${note()})`,
        runs: kit.srv.state.runs.length,
        windows: `${opened} opened`,
        leaks: leaks.join('; ') || 'none',
    });
    assert.equal(shown.status, 'Completed', `${shown.code}: ${shown.cause}`);
    assert.equal(kit.srv.state.runs.length, 1);
    assert.ok(ms < NO_LONG_WAIT_MS, `answered in ${ms} ms`);
    assert.deepEqual(leaks, []);
    check(opened);
}

const entraRequests = () => kit.srv.state.requests.filter((r) => r.service === 'entra');

test('a returning user reloads the framed form: the hidden sign-in fails, Sign in shows, the click signs in and runs once', async () => {
    const u = await newUser(kit, { popup: ADELE });
    let silent = 0;
    await afterReload('iframe without sandbox, reload', u, {
        beforeClick: async (frame) => {
            // The load's ssoSilent gets no Entra cookie in a frame of another site (third-party): it ends on the Sign in button.
            await frame.getByTestId('flowinvoker-signin').waitFor({ timeout: 10000 });
            silent = entraRequests().filter((r) => r.kind === 'authorize' && /[?&]prompt=none/.test(r.path)).length;
            u.popup = 'ignore'; // Entra knows her now: the window closes by itself
        },
        note: () => `Sign in shown after ${silent} hidden sign-in${silent === 1 ? '' : 's'}`,
        check: (opened) => assert.equal(opened, 1, 'one sign-in window, closed by itself'),
    });
});

test('third-party cookies allowed: MSAL keeps its cache in the frame, so after a reload the click asks Entra nothing and opens no window', async () => {
    const third = await launch(kit.srv, { allowThirdPartyCookies: true });
    try {
        // newUser's wiring (popup answers, console, bearer record) on this browser's one persistent context.
        const u = await newUser({ b: { browser: { newContext: async () => third.context } }, users: [] }, { popup: ADELE });
        await afterReload('no sandbox, third-party cookies allowed, reload', u, {
            beforeClick: async () => undefined,
            note: () => `${entraRequests().length} Entra requests`,
            check: (opened) => {
                assert.equal(opened, 0, 'no sign-in window after the reload');
                assert.equal(entraRequests().length, 0, 'the token came from the cache');
            },
        });
    } finally {
        await third.close();
    }
});

const kindsSeen = (kind) => kit.srv.state.requests.filter((r) => r.kind === kind).length;
