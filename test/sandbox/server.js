'use strict';
// The emulated tenant: one HTTPS server on 127.0.0.1 that routes by Host header to one module per service.
// Chromium reaches it under the production hostnames through --host-resolver-rules (see browser.js).

const https = require('https');
const selfsigned = require('selfsigned');
const T = require('./tenant');
const { Faults } = require('./faults');
const { createVariants, playVariants } = require('./variants');
const { createKeys } = require('./services/tokens');
const { json, html, parseCookies } = require('./http');
const entra = require('./services/entra');
const dataverse = require('./services/dataverse');
const flowApi = require('./services/flowApi');
const trigger = require('./services/trigger');
const { createFormHost } = require('./form');
const { createQueueState } = require('./services/queue');

const CONTROL_HOST = 'sandbox.test'; // the fault/state endpoint for tests outside this process
const clouds = Object.values(T.CLOUDS);
const uniq = (a) => [...new Set(a)];
const HOSTS = {
    entra: uniq(clouds.map((c) => c.authorityHost)),
    flowApi: clouds.map((c) => c.flowApiHost),
    trigger: uniq(Object.keys(T.CLOUDS).map(T.triggerHostFor)),
    org: clouds.map((c) => c.orgHost),
    // Hosts that belong to nobody in the tenant (a look-alike of a trigger host): reachable, recorded, never trusted.
    untrusted: [T.UNTRUSTED_HOST],
    // Another site framing the app (form/embedder.js): served by the form host.
    embedder: [T.EMBEDDER_HOST],
};
// Whole trigger domains, so any environment's or region's trigger host reaches the emulator.
const TRIGGER_WILDCARDS = ['*.environment.api.powerplatform.com', '*.logic.azure.com', '*.logic.azure.us', '*.logic.azure.cn'];

function serviceOf(host, path) {
    if (host === CONTROL_HOST) return 'control';
    if (HOSTS.untrusted.includes(host)) return 'untrusted';
    if (HOSTS.entra.includes(host)) return 'entra';
    if (HOSTS.flowApi.includes(host)) return 'flowApi';
    if (HOSTS.org.includes(host)) return path.startsWith('/api/data/') ? 'dataverse' : 'form';
    if (HOSTS.embedder.includes(host)) return 'form';
    if (TRIGGER_WILDCARDS.some((w) => host.endsWith(w.slice(1)))) return 'trigger';
    return null;
}

function createState(keys) {
    return {
        keys,
        faults: new Faults(),
        variants: createVariants(),
        requests: [],
        runs: [],
        secrets: [],
        sessions: new Map(),
        codes: new Map(),
        refreshTokens: new Map(),
        tokenLifetimeSec: 3600,
        responseTimeoutMs: 120000,
        queue: createQueueState(),
        reset() {
            this.requests.length = 0;
            this.runs.length = 0;
            this.faults.clear();
            this.variants.reset();
            this.queue.clear();
        },
    };
}

// Tests in another process drive faults through https://sandbox.test/__faults (path may be given as pathRegex).
async function control(state, req) {
    const cors = {
        'Access-Control-Allow-Origin': req.headers.origin || '*',
        'Access-Control-Allow-Headers': 'content-type',
        'Access-Control-Allow-Methods': 'GET, POST, DELETE',
    };
    if (req.method === 'OPTIONS') return { status: 204, headers: cors };
    if (req.path === '/__faults' && req.method === 'POST') {
        const spec = JSON.parse(req.body.toString() || '{}');
        if (spec.pathRegex) spec.path = new RegExp(spec.pathRegex);
        if (spec.times === null || spec.times === 'Infinity') spec.times = Infinity;
        return json(200, state.faults.add(spec), cors);
    }
    if (req.path === '/__faults' && req.method === 'DELETE') {
        state.faults.clear();
        return json(200, {}, cors);
    }
    if (req.path === '/__variants' && req.method === 'POST') return json(200, state.variants.set(JSON.parse(req.body.toString() || '{}')), cors);
    if (req.path === '/__latency' && req.method === 'POST') {
        state.faults.latencyMs = JSON.parse(req.body.toString()).ms;
        return json(200, {}, cors);
    }
    if (req.path === '/__state') return json(200, { requests: state.requests, runs: state.runs }, cors);
    if (req.path === '/__reset' && req.method === 'POST') {
        state.reset();
        return json(200, {}, cors);
    }
    return json(404, { error: 'unknown control path' }, cors);
}

function readBody(req) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => resolve(Buffer.concat(chunks)));
        req.on('error', reject);
    });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Start the emulated tenant. Options: port (0 = random), controlDir (built control), log (print each request), platform (react16|react17, default FLOWINVOKER_PLATFORM). */
async function start({ port = 0, controlDir, log = false, platform } = {}) {
    const state = createState(await createKeys());
    const form = createFormHost({ controlDir, platform });
    await form.prepare();
    // Anything at an untrusted host answers like a trigger would, so only the control's own check keeps a request away.
    const untrusted = {
        handle: (st, r) => ({
            kind: 'untrusted',
            ...json(
                200,
                { received: true },
                r.headers.origin
                    ? { 'Access-Control-Allow-Origin': r.headers.origin, 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'POST' }
                    : {},
            ),
        }),
    };
    const services = { entra, dataverse, flowApi, trigger, form, untrusted };
    const allNames = [
        ...HOSTS.entra,
        ...HOSTS.flowApi,
        ...HOSTS.trigger,
        ...HOSTS.org,
        ...HOSTS.untrusted,
        ...HOSTS.embedder,
        ...TRIGGER_WILDCARDS,
        CONTROL_HOST,
    ];
    const pems = selfsigned.generate([{ name: 'commonName', value: 'FlowInvoker sandbox' }], {
        keySize: 2048,
        days: 7,
        algorithm: 'sha256',
        extensions: [{ name: 'subjectAltName', altNames: [...allNames.map((value) => ({ type: 2, value })), { type: 7, ip: '127.0.0.1' }] }],
    });

    const server = https.createServer({ key: pems.private, cert: pems.cert }, async (req, res) => {
        if (req.url === '/favicon.ico') {
            res.writeHead(204).end();
            return;
        } // browsers ask every host: not worth recording
        const started = Date.now();
        const host = String(req.headers.host || '')
            .replace(/:\d+$/, '')
            .toLowerCase();
        const url = new URL(req.url, `https://${host}`);
        const r = {
            method: req.method,
            host,
            path: url.pathname,
            query: url.searchParams,
            pathWithQuery: url.pathname + url.search,
            headers: req.headers,
            cookies: parseCookies(req.headers.cookie),
            body: await readBody(req),
        };
        const service = serviceOf(host, url.pathname);
        let result,
            fault = null;
        try {
            if (service === 'control') result = await control(state, r);
            else if (!service) result = html(421, `No emulated service at ${host}`);
            else {
                fault = state.faults.take({ service, host, method: req.method, path: r.pathWithQuery });
                const delay = state.faults.latencyMs + ((fault && fault.delayMs) || 0);
                if (delay) await sleep(delay);
                const inject = fault && fault.status && !fault.process;
                result = inject ? { kind: 'fault' } : await services[service].handle(state, r, fault);
                if (fault && fault.status) {
                    const keep = Object.fromEntries(Object.entries(result.headers || {}).filter(([k]) => /^(access-control-|x-ms-|vary)/i.test(k)));
                    if (inject && req.headers.origin) keep['Access-Control-Allow-Origin'] = req.headers.origin;
                    const body = typeof fault.body === 'string' || fault.body === undefined ? fault.body || '' : JSON.stringify(fault.body);
                    result = {
                        kind: result.kind,
                        status: fault.status,
                        body,
                        headers: {
                            ...keep,
                            ...(typeof fault.body === 'object' ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
                            ...fault.headers,
                        },
                    };
                }
            }
        } catch (e) {
            console.error('[sandbox]', e);
            result = json(500, { error: { code: 'SandboxError', message: e.message } });
        }
        if (service && service !== 'control') playVariants(state.variants, { service, method: req.method, path: url.pathname }, result);
        const headers = { ...result.headers };
        for (const k of Object.keys(headers)) {
            const strip = (fault?.noCors && /^access-control-/i.test(k)) || (fault?.removeHeaders || []).some((h) => h.toLowerCase() === k.toLowerCase());
            if (strip) delete headers[k];
        }
        const entry = {
            service,
            kind: result.kind,
            method: req.method,
            host,
            path: r.pathWithQuery,
            status: fault?.drop ? 'dropped' : result.status,
            ms: Date.now() - started,
            start: started,
            origin: req.headers.origin,
            fault: !!fault,
            note: result.note,
            // The scheme only (never the credential), so tests can check where a bearer token went.
            authorization: req.headers.authorization ? String(req.headers.authorization).split(/\s+/)[0] : null,
            trackingId: req.headers['x-ms-client-tracking-id'],
        };
        if (service !== 'control') state.requests.push(entry);
        if (log && service !== 'control') console.log(`[sandbox] ${entry.method} ${host}${r.pathWithQuery.slice(0, 120)} → ${entry.status} ${entry.ms}ms`);
        // drop: the connection dies before any byte of the answer (on a reused keep-alive connection Chromium may then
        // resend the request by itself); drop 'afterHeaders': the status and headers arrive, the body never does.
        if (fault?.drop === 'afterHeaders') {
            res.writeHead(result.status, headers);
            res.flushHeaders();
            setImmediate(() => req.socket.destroy());
            return;
        }
        if (fault?.drop) {
            req.socket.destroy();
            return;
        }
        res.writeHead(result.status, headers);
        res.end(result.body);
    });
    await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
    const actualPort = server.address().port;
    const rules = allNames
        .map((h) => `MAP ${h} 127.0.0.1:${actualPort}`)
        .concat('MAP * ~NOTFOUND')
        .join(', ');

    return {
        port: actualPort,
        hosts: allNames,
        hostResolverRules: rules,
        state,
        controlDir: form.controlDir,
        /**
         * The form page for a configuration and user, on that configuration's org host. Options as the platform varies
         * them: lang (user's language id, 1033/1031/1029), theme 'dark', rtl, disabled (read-only form), newRecord (no id yet);
         * embedded: the same form inside an iframe of another site (form/embedder.js, switch embeddingFrame).
         */
        formUrl: ({ config = 'default', user = 'adele', lang, theme, rtl, disabled, newRecord, embedded } = {}) => {
            const q = new URLSearchParams({ appid: 'sandbox', pagetype: 'entityrecord', etn: T.RECORD.entityTypeName });
            if (!newRecord) q.set('id', T.RECORD.entityId);
            q.set('config', config);
            q.set('user', user);
            if (lang) q.set('lang', String(lang));
            if (theme) q.set('theme', theme);
            if (rtl) q.set('rtl', '1');
            if (disabled) q.set('disabled', '1');
            if (embedded) return `https://${T.EMBEDDER_HOST}/embed?${q}`;
            return `https://${T.CLOUDS[T.CONFIGS[config].cloud].orgHost}/main.aspx?${q}`;
        },
        close: () =>
            new Promise((resolve) => {
                state.queue.clear();
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}

module.exports = { start, HOSTS, CONTROL_HOST };
