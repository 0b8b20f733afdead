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
        set: { value(changes) {
            for (const [name, value] of Object.entries(changes || {})) {
                if (!(name in CHOICES)) throw new Error(`Unknown sandbox variant '${name}'`);
                if (!CHOICES[name].includes(value)) throw new Error(`Variant '${name}' takes ${CHOICES[name].map((c) => JSON.stringify(c)).join(' | ')}`);
                v[name] = value;
            }
            return v;
        } },
        reset: { value() { Object.assign(v, DEFAULTS); } },
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
