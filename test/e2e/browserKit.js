'use strict';
// The one kit for driving the control in Chromium against the emulated tenant: suite lifecycle, sign-in, panel reading,
// leak checks and the Node-side emulator client. The browser suites, `npm start` (scripts/sandbox.js) and `npm run bench`
// (scripts/bench.js) all use it; it sits beside the suites, its main users, on top of test/sandbox (README "Project layout").
// Waits on conditions only. FLOWINVOKER_CONTROL_DIR points it at another build (e.g. a clean checkout's) without touching this tree.

const path = require('path');
const sandbox = require('../sandbox/server');
const client = require('../sandbox/client');
const { launch, signInPopup } = require('../sandbox/browser');
const { DEFAULT_CONTROL_DIR } = require('../sandbox/form');
const T = require('../sandbox/tenant');

const CONTROL_DIR = process.env.FLOWINVOKER_CONTROL_DIR ? path.resolve(process.env.FLOWINVOKER_CONTROL_DIR) : DEFAULT_CONTROL_DIR;
/** The statuses a click ends on (README "Properties", asyncTimeoutSeconds: Still running is that click's last word too). */
const FINAL = /^(Completed|Started|Failed|May have run|Still running)/;
/** A click that ran the flow. */
const SUCCEEDED = /^(Completed|Started)/;
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const JWT = /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/;

// Hosts a bearer token may go to (README "Clouds"): the flow API hosts and each cloud's trigger host suffixes.
const BEARER_HOSTS = Object.values(T.CLOUDS).map((c) => c.flowApiHost);
const BEARER_SUFFIXES = [
    '.environment.api.powerplatform.com',
    '.logic.azure.com',
    '.logic.azure.us',
    '.logic.azure.cn',
    '.environment.api.gov.powerplatform.microsoft.us',
    '.environment.api.high.powerplatform.microsoft.us',
    '.environment.api.appsplatform.us',
    '.environment.api.powerplatform.partner.microsoftonline.cn',
];
const mayCarryBearer = (host) => BEARER_HOSTS.includes(host) || BEARER_SUFFIXES.some((s) => host.endsWith(s));

// MSAL's own cache keys (msal-browser 5: "msal." prefixed keys, its cache-encryption cookie name, and the
// credential/account entries "<homeAccountId>-<environment>-<type>-…" it writes under its key index).
const MSAL_KEY = /^(msal\.|msal:)|-(accesstoken|refreshtoken|idtoken|accesstoken_with_authscheme)-|^[0-9a-f-]{36}\.[0-9a-f-]{36}-/i;

/**
 * One sandbox and one Chromium: { srv, b, users, close }. `users` are the contexts newUser opened, for suiteKit to close.
 * `controlDir` may be a function that builds the directory (the stand-in control).
 */
async function startKit({ latencyMs = 0, controlDir = CONTROL_DIR } = {}) {
    const srv = await sandbox.start({ controlDir: typeof controlDir === 'function' ? await controlDir() : controlDir });
    const b = await launch(srv);
    srv.state.faults.latencyMs = latencyMs;
    return {
        srv,
        b,
        users: [],
        close: async () => {
            await b.close();
            await srv.close();
        },
    };
}

/**
 * A fresh browser context: a first-time user (no MSAL cache, no Entra cookie; third-party cookies blocked as in a fresh
 * Chromium profile). `popup` says what the user does in the sign-in window: a UPN to pick, 'close', or 'ignore'.
 * Collects console output and every request carrying Authorization, for the leak checks.
 */
async function newUser(kit, { popup = T.USERS.adele.upn } = {}) {
    const context = await kit.b.browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1200, height: 800 } });
    const u = { context, popup, console: [], bearer: [], popups: 0, pending: [] };
    kit.users.push(u);
    context.on('page', (p) => {
        p.on('console', (m) => u.console.push(m.text()));
        p.on('pageerror', (e) => u.console.push(String(e && e.stack ? e.stack : e)));
        u.pending.push(
            (async () => {
                if (!(await p.opener())) return;
                // a page opened by the form is the sign-in popup
                u.popups += 1;
                if (u.popup === 'close') {
                    await p.waitForLoadState();
                    await p.close();
                } else if (u.popup !== 'ignore') {
                    await signInPopup(p, u.popup);
                }
            })().catch(() => undefined),
        );
    });
    context.on('request', (r) => {
        u.pending.push(
            (async () => {
                const h = await r.allHeaders();
                if (h.authorization) u.bearer.push({ host: new URL(r.url()).hostname, scheme: h.authorization.split(/\s+/)[0], url: r.url() });
            })().catch(() => undefined),
        );
    });
    return u;
}

/** The form for a configuration and user; resolves when the controls have rendered. */
async function openForm(kit, u, config, user = 'adele') {
    const page = await u.context.newPage();
    await page.goto(kit.srv.formUrl({ config, user }));
    await page.waitForSelector('[data-testid="flowinvoker-run"], [data-testid="flowinvoker-config-error"], [data-testid="form-control-error"]');
    return page;
}

/**
 * In the page: watches the panel from now on and resolves `window[key]` with { t0, t1, status, seen } once its status is final
 * and (when `before` is given) its text is no longer `before`. t0 is the first click the page sees, t1 that moment, both on
 * the page's clock; `seen` is every status shown on the way, with the panel's text then.
 */
function watchPanel({ key, final, before, timeoutMs }) {
    const text = (id) => (document.querySelector(`[data-testid="${id}"]`) || {}).textContent || '';
    const seen = [];
    let t0;
    const onClick = () => {
        if (t0 === undefined) t0 = Date.now();
    };
    document.addEventListener('click', onClick, true);
    window[key] = new Promise((resolve) => {
        const finish = (timedOut) => {
            observer.disconnect();
            clearTimeout(timer);
            document.removeEventListener('click', onClick, true);
            resolve({ t0, t1: Date.now(), status: text('flowinvoker-status').trim(), seen, timedOut });
        };
        const check = () => {
            const status = text('flowinvoker-status').trim();
            if (status && (seen[seen.length - 1] || {}).status !== status) {
                seen.push({ status, text: (document.querySelector('[data-testid="flowinvoker-panel"]') || {}).innerText || '' });
            }
            if (new RegExp(final).test(status) && (before === undefined || text('flowinvoker-panel') !== before)) finish(false);
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        const timer = setTimeout(() => finish(true), timeoutMs);
        check();
    });
}

let watches = 0;

/** Starts watching the panel (see watchPanel); returns the function that waits for its end. */
async function watch(page, { before, timeoutMs = 90000 } = {}) {
    const key = `__flowinvokerKit${(watches += 1)}`;
    await page.evaluate(watchPanel, { key, final: FINAL.source, before, timeoutMs });
    return async () => {
        const end = await page.evaluate((k) => window[k], key);
        if (end.timedOut) throw new Error(`No final status within ${timeoutMs} ms; seen: ${end.seen.map((s) => s.status).join(' → ') || 'nothing'}`);
        return end;
    };
}

/** Wait until the page shows a final status (optionally: a panel other than `after`). Returns what the panel shows. */
async function waitFinal(page, { timeoutMs, after } = {}) {
    const ended = await watch(page, { before: after, timeoutMs });
    await ended();
    return readPanel(page);
}

/** Closes a result panel that covers the form (FlowInvoker's is a modal drawer; the stand-in's sits in the field). */
async function closePanel(page) {
    if ((await page.locator('[role="dialog"] [data-testid="flowinvoker-status"]').count()) === 0) return;
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="flowinvoker-status"]', { state: 'detached', timeout: 10000 });
}

/**
 * The one "click and wait for the run to end": clicks control `index`'s button (a real click, so the popup opens on its
 * user activation) and waits until the panel shows this click's final status, new since the click. With `signInAs`, it
 * answers the sign-in popup as that user and clicks the control's Sign in button when one shows (callers without newUser).
 * Returns { status, t0, t1 (the page's clock), seen (statuses on the way), popups (windows opened meanwhile) }.
 */
async function clickAndWait(page, { index = 0, button = 'flowinvoker-run', timeoutMs, signInAs } = {}) {
    await closePanel(page);
    const field = page.getByTestId(`form-field-${index}`);
    const before = await page.evaluate(() => (document.querySelector('[data-testid="flowinvoker-panel"]') || {}).textContent || '');
    const ended = await watch(page, { before, timeoutMs });
    let popups = 0;
    const onPage = (p) => {
        popups += 1;
        if (signInAs) signInPopup(p, signInAs).catch(() => undefined);
    };
    page.context().on('page', onPage);
    try {
        await field.getByTestId(button).click();
        if (!signInAs) return { ...(await ended()), popups };
        const end = ended().then((e) => ({ e }));
        for (;;) {
            const next = await Promise.race([end, page.waitForTimeout(100).then(() => undefined)]);
            if (next) return { ...next.e, popups };
            const signIn = field.getByTestId('flowinvoker-signin');
            if ((await signIn.count()) && (await signIn.first().isVisible())) await signIn.first().click();
        }
    } finally {
        page.context().off('page', onPage);
    }
}

/** Click the run button of control `index` and wait for the panel's final status. Returns what the panel shows. */
async function clickRun(page, options) {
    await clickAndWait(page, options);
    return readPanel(page);
}

/** What the user sees in the result panel. */
async function readPanel(page) {
    return page.evaluate((guidSource) => {
        const q = (id) => {
            const e = document.querySelector(`[data-testid="${id}"]`);
            return e ? e.textContent.trim() : undefined;
        };
        const panel = document.querySelector('[data-testid="flowinvoker-panel"]');
        const text = panel ? panel.innerText : '';
        const tracking =
            (q('flowinvoker-tracking-id') || '').match(new RegExp(guidSource, 'i')) ||
            /Tracking id\s*([0-9a-f-]{36})/i.exec(text) ||
            new RegExp(guidSource, 'i').exec(text.split(/Tracking id/i)[1] || '');
        return {
            status: q('flowinvoker-status'),
            httpStatus: q('flowinvoker-http-status'),
            runId: q('flowinvoker-run-id'),
            response: q('flowinvoker-response'),
            code: q('flowinvoker-error-code'),
            serviceCode: q('flowinvoker-service-code'),
            cause: q('flowinvoker-error-cause'),
            fix: q('flowinvoker-error-fix'),
            trackingId: tracking ? tracking[1] || tracking[0] : undefined,
            text,
        };
    }, GUID.source);
}

/**
 * The response as the panel shows it, flattened to text: a <pre> of JSON, or the collapsible tree (its toggles removed).
 * Compare with `responseHas`, which looks for each leaf `"key": value` of an expected object.
 */
function responseHas(text, expected) {
    const flat = String(text || '').replace(/[▾▸]/g, '');
    const missing = [];
    const walk = (o) => {
        for (const [k, v] of Object.entries(o)) {
            if (v !== null && typeof v === 'object') walk(v);
            else if (!flat.includes(`${JSON.stringify(k)}: ${JSON.stringify(v)}`)) missing.push(`${k}: ${JSON.stringify(v)}`);
        }
    };
    walk(expected);
    return missing;
}

/**
 * Leaks: any token or refresh token the emulated Entra issued, or any flow's sig= value, in the DOM (HTML and text),
 * the console, or page-visible storage outside MSAL's own keys; a JWT-shaped string anywhere there; an Authorization
 * header sent (as recorded by the browser or the emulators) to a host that is not a Power Automate host.
 */
async function findLeaks(kit, u) {
    await Promise.all(u.pending);
    const secrets = [
        ...kit.srv.state.secrets.map((s) => ({ kind: s.kind, value: s.value })),
        ...Object.values(T.FLOWS).map((f) => ({ kind: 'sig', value: f.sig })),
    ];
    const found = [];
    const scan = (where, text) => {
        if (!text) return;
        for (const s of secrets) if (text.includes(s.value)) found.push(`${s.kind} in ${where}`);
        if (JWT.test(text)) found.push(`JWT-shaped text in ${where}`);
        if (/[?&]sig=[^&\s"'[]/.test(text)) found.push(`sig= value in ${where}`);
    };
    for (const page of u.context.pages()) {
        if (page.isClosed()) continue;
        const dump = await page
            .evaluate(() => {
                // By name: a frame of another site with third-party cookies blocked throws on reading localStorage itself.
                const entries = (area) => {
                    try {
                        const s = window[area];
                        return Object.keys(s).map((k) => [k, s.getItem(k)]);
                    } catch {
                        return [];
                    }
                };
                return {
                    html: document.documentElement.outerHTML,
                    text: document.body ? document.body.innerText : '',
                    local: entries('localStorage'),
                    session: entries('sessionStorage'),
                    url: location.href,
                };
            })
            .catch(() => null);
        if (!dump) continue;
        scan(`DOM of ${new URL(dump.url).pathname}`, `${dump.html}\n${dump.text}`);
        for (const [area, list] of [
            ['localStorage', dump.local],
            ['sessionStorage', dump.session],
        ]) {
            for (const [k, v] of list) if (!MSAL_KEY.test(k)) scan(`${area}[${k}]`, `${k}=${v}`);
        }
    }
    scan('console', u.console.join('\n'));
    for (const b of u.bearer) if (b.scheme.toLowerCase() === 'bearer' && !mayCarryBearer(b.host)) found.push(`Authorization sent to ${b.host}`);
    for (const b of u.bearer) if (/[?&]sig=/.test(b.url)) found.push(`Authorization sent to a sig= URL on ${b.host}`);
    for (const r of kit.srv.state.requests) {
        if (r.authorization && !mayCarryBearer(r.host)) found.push(`Authorization recorded at ${r.host}`);
        if (r.authorization && /[?&]sig=/.test(r.path)) found.push(`Authorization recorded on a sig= URL at ${r.host}`);
    }
    return [...new Set(found)];
}

const kindsOf = (srv, kind) => srv.state.requests.filter((r) => r.kind === kind);

/**
 * A browser suite's lifecycle in one call: one server and browser per file (kit.srv, kit.b once started), a clean record
 * before each test, and every user's context closed after it, so a finished scenario adds nothing to the next one's
 * record. `table: [title, columns]` also prints a table after the last test (printedTable; its rows are kit.rows).
 */
function suiteKit(options = {}) {
    const test = require('node:test');
    const { table, ...start } = options;
    const kit = { users: [], rows: table ? printedTable(...table) : undefined };
    // one hook: node:test runs a file's top-level before hooks side by side, not one after the other
    test.before(async () => {
        Object.assign(kit, await startKit(start), { users: kit.users });
    });
    test.after(() => kit.close());
    test.beforeEach(() => kit.srv.state.reset());
    test.afterEach(async () => {
        for (const u of kit.users.splice(0)) await u.context.close().catch(() => undefined);
    });
    return kit;
}

/**
 * The table a scenario suite prints after its last test: one row per scenario, columns [header, key] (or a name that is
 * both), each as wide as its widest cell. Returns the rows array the scenarios push to.
 */
function printedTable(title, names) {
    const test = require('node:test');
    const columns = names.map((c) => (Array.isArray(c) ? c : [c, c]));
    const rows = [];
    test.after(() => {
        const cell = (row, key) => String(row[key] ?? '');
        const w = columns.map(([header, key]) => Math.max(header.length, ...rows.map((r) => cell(r, key).length)));
        const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(w[i])).join(' | ')} |`;
        console.log(`\n${title} (${rows.length} scenarios)\n${line(columns.map(([header]) => header))}\n${line(w.map((n) => '-'.repeat(n)))}`);
        for (const r of rows) console.log(line(columns.map(([, key]) => cell(r, key))));
    });
    return rows;
}

module.exports = {
    CONTROL_DIR,
    FINAL,
    SUCCEEDED,
    GUID,
    T,
    client,
    launch,
    signInPopup,
    suiteKit,
    startKit,
    newUser,
    openForm,
    clickAndWait,
    clickRun,
    readPanel,
    waitFinal,
    findLeaks,
    responseHas,
    kindsOf,
};
