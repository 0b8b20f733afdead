'use strict';
// Shared by the browser suites that drive the REAL production bundle (out/controls/FlowInvoker) on the imitation form:
// one sandbox and one Chromium per file, a fresh browser context per "first-time user", waits on conditions only.
// FLOWINVOKER_CONTROL_DIR points the suites at another build (e.g. a clean checkout's) without touching this tree.

const path = require('path');
const sandbox = require('../sandbox/server');
const { launch, signInPopup } = require('../sandbox/browser');
const { DEFAULT_CONTROL_DIR } = require('../sandbox/form');
const T = require('../sandbox/tenant');

const CONTROL_DIR = process.env.FLOWINVOKER_CONTROL_DIR ? path.resolve(process.env.FLOWINVOKER_CONTROL_DIR) : DEFAULT_CONTROL_DIR;
const FINAL = /^(Completed|Started|Failed|May have run)/;
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

async function startKit({ latencyMs = 0 } = {}) {
    const srv = await sandbox.start({ controlDir: CONTROL_DIR });
    const b = await launch(srv);
    srv.state.faults.latencyMs = latencyMs;
    return {
        srv,
        b,
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

/** Wait until the page shows a final status (optionally: a different run than `after`). */
async function waitFinal(page, { timeoutMs = 90000, after } = {}) {
    await page.waitForFunction(
        ({ re, after: prev }) => {
            const s = document.querySelector('[data-testid="flowinvoker-status"]');
            if (!s || !new RegExp(re).test(s.textContent.trim())) return false;
            const panel = document.querySelector('[data-testid="flowinvoker-panel"]');
            return !prev || (panel && panel.textContent !== prev);
        },
        { re: FINAL.source, after },
        { timeout: timeoutMs, polling: 'raf' },
    );
}

async function closePanel(page) {
    if ((await page.locator('[data-testid="flowinvoker-status"]').count()) === 0) return;
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="flowinvoker-status"]', { state: 'detached', timeout: 10000 });
}

/** Click the run button of control `index` and wait for the panel's final status. Returns what the panel shows. */
async function clickRun(page, { index = 0, button = 'flowinvoker-run', timeoutMs } = {}) {
    await closePanel(page);
    await page.getByTestId(`form-field-${index}`).getByTestId(button).click();
    await waitFinal(page, { timeoutMs });
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
 * Leaks: any token or refresh token the emulated Entra issued, or any flow's sig= value, in the DOM (HTML and text),
 * the console, or page-visible storage outside MSAL's own keys; a JWT-shaped string anywhere there; an Authorization
 * header sent (as recorded by the browser or the emulators) to a host that is not a Power Automate host.
 */
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
                const entries = (s) => {
                    try {
                        return Object.keys(s).map((k) => [k, s.getItem(k)]);
                    } catch {
                        return [];
                    }
                };
                return {
                    html: document.documentElement.outerHTML,
                    text: document.body ? document.body.innerText : '',
                    local: entries(localStorage),
                    session: entries(sessionStorage),
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
 * A browser suite's lifecycle in one call: one server and browser per file, a clean record before each test, and every
 * user's pages closed after it so a finished scenario adds nothing to the next one's record. Returns the users list.
 */
function suiteKit(onReady, options) {
    const test = require('node:test');
    const users = [];
    let kit;
    test.before(async () => {
        kit = await startKit(options);
        onReady(kit);
    });
    test.after(() => kit.close());
    test.beforeEach(() => kit.srv.state.reset());
    test.afterEach(async () => {
        for (const u of users.splice(0)) await u.context.close().catch(() => undefined);
    });
    return users;
}

/**
 * The table a scenario suite prints after its last test: one row per scenario, columns [header, key], each as wide as its
 * widest cell. Returns the rows array the scenarios push to.
 */
function printedTable(title, columns) {
    const test = require('node:test');
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
    GUID,
    suiteKit,
    printedTable,
    startKit,
    newUser,
    openForm,
    clickRun,
    readPanel,
    waitFinal,
    closePanel,
    findLeaks,
    responseHas,
    kindsOf,
    mayCarryBearer,
    MSAL_KEY,
};
