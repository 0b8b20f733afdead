'use strict';
// The imitation model-driven form at each org host: main.aspx hosting the control's production bundle with the
// platform libraries (React as Reactv16, Fluent 9 as FluentUIReactv940, either pair: PLATFORMS below), and the control's resources under
// /webresources/cc_<namespace>.<constructor>/ (docs/platform-facts.md, "MSAL browser", "PCF tooling"). The browser side is in form/*.js.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const T = require('../tenant');
const { html, esc, CONTENT_TYPES } = require('../http');
const { embedderPage } = require('./embedder');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CACHE = path.join(ROOT, 'test', 'output', 'sandbox-cache');
const DEFAULT_CONTROL_DIR = path.join(ROOT, 'out', 'controls', 'FlowInvoker');

// The platform library pairs a model-driven form can host (docs/platform-facts.md, "PCF tooling", "What we could not verify without a tenant"): the pair the manifest declares, and the pair
// model-driven apps actually load at run time. Chosen per sandbox by createFormHost({ platform }) or, by default, by
// FLOWINVOKER_PLATFORM at start. The second pair is installed under npm aliases (package.json devDependencies).
const PLATFORMS = {
    react16: {
        label: 'React 16.14.0 / Fluent 9.46.2',
        react: 'react',
        reactDom: 'react-dom',
        fluent: '@fluentui/react-components',
        expect: { react: /^16\.14\.0$/, fluent: /^9\.46\.2$/ },
    },
    react17: {
        label: 'React 17.0.2 / Fluent 9.68.0',
        react: 'react-17',
        reactDom: 'react-dom-17',
        fluent: 'fluent-9.68',
        expect: { react: /^17\.0\.2$/, fluent: /^9\.68\.\d+$/ },
    },
};
const DEFAULT_PLATFORM = 'react16';

/** The pair named by the option, else FLOWINVOKER_PLATFORM, else react16; anything else is an error, never a silent default. */
function resolvePlatform(option) {
    const name = option || process.env.FLOWINVOKER_PLATFORM || DEFAULT_PLATFORM;
    if (!Object.hasOwn(PLATFORMS, name)) {
        throw new Error(`Unknown platform '${name}' (FLOWINVOKER_PLATFORM or the platform option): use ${Object.keys(PLATFORMS).join(' or ')}`);
    }
    return { name, ...PLATFORMS[name] };
}

// Every package file of the OTHER pair that must not end up in a vendor bundle (a node_modules path prefix).
const foreignInputs = (platform) =>
    Object.values(PLATFORMS)
        .filter((p) => p.react !== platform.react)
        .flatMap((p) => [p.react, p.reactDom, p.fluent])
        .map((name) => `node_modules/${name}/`);

/**
 * The platform libraries, bundled once per pair (and per package-lock.json); react-dom is the host's own (never the
 * control's). For the React 17 pair every import of react / react-dom, Fluent's own included, is aliased to the aliased
 * packages, and the bundle is checked: no file of the other pair inside, and React.version / Fluent's version as expected.
 */
async function buildVendor(platform = resolvePlatform()) {
    const pkgVersion = (name) => require(path.join(ROOT, 'node_modules', name, 'package.json')).version;
    // Imported as ES modules, so esbuild keeps only the @fluentui/react-icons Fluent itself uses (1.2 MB, not 18 MB of
    // CommonJS with every icon): each form page loads this file.
    const contents = [
        "import * as React from 'react'; import * as ReactDOM from 'react-dom';",
        `import * as Fluent from ${JSON.stringify(platform.fluent)}; import fluentPackage from ${JSON.stringify(`${platform.fluent}/package.json`)};`,
        'window.Reactv16 = React; window.FluentUIReactv940 = Fluent; window.SandboxReactDOM = ReactDOM;',
        // What the page really hosts: the running React's own version, and the version of the Fluent package bundled here.
        `window.SandboxPlatform = Object.freeze({ name: ${JSON.stringify(platform.name)}, react: React.version, reactDom: ReactDOM.version,`,
        '  fluent: fluentPackage.version });',
    ].join('\n');
    const hash = crypto
        .createHash('sha256')
        .update(contents)
        .update(fs.readFileSync(path.join(ROOT, 'package-lock.json')))
        .digest('hex')
        .slice(0, 10);
    const file = path.join(CACHE, `vendor-${platform.name}-react${pkgVersion(platform.react)}-fluent${pkgVersion(platform.fluent)}-${hash}.js`);
    if (fs.existsSync(file)) return file;
    fs.mkdirSync(CACHE, { recursive: true });
    const alias = platform.react === 'react' ? {} : { react: platform.react, 'react-dom': platform.reactDom };
    const result = await require('esbuild').build({
        stdin: { resolveDir: ROOT, contents },
        alias,
        bundle: true,
        minify: true,
        format: 'iife',
        write: false,
        metafile: true,
        outfile: file,
        define: { 'process.env.NODE_ENV': '"production"' },
        logLevel: 'error',
    });
    const code = result.outputFiles[0].text;
    const inputs = Object.keys(result.metafile.inputs);
    const mixed = inputs.filter((i) => foreignInputs(platform).some((f) => i.startsWith(f)));
    if (mixed.length) throw new Error(`The ${platform.label} vendor bundle contains files of the other pair: ${mixed.slice(0, 5).join(', ')}`);
    const hosted = evaluateVendor(code);
    if (!platform.expect.react.test(hosted.react) || !platform.expect.fluent.test(hosted.fluent) || hosted.reactDom !== hosted.react) {
        throw new Error(`The ${platform.label} vendor bundle hosts React ${hosted.react} / react-dom ${hosted.reactDom} / Fluent ${hosted.fluent}`);
    }
    // Written under a temporary name and renamed, so a sandbox starting in parallel never serves half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, file);
    return file;
}

// Runs a vendor bundle in an empty context (no DOM; timers and message ports that never fire) and reads what it hosts.
function evaluateVendor(code) {
    const g = {
        console: { ...console, error() {}, warn() {} },
        Date,
        Math,
        JSON,
        Promise,
        performance: { now: () => 0 },
        setTimeout: () => 0,
        clearTimeout() {},
        setInterval: () => 0,
        clearInterval() {},
        queueMicrotask() {},
        requestAnimationFrame: () => 0,
        cancelAnimationFrame() {},
        MessageChannel: class {
            constructor() {
                this.port1 = {};
                this.port2 = { postMessage() {} };
            }
        },
    };
    g.window = g;
    g.self = g;
    g.globalThis = g;
    vm.runInContext(code, vm.createContext(g), { filename: 'vendor.js' });
    return g.SandboxPlatform || {};
}

// Copies what the vendor bundle reported onto the form's state, after host.js created it (no inline script: strict CSP).
const PLATFORM_SCRIPT = "'use strict';\nwindow.__sandboxForm.platform = window.SandboxPlatform;\n";

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
        name: attr(tag, 'name'),
        usage: attr(tag, 'usage'),
        required: attr(tag, 'required') === 'true',
        // A bound type-group property takes the column's type: the fixture column is multiple lines of text.
        type: attr(tag, 'of-type') || pick(groups[attr(tag, 'of-type-group')]),
        defaultValue: attr(tag, 'default-value') ?? null,
    }));
    // One resx per language (strings/<name>.<lcid>.resx): the platform serves the one matching the user's language.
    const resxFiles = [...xml.matchAll(/<resx\s+path="([^"]+)"/g)].map((m) => m[1]);
    const resxFor = (lcid) => resxFiles.find((f) => f.endsWith(`.${lcid}.resx`)) || resxFiles.find((f) => f.endsWith('.1033.resx')) || resxFiles[0];
    return { namespace: attr(control, 'namespace'), constructor: attr(control, 'constructor'), properties, resx: resxFiles[0], resxFor };
}

const LANGS = { 1033: 'en-US', 1031: 'de-DE', 1029: 'cs-CZ' };

// What the page varies per user and record: ?lang=<lcid>, ?theme=dark, ?rtl=1, ?disabled=1, no ?id= (a new record).
function pageOptions(query, cfg) {
    const lang = Number(query.get('lang') || 1033);
    return {
        languageId: LANGS[lang] ? lang : 1033,
        locale: LANGS[lang] || 'en-US',
        dark: !!cfg.dark || query.get('theme') === 'dark',
        rtl: query.get('rtl') === '1',
        disabled: !!cfg.disabled || query.get('disabled') === '1',
        newRecord: !query.get('id'),
    };
}

function formConfig(configName, userKey, host, manifest, opts) {
    const cfg = T.CONFIGS[configName],
        user = T.USERS[userKey],
        cloud = T.CLOUDS[cfg.cloud];
    const undocumented = cfg.undocumented !== false;
    const base = `/webresources/cc_${manifest.namespace}.${manifest.constructor}/`;
    const resx = manifest.resxFor ? manifest.resxFor(opts.languageId) : manifest.resx;
    return {
        configName,
        controlName: `${manifest.namespace}.${manifest.constructor}`,
        base,
        resx: resx && base + resx,
        bundle: `${base}bundle.js`,
        properties: manifest.properties,
        controls: cfg.controls,
        columns: cfg.columns || {},
        disabled: opts.disabled,
        dark: opts.dark,
        rtl: opts.rtl,
        languageId: opts.languageId,
        locale: opts.locale,
        xrm: cfg.xrm !== false,
        undocumented,
        org: { host, clientUrl: `https://${host}`, uniqueName: 'unqcontoso', tenantId: T.TENANT_ID, environmentId: cloud.env },
        user: { key: userKey, systemuserid: user.systemuserid, name: user.name, oid: user.oid, canReadWorkflow: user.canReadWorkflow },
        record: opts.newRecord ? { entityTypeName: T.RECORD.entityTypeName, entityId: null, name: null } : T.RECORD,
    };
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
    try {
        manifest = readManifest(controlDir);
    } catch (e) {
        return html(500, `<p data-testid="form-error">No built control in ${esc(controlDir)}: run npm run build. (${esc(e.message)})</p>`);
    }
    const opts = pageOptions(req.query, cfg);
    const data = JSON.stringify(formConfig(configName, userKey, req.host, manifest, opts)).replace(/</g, '\\u003c');
    const title = opts.newRecord ? 'New Account' : T.RECORD.name;
    // Framed by another site, the org's session cookie lives in that site's partition (CHIPS), so the form still works
    // with third-party cookies blocked; Entra's own cookie stays blocked there (docs/platform-facts.md, "MSAL browser").
    const framed = req.headers['sec-fetch-dest'] === 'iframe' && req.headers['sec-fetch-site'] === 'cross-site';
    const cookie = framed ? 'SameSite=None; Partitioned' : 'SameSite=Lax';
    const headers = { 'Set-Cookie': `sandbox_user=${userKey}; Path=/; Secure; HttpOnly; ${cookie}` };
    if (cfg.csp) headers['Content-Security-Policy'] = "script-src 'self'; object-src 'none'; base-uri 'self'";
    return html(
        200,
        `<!doctype html><html lang="${opts.locale.slice(0, 2)}" dir="${opts.rtl ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><title>${esc(title)}: Account - Dynamics 365</title>
<link rel="stylesheet" href="/__sandbox/form.css"></head>
<body class="${opts.dark ? 'dark' : ''}"><header data-testid="form-header"><span>Sales Hub</span> <small>sandbox · ${esc(cfg.cloud)} · ${esc(T.USERS[userKey].name)}</small>
<button type="button" id="form-close" data-testid="form-close">Close form</button></header>
<main><h1 data-testid="form-record-name">${esc(title)}</h1><section id="form-columns" data-testid="form-columns" aria-label="Account columns"></section>
<section id="form-fields" data-testid="form-fields" aria-label="Flow buttons"></section></main>
<script type="application/json" id="sandbox-form-config">${data}</script>
<script src="/__sandbox/vendor.js"></script><script src="/__sandbox/context.js"></script><script src="/__sandbox/host.js"></script>
<script src="/__sandbox/platform.js"></script>
</body></html>`,
        headers,
    );
}

function serveFile(file, extraHeaders = {}) {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return html(404, 'Not found');
    // Model-driven apps send no Cross-Origin-Opener-Policy: the MSAL popup bridge depends on that (docs/platform-facts.md, "MSAL browser").
    return {
        status: 200,
        headers: { 'Content-Type': CONTENT_TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache', ...extraHeaders },
        body: fs.readFileSync(file),
    };
}

/** The form host. platform: 'react16' | 'react17' (default: FLOWINVOKER_PLATFORM, else react16). */
function createFormHost({ controlDir = DEFAULT_CONTROL_DIR, platform: platformName } = {}) {
    const platform = resolvePlatform(platformName);
    let vendorFile;
    return {
        controlDir,
        platform: { name: platform.name, label: platform.label },
        async prepare() {
            vendorFile = await buildVendor(platform);
        },
        handle(state, req) {
            const p = req.path;
            if (req.host === T.EMBEDDER_HOST)
                return { kind: 'embedder', ...embedderPage(state, req, (c) => T.CONFIGS[c] && T.CLOUDS[T.CONFIGS[c].cloud].orgHost) };
            if (p === '/main.aspx' || p === '/') return { kind: 'form', ...mainPage(req, controlDir) };
            if (p === '/__sandbox/vendor.js') return { kind: 'vendor', ...serveFile(vendorFile) };
            if (p === '/__sandbox/platform.js') {
                return { kind: 'host', status: 200, headers: { 'Content-Type': CONTENT_TYPES['.js'], 'Cache-Control': 'no-cache' }, body: PLATFORM_SCRIPT };
            }
            const own = /^\/__sandbox\/(context\.js|host\.js|form\.css)$/.exec(p);
            if (own) return { kind: 'host', ...serveFile(path.join(__dirname, own[1])) };
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

module.exports = { createFormHost, readManifest, resolvePlatform, buildVendor, PLATFORMS, DEFAULT_CONTROL_DIR, ROOT };
