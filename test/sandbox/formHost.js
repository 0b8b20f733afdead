'use strict';
// The imitation model-driven form at each org host: main.aspx hosting the control's production bundle with the
// platform libraries (React 16 as Reactv16, Fluent 9 as FluentUIReactv940), and the control's resources under
// /webresources/cc_<namespace>.<constructor>/ (platform-facts §5, §6). The browser side is in form/*.js.

const fs = require('fs');
const path = require('path');
const T = require('./tenant');
const { html, esc, CONTENT_TYPES } = require('./http');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, 'test', 'output', 'sandbox-cache');
const DEFAULT_CONTROL_DIR = path.join(ROOT, 'out', 'controls', 'FlowInvoker');

// The platform libraries, bundled once per version pair; react-dom is the host's own (never the control's).
async function buildVendor() {
    const v = (p) => require(path.join(ROOT, 'node_modules', p, 'package.json')).version;
    const file = path.join(CACHE, `vendor-react${v('react')}-fluent${v('@fluentui/react-components')}.js`);
    if (fs.existsSync(file)) return file;
    fs.mkdirSync(CACHE, { recursive: true });
    await require('esbuild').build({ stdin: { resolveDir: ROOT, contents:
        "window.Reactv16 = require('react'); window.FluentUIReactv940 = require('@fluentui/react-components');" +
        "window.SandboxReactDOM = require('react-dom');" },
    bundle: true, minify: true, format: 'iife', outfile: file, define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'error' });
    return file;
}

// Just enough of ControlManifest.xml: name, properties with types and defaults, the resx.
function readManifest(controlDir) {
    const xml = fs.readFileSync(path.join(controlDir, 'ControlManifest.xml'), 'utf8');
    const attr = (tag, name) => (new RegExp(`\\s${name}="([^"]*)"`).exec(tag) || [])[1];
    const control = /<control\s[^>]*>/.exec(xml)[0];
    const groups = {};
    for (const g of xml.matchAll(/<type-group\s+name="([^"]+)">([\s\S]*?)<\/type-group>/g)) {
        groups[g[1]] = [...g[2].matchAll(/<type>([^<]+)<\/type>/g)].map((t) => t[1]);
    }
    const pick = (types) => (types.includes('Multiple') ? 'Multiple' : types[0]);
    const properties = [...xml.matchAll(/<property\s[^>]*>/g)].map(([tag]) => ({
        name: attr(tag, 'name'), usage: attr(tag, 'usage'), required: attr(tag, 'required') === 'true',
        // A bound type-group property takes the column's type: the fixture column is multiple lines of text.
        type: attr(tag, 'of-type') || pick(groups[attr(tag, 'of-type-group')]), defaultValue: attr(tag, 'default-value') ?? null }));
    const resx = (/<resx\s+path="([^"]+)"/.exec(xml) || [])[1];
    return { namespace: attr(control, 'namespace'), constructor: attr(control, 'constructor'), properties, resx };
}

function formConfig(configName, userKey, host, manifest) {
    const cfg = T.CONFIGS[configName], user = T.USERS[userKey], cloud = T.CLOUDS[cfg.cloud];
    const undocumented = cfg.undocumented !== false;
    const base = `/webresources/cc_${manifest.namespace}.${manifest.constructor}/`;
    return { configName, controlName: `${manifest.namespace}.${manifest.constructor}`, base,
        resx: manifest.resx && base + manifest.resx, bundle: `${base}bundle.js`, properties: manifest.properties,
        controls: cfg.controls, disabled: !!cfg.disabled, dark: !!cfg.dark, xrm: cfg.xrm !== false, undocumented,
        org: { host, clientUrl: `https://${host}`, uniqueName: 'unqcontoso', tenantId: T.TENANT_ID, environmentId: cloud.env },
        user: { key: userKey, systemuserid: user.systemuserid, name: user.name, oid: user.oid, canReadWorkflow: user.canReadWorkflow },
        record: T.RECORD };
}

function mainPage(req, controlDir) {
    const configName = req.query.get('config') || 'default';
    const userKey = req.query.get('user') || 'adele';
    const cfg = T.CONFIGS[configName];
    if (!cfg || !T.USERS[userKey]) return html(404, `<p data-testid="form-error">Unknown config '${esc(configName)}' or user '${esc(userKey)}'.</p>`);
    const orgHost = T.CLOUDS[cfg.cloud].orgHost;
    // A configuration belongs to one cloud's org: send the browser there, as a bookmark to another org would.
    if (orgHost !== req.host) return { status: 302, headers: { Location: `https://${orgHost}${req.pathWithQuery}` } };
    let manifest;
    try { manifest = readManifest(controlDir); } catch (e) {
        return html(500, `<p data-testid="form-error">No built control in ${esc(controlDir)}: run npm run build. (${esc(e.message)})</p>`);
    }
    const data = JSON.stringify(formConfig(configName, userKey, req.host, manifest)).replace(/</g, '\\u003c');
    const headers = { 'Set-Cookie': `sandbox_user=${userKey}; Path=/; Secure; HttpOnly; SameSite=Lax` };
    if (cfg.csp) headers['Content-Security-Policy'] = "script-src 'self'; object-src 'none'; base-uri 'self'";
    return html(200, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(T.RECORD.name)}: Account - Dynamics 365</title>
<link rel="stylesheet" href="/__sandbox/form.css"></head>
<body class="${cfg.dark ? 'dark' : ''}"><header data-testid="form-header"><span>Sales Hub</span> <small>sandbox · ${esc(cfg.cloud)} · ${esc(T.USERS[userKey].name)}</small>
<button type="button" id="form-close" data-testid="form-close">Close form</button></header>
<main><h1 data-testid="form-record-name">${esc(T.RECORD.name)}</h1><section id="form-fields" data-testid="form-fields"></section></main>
<script type="application/json" id="sandbox-form-config">${data}</script>
<script src="/__sandbox/vendor.js"></script><script src="/__sandbox/context.js"></script><script src="/__sandbox/host.js"></script>
</body></html>`, headers);
}

function serveFile(file, extraHeaders = {}) {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return html(404, 'Not found');
    // Model-driven apps send no Cross-Origin-Opener-Policy: the MSAL popup bridge depends on that (facts §5).
    return { status: 200, headers: { 'Content-Type': CONTENT_TYPES[path.extname(file)] || 'application/octet-stream',
        'Cache-Control': 'no-cache', ...extraHeaders }, body: fs.readFileSync(file) };
}

function createFormHost({ controlDir = DEFAULT_CONTROL_DIR } = {}) {
    let vendorFile;
    return {
        controlDir,
        async prepare() { vendorFile = await buildVendor(); },
        handle(state, req) {
            const p = req.path;
            if (p === '/main.aspx' || p === '/') return { kind: 'form', ...mainPage(req, controlDir) };
            if (p === '/__sandbox/vendor.js') return { kind: 'vendor', ...serveFile(vendorFile) };
            const own = /^\/__sandbox\/(context\.js|host\.js|form\.css)$/.exec(p);
            if (own) return { kind: 'host', ...serveFile(path.join(__dirname, 'form', own[1])) };
            const wr = /^\/webresources\/cc_[^/]+\/(.+)$/.exec(p);
            if (wr) {
                const file = path.resolve(controlDir, decodeURIComponent(wr[1]));
                if (!file.startsWith(path.resolve(controlDir) + path.sep)) return html(404, 'Not found');
                return { kind: 'webresource', ...serveFile(file) };
            }
            return html(404, 'Not found');
        },
    };
}

module.exports = { createFormHost, readManifest, DEFAULT_CONTROL_DIR, ROOT };
