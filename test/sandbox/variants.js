'use strict';
// The platform unknowns the sandbox can play either way (docs/platform-facts.md, "What we could not verify").
// One object per server: `srv.state.variants.<name> = value` in process, or POST https://sandbox.test/__variants
// with { name: value }. state.reset() puts every switch back to its default, so each scenario starts from the same tenant.

const DEFAULTS = {
    // How Dataverse types a non-HTML file declared as a manifest <html> resource: 'script' | 'html-nosniff'.
    webResourceJs: 'script',
    // The org's Content-Security-Policy on the form and on web resources: 'none' | 'strict'.
    csp: 'none',
    // Whether the trigger lets a browser read its response headers (Access-Control-Expose-Headers): true | false.
    triggerExposesHeaders: true,
    // Request headers the trigger's preflight allows: 'ours' (ours and the identity header) | 'minimal' (authorization, content-type).
    triggerAllowHeaders: 'ours',
    // Whether the trigger's preflight carries Access-Control-Max-Age (without it Chromium re-checks after 5 s): true | false.
    triggerPreflightMaxAge: true,
};

const CHOICES = {
    webResourceJs: ['script', 'html-nosniff'],
    csp: ['none', 'strict'],
    triggerExposesHeaders: [true, false],
    triggerAllowHeaders: ['ours', 'minimal'],
    triggerPreflightMaxAge: [true, false],
};

/** A variants object with defaults; `set` refuses unknown names and values, so a typo fails the test that made it. */
function createVariants() {
    const v = {};
    Object.defineProperties(v, {
        set: {
            value(changes) {
                for (const [name, value] of Object.entries(changes || {})) {
                    if (!(name in CHOICES)) throw new Error(`Unknown sandbox variant '${name}'`);
                    if (!CHOICES[name].includes(value)) throw new Error(`Variant '${name}' takes ${CHOICES[name].map((c) => JSON.stringify(c)).join(' | ')}`);
                    v[name] = value;
                }
                return v;
            },
        },
        reset: {
            value() {
                Object.assign(v, DEFAULTS);
            },
        },
    });
    v.reset();
    return v;
}

/** Lets a service module add its own switch (name, default, choices) without editing this file's table. */
function defineVariant(name, defaultValue, choices) {
    if (name in CHOICES) throw new Error(`Variant '${name}' is defined twice`);
    CHOICES[name] = choices;
    DEFAULTS[name] = defaultValue;
}

module.exports = { createVariants, defineVariant, DEFAULTS, CHOICES };

// Strict CSP as an admin turns it on: no inline script, connections and frames only to the org and Microsoft's sign-in
// and app hosts. 'strictWithFlowHosts' is the same after the admin added the trigger hosts (the fix the control names).
const MICROSOFT_HOSTS = 'https://*.microsoftonline.com https://*.microsoftonline.us https://*.microsoft.com https://*.dynamics.com https://*.powerapps.com';
const FLOW_TRIGGER_HOSTS = 'https://*.environment.api.powerplatform.com https://*.logic.azure.com';
function strictCsp(extraConnect) {
    return (
        `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; ` +
        `connect-src 'self' ${MICROSOFT_HOSTS}${extraConnect}; frame-src 'self' ${MICROSOFT_HOSTS}; object-src 'none'; base-uri 'self'`
    );
}
CHOICES.csp.push('strictWithFlowHosts');
// 'strictNoFlowApi': the trigger hosts allowed, but Microsoft's hosts named without *.microsoft.com, so connect-src omits the
// Power Automate API (api.flow.microsoft.com): the chain stops at listCallbackUrl.
const SIGN_IN_HOSTS = 'https://*.microsoftonline.com https://*.microsoftonline.us https://*.dynamics.com https://*.powerapps.com';
const strictCspWithoutFlowApi = () =>
    strictCsp(` ${FLOW_TRIGGER_HOSTS}`).replace(`connect-src 'self' ${MICROSOFT_HOSTS}`, `connect-src 'self' ${SIGN_IN_HOSTS}`);
CHOICES.csp.push('strictNoFlowApi');

const dropHeader = (headers, name) => {
    for (const k of Object.keys(headers)) if (k.toLowerCase() === name) delete headers[k];
};

/**
 * Plays the switches that change how the platform answers, on a finished reply (in place): the form and web resources
 * (type of a .js resource, nosniff, CSP) and the trigger's CORS (exposed headers, allowed request headers, Max-Age).
 */
function playVariants(v, request, result) {
    const headers = result.headers || (result.headers = {});
    if (request.service === 'form' && (result.kind === 'form' || result.kind === 'webresource')) {
        if (result.kind === 'webresource') headers['X-Content-Type-Options'] = 'nosniff'; // as field captures show
        // The manifest's <code> output is served as script; other .js files (declared as <html> resources) may not be.
        if (result.kind === 'webresource' && v.webResourceJs === 'html-nosniff' && /\.js$/i.test(request.path) && !/\/bundle\.js$/i.test(request.path)) {
            dropHeader(headers, 'content-type');
            headers['Content-Type'] = 'text/html; charset=utf-8';
        }
        if (v.csp === 'strictNoFlowApi') headers['Content-Security-Policy'] = strictCspWithoutFlowApi();
        else if (v.csp !== 'none') headers['Content-Security-Policy'] = strictCsp(v.csp === 'strictWithFlowHosts' ? ` ${FLOW_TRIGGER_HOSTS}` : '');
    }
    if (request.service === 'trigger') {
        if (!v.triggerExposesHeaders) dropHeader(headers, 'access-control-expose-headers');
        if (
            request.method === 'OPTIONS' &&
            v.triggerAllowHeaders === 'minimal' &&
            Object.keys(headers).some((k) => /^access-control-allow-headers$/i.test(k))
        ) {
            dropHeader(headers, 'access-control-allow-headers');
            headers['Access-Control-Allow-Headers'] = 'authorization, content-type';
        }
        if (request.method === 'OPTIONS' && !v.triggerPreflightMaxAge) dropHeader(headers, 'access-control-max-age');
    }
    return result;
}

module.exports.playVariants = playVariants;
module.exports.strictCsp = strictCsp;
