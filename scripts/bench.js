#!/usr/bin/env node
'use strict';
// `npm run bench`: what a click costs, FlowInvoker's production bundle against the plain sequential chain, measured in
// Chromium against the emulated tenant with the same fixed latency added by the emulators to EVERY request (default 50 ms).
//
// Both variants run the same script, each in a fresh browser context:
//   sign-in warm-up  open the form of another flow (fireAndForget), click, sign in through the popup (MSAL cache filled)
//   coldLoad         open the `echo` form in a new tab (empty sessionStorage, so no discovery cache; MSAL cache present):
//                    the control's own requests from its init until its prefetch is done (baseline: none)
//   firstClick       the first click on that tab: click → final status
//   warmClick        the next clicks on the same tab (median of --clicks): click → final status
//   idleClick        one more click after 6 s idle: past Chromium's 5 s preflight cache when the trigger sends no
//                    Access-Control-Max-Age, so that variant pays a preflight again (measured with and without Max-Age)
//   returningLoad    the `echo` form again in another new tab (empty sessionStorage; the entry FlowInvoker keeps in
//                    localStorage and MSAL's cache present): a returning user's load, with its flow API and Dataverse calls
//   bigDefinition    bytes the form load downloads (Entra, Dataverse, flow API, trigger) for a flow with a 200 KB definition:
//                    its first load in this context, then a returning user's load
// The baseline is test/sandbox/fixtures/baseline: token (MSAL cache) → RetrieveCurrentOrganization → workflow row →
// listCallbackUrl → trigger POST on every click, with the same MSAL package/configuration and fetch.
//
// Counting: a request is every HTTP request the emulators record for Entra, Dataverse, the flow API and the trigger within
// the window, CORS preflights (OPTIONS) included, because each costs a round trip; Chromium caches a preflight for
// Access-Control-Max-Age, so a warm click has none. The page's own files (form, platform libraries, bundle) are not
// counted. sequentialDepth is the longest chain of those requests in which each starts after the previous one ended.
// controlOverheadMs: warm click, from the click (Date.now in the page) to the trigger POST reaching the emulator.
// ms values are medians over --runs fresh contexts (and --clicks warm clicks). No assertion is made on any time.
//
// Options: --json (last line: one JSON object)  --latency=<ms> (50)  --runs=<n> (3)  --clicks=<n> (5)
//          FLOWINVOKER_CONTROL_DIR=<dir> to measure another build than out/controls/FlowInvoker

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { buildBaseline } = require('../test/sandbox/fixtures/build');
// The browser suites' kit: the same sandbox start, sign-in and "click until the run ends" as every suite (README "Project layout").
const { T, CONTROL_DIR, SUCCEEDED, startKit, clickAndWait } = require('../test/e2e/browserKit');

const { readOptions } = require('./options');

const options = readOptions('npm run bench', {
    json: { type: 'boolean', default: false },
    latency: { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
    clicks: { type: 'string', default: '5' },
}).values;
const opt = (name) => {
    const value = Number(options[name]);
    if (!Number.isInteger(value) || value < 0) {
        console.error(`npm run bench: --${name} must be a whole number, not '${options[name]}'`);
        process.exit(2);
    }
    return value;
};
const JSON_OUT = options.json;
const IDLE_MS = 6000;
const LATENCY = opt('latency'),
    RUNS = Math.max(1, opt('runs')),
    CLICKS = Math.max(1, opt('clicks'));
const SERVICES = new Set(['entra', 'dataverse', 'flowApi', 'trigger']);
const log = (...a) => {
    if (!JSON_OUT) console.log(...a);
    else console.error(...a);
};
const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.floor((s.length - 1) / 2)] : 0;
};

/** Longest chain of requests where each starts after the previous one ended (2 ms tolerance for clock rounding). */
function sequentialDepth(reqs) {
    const rs = [...reqs].sort((a, b) => a.start - b.start);
    const depth = [];
    rs.forEach((r, i) => {
        depth[i] = 1;
        for (let j = 0; j < i; j += 1) if (rs[j].start + rs[j].ms <= r.start + 2) depth[i] = Math.max(depth[i], depth[j] + 1);
    });
    return depth.length ? Math.max(...depth) : 0;
}

function windowOf(srv, from, to) {
    return srv.state.requests.filter((r) => SERVICES.has(r.service) && r.start >= from && r.start <= to);
}

const describe = (reqs) => reqs.map((r) => `${r.kind}${r.method === 'OPTIONS' ? '' : ` ${r.method}`} ${r.host}`);

/** One click on control 0, timed on the page's clock, with the service requests it made. */
async function measureClick(srv, page, options) {
    const click = await clickAndWait(page, options);
    const reqs = windowOf(srv, click.t0, click.t1);
    return {
        criticalRequests: reqs.length,
        sequentialDepth: sequentialDepth(reqs),
        ms: click.t1 - click.t0,
        list: describe(reqs),
        status: click.status,
        reqs,
        t0: click.t0,
    };
}

const SERVICE_URL = /\/api\/data\/|api\.flow\.microsoft\.com|login\.microsoftonline\.com|environment\.api\.powerplatform\.com/;

/**
 * One form load in a new tab: the control's requests until its prefetch is done (the URL in sessionStorage) and the bytes
 * of the answers it got (headers and bodies, as Chromium counts them). The baseline loads nothing, so it waits for the button.
 */
async function measureLoad(context, srv, config, isControl) {
    const page = await context.newPage();
    const sizes = [];
    page.on('requestfinished', (request) => {
        const url = request.url();
        if (SERVICE_URL.test(url))
            sizes.push(
                request
                    .sizes()
                    .then((x) => ({ url, bytes: x.responseHeadersSize + x.responseBodySize }))
                    .catch(() => ({ url, bytes: 0 })),
            );
    });
    const navStart = Date.now();
    await page.goto(srv.formUrl({ config }));
    await waitEnabled(page);
    if (isControl)
        await page.waitForFunction(() => Object.keys(sessionStorage).some((k) => k.startsWith('flowinvoker.callback.v1:')), null, { timeout: 30000 });
    await page.waitForTimeout(300); // a request started just before the URL was stored still counts
    const ready = Date.now();
    const initAt = await page.evaluate(() => performance.timeOrigin + ((window.__sandboxForm.events.find((e) => e.type === 'init') || {}).at || 0));
    const load = windowOf(srv, navStart, ready);
    const loadEnd = load.length ? Math.max(...load.map((r) => r.start + r.ms)) : initAt;
    const answers = await Promise.all(sizes);
    const bytes = answers.reduce((a, b) => a + b.bytes, 0);
    // The flow row as the control reads it (not the user's own systemuser row, read for the sign-in account).
    const workflowBytes = answers.filter((a) => /\/api\/data\/v9\.\d\/workflows\(/.test(a.url)).reduce((a, b) => a + b.bytes, 0);
    await page.close();
    return {
        criticalRequests: load.length,
        sequentialDepth: sequentialDepth(load),
        ms: Math.max(0, Math.round(loadEnd - initAt)),
        list: describe(load),
        flowApi: load.filter((r) => r.service === 'flowApi').length,
        dataverse: load.filter((r) => r.service === 'dataverse').length,
        workflowReads: load.filter((r) => r.kind === 'workflow').length,
        bytes,
        workflowBytes,
    };
}

async function waitEnabled(page) {
    await page.waitForSelector('[data-testid="form-field-0"] [data-testid="flowinvoker-run"]:not([disabled])');
}

async function measureVariant(name, controlDir, { isControl, variants = {} }) {
    const kit = await startKit({ controlDir });
    const { srv, b } = kit;
    const runs = [];
    try {
        for (let run = 0; run < RUNS; run += 1) {
            srv.state.reset();
            srv.state.variants.set(variants);
            srv.state.faults.latencyMs = LATENCY;
            const context = await b.browser.newContext({ ignoreHTTPSErrors: true });
            // sign-in warm-up on another flow: MSAL's cache and Entra's session are filled, nothing about `echo` is
            const warm = await context.newPage();
            await warm.goto(srv.formUrl({ config: 'fireAndForget' }));
            await waitEnabled(warm);
            const signedIn = await clickAndWait(warm, { signInAs: T.USERS.adele.upn });
            if (!SUCCEEDED.test(signedIn.status)) throw new Error(`${name}: sign-in warm-up ended ${signedIn.status}`);
            await warm.close();

            // cold load: a new tab on the echo form
            const page = await context.newPage();
            const navStart = Date.now();
            await page.goto(srv.formUrl({ config: 'echo' }));
            await waitEnabled(page);
            if (isControl) {
                await page.waitForFunction(() => Object.keys(sessionStorage).some((k) => k.startsWith('flowinvoker.callback.v1:')), null, { timeout: 30000 });
            }
            const ready = Date.now();
            const initAt = await page.evaluate(() => performance.timeOrigin + ((window.__sandboxForm.events.find((e) => e.type === 'init') || {}).at || 0));
            const load = windowOf(srv, navStart, ready);
            const loadEnd = load.length ? Math.max(...load.map((r) => r.start + r.ms)) : initAt;
            const coldLoad = {
                criticalRequests: load.length,
                sequentialDepth: sequentialDepth(load),
                ms: Math.max(0, Math.round(loadEnd - initAt)),
                list: describe(load),
            };

            const firstClick = await measureClick(srv, page);

            const warmClicks = [];
            for (let i = 0; i < CLICKS; i += 1) {
                await waitEnabled(page);
                const w = await measureClick(srv, page);
                const post = w.reqs.find((r) => r.kind === 'invoke');
                warmClicks.push({ ...w, overhead: post ? post.start - w.t0 : NaN });
            }
            await waitEnabled(page);
            await page.waitForTimeout(IDLE_MS);
            const idleClick = await measureClick(srv, page);
            const returningLoad = await measureLoad(context, srv, 'echo', isControl);
            const bigFirst = await measureLoad(context, srv, 'bigDefinition', isControl);
            const bigReturning = await measureLoad(context, srv, 'bigDefinition', isControl);
            await context.close();
            runs.push({
                coldLoad,
                firstClick,
                warmClicks,
                idleClick,
                returningLoad,
                bigFirst,
                bigReturning,
                firstOverhead: (() => {
                    const r = firstClick.reqs.find((x) => x.service === 'trigger');
                    return r ? r.start - firstClick.t0 : NaN;
                })(),
            });
        }
    } finally {
        await kit.close();
    }
    const pick = (get) => ({
        criticalRequests: median(runs.map((r) => get(r).criticalRequests)),
        sequentialDepth: median(runs.map((r) => get(r).sequentialDepth)),
        ms: median(runs.map((r) => get(r).ms)),
    });
    const allWarm = runs.flatMap((r) => r.warmClicks);
    return {
        coldLoad: pick((r) => r.coldLoad),
        firstClick: pick((r) => r.firstClick),
        warmClick: {
            criticalRequests: median(allWarm.map((w) => w.criticalRequests)),
            sequentialDepth: median(allWarm.map((w) => w.sequentialDepth)),
            ms: median(allWarm.map((w) => w.ms)),
        },
        idleClick: pick((r) => r.idleClick),
        returningLoad: {
            ...pick((r) => r.returningLoad),
            flowApi: median(runs.map((r) => r.returningLoad.flowApi)),
            dataverse: median(runs.map((r) => r.returningLoad.dataverse)),
            bytes: median(runs.map((r) => r.returningLoad.bytes)),
            workflowReads: median(runs.map((r) => r.returningLoad.workflowReads)),
            workflowBytes: median(runs.map((r) => r.returningLoad.workflowBytes)),
        },
        bigDefinitionBytes: {
            firstLoad: median(runs.map((r) => r.bigFirst.bytes)),
            returning: median(runs.map((r) => r.bigReturning.bytes)),
            firstLoadWorkflow: median(runs.map((r) => r.bigFirst.workflowBytes)),
            returningWorkflow: median(runs.map((r) => r.bigReturning.workflowBytes)),
            returningDataverse: median(runs.map((r) => r.bigReturning.dataverse)),
            returningFlowApi: median(runs.map((r) => r.bigReturning.flowApi)),
        },
        overheadMs: median(allWarm.map((w) => w.overhead).filter(Number.isFinite)),
        firstOverheadMs: median(runs.map((r) => r.firstOverhead).filter(Number.isFinite)),
        lists: {
            coldLoad: runs[0].coldLoad.list,
            firstClick: runs[0].firstClick.list,
            warmClick: runs[0].warmClicks[0].list,
            idleClick: runs[0].idleClick.list,
            returningLoad: runs[0].returningLoad.list,
            bigFirst: runs[0].bigFirst.list,
            bigReturning: runs[0].bigReturning.list,
        },
        statuses: [...new Set(runs.flatMap((r) => [r.firstClick.status, ...r.warmClicks.map((w) => w.status), r.idleClick.status]))],
    };
}

function sizeOf(file) {
    const raw = fs.readFileSync(file);
    return { raw: raw.length, gzip: zlib.gzipSync(raw, { level: 9 }).length };
}

async function main() {
    const bundle = path.join(CONTROL_DIR, 'bundle.js');
    if (!fs.existsSync(bundle)) throw new Error(`No bundle at ${bundle}: run npm run build first.`);
    const baselineDir = await buildBaseline();
    log(`Benchmark: ${LATENCY} ms added by the emulators to every request; ${RUNS} fresh contexts, ${CLICKS} warm clicks each; medians.`);
    const control = await measureVariant('FlowInvoker', CONTROL_DIR, { isControl: true });
    const noMaxAge = await measureVariant('FlowInvoker, no Max-Age', CONTROL_DIR, { isControl: true, variants: { triggerPreflightMaxAge: false } });
    const baseline = await measureVariant('baseline', baselineDir, { isControl: false });
    const size = sizeOf(bundle),
        baseSize = sizeOf(path.join(baselineDir, 'bundle.js'));

    const cells = (x) => `${String(x.criticalRequests).padStart(8)} ${String(x.sequentialDepth).padStart(6)} ${String(x.ms).padStart(7)}`;
    const row = (label, k) => `  ${label.padEnd(11)} ${cells(control[k])}   │ ${cells(noMaxAge[k])}   │ ${cells(baseline[k])}`;
    log('\n              FlowInvoker              │ FlowInvoker, trigger sends │ plain sequential chain');
    log('              (Max-Age 600 s)           │ no Access-Control-Max-Age  │ (baseline, Max-Age 600 s)');
    log('              requests  depth      ms   │ requests  depth      ms   │ requests  depth      ms');
    for (const k of ['coldLoad', 'firstClick', 'warmClick', 'idleClick', 'returningLoad']) log(row(k === 'returningLoad' ? 'returning' : k, k));
    const ret = (x) =>
        `flow API ${x.returningLoad.flowApi}, Dataverse ${x.returningLoad.dataverse} (workflow row ${x.returningLoad.workflowReads}: ${x.returningLoad.workflowBytes} bytes), all answers ${x.returningLoad.bytes} bytes`;
    log(`  returning user's load: FlowInvoker ${ret(control)} │ no Max-Age ${ret(noMaxAge)} │ baseline ${ret(baseline)}`);
    const big = (x) =>
        `first load ${x.bigDefinitionBytes.firstLoad} bytes (workflow row ${x.bigDefinitionBytes.firstLoadWorkflow}), returning ${x.bigDefinitionBytes.returning} (workflow row ${x.bigDefinitionBytes.returningWorkflow})`;
    log(`  form load, flow with a 200 KB definition: FlowInvoker ${big(control)} │ baseline ${big(baseline)}`);
    log(`\n  requests counted (preflights included), first run:`);
    for (const k of ['coldLoad', 'firstClick', 'warmClick', 'idleClick', 'returningLoad', 'bigFirst', 'bigReturning']) {
        log(`    FlowInvoker ${k}: ${control.lists[k].join(', ') || '(none)'}`);
        log(`    no Max-Age  ${k}: ${noMaxAge.lists[k].join(', ') || '(none)'}`);
        log(`    baseline    ${k}: ${baseline.lists[k].join(', ') || '(none)'}`);
    }
    log(
        `\n  control's own time, click → trigger POST received: warm ${control.overheadMs} ms, first click ${control.firstOverheadMs} ms` +
            ` (baseline warm ${baseline.overheadMs} ms, its chain included)`,
    );
    log(`  bundle ${path.relative(process.cwd(), bundle)}: ${size.raw} bytes, ${size.gzip} gzipped (baseline bundle: ${baseSize.raw} / ${baseSize.gzip})`);
    log(`  outcomes: FlowInvoker ${control.statuses.join('/')}, no Max-Age ${noMaxAge.statuses.join('/')}, baseline ${baseline.statuses.join('/')}`);
    const pickS = (s) => ({ criticalRequests: s.criticalRequests, sequentialDepth: s.sequentialDepth, ms: s.ms });
    const result = {
        coldLoad: pickS(control.coldLoad),
        firstClick: pickS(control.firstClick),
        warmClick: pickS(control.warmClick),
        idleClick: pickS(control.idleClick),
        noMaxAge: { warmClick: pickS(noMaxAge.warmClick), idleClick: pickS(noMaxAge.idleClick) },
        returningLoad: control.returningLoad,
        bigDefinitionBytes: control.bigDefinitionBytes,
        baseline: {
            coldLoad: pickS(baseline.coldLoad),
            firstClick: pickS(baseline.firstClick),
            warmClick: pickS(baseline.warmClick),
            idleClick: pickS(baseline.idleClick),
            returningLoad: baseline.returningLoad,
            bigDefinitionBytes: baseline.bigDefinitionBytes,
        },
        controlOverheadMs: Math.round(control.overheadMs),
        bundleBytes: size.raw,
        bundleGzipBytes: size.gzip,
    };
    if (JSON_OUT) console.log(JSON.stringify(result));
    const ok = [...control.statuses, ...noMaxAge.statuses, ...baseline.statuses].every((s) => SUCCEEDED.test(s));
    if (!ok) log('bench: a click did not complete; the figures above are not comparable');
    return ok;
}

main()
    .then((ok) => process.exit(ok ? 0 : 1))
    .catch((e) => {
        console.error(`bench: ${e.stack || e.message}`);
        process.exit(1);
    });
