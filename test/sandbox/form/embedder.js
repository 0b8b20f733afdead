'use strict';
// Another site that shows the model-driven form in an iframe (a portal, an intranet page, Teams): the app is then framed
// cross-origin (docs/platform-facts.md, "MSAL browser", cross-origin frame). Switch `embeddingFrame` says how the
// embedder's iframe treats popups; the page itself runs no script.

const { defineVariant } = require('../variants');
const { html, esc } = require('../http');

// The iframe's sandbox attribute per switch value (null: no attribute). The form needs scripts, its own origin and forms.
const FRAMES = {
    // No sandbox attribute: the sign-in window is an ordinary popup.
    plain: null,
    // Sandboxed, but popups allowed and let out of the sandbox (what an embedder that wants sign-in to work sets).
    popupsEscape: 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox',
    // Popups allowed but still sandboxed: the sign-in window inherits the frame's restrictions.
    popupsSandboxed: 'allow-scripts allow-same-origin allow-forms allow-popups',
    // No allow-popups: window.open gives nothing, as a popup blocker does.
    noPopups: 'allow-scripts allow-same-origin allow-forms',
};
defineVariant('embeddingFrame', 'plain', Object.keys(FRAMES));
// The embedder page's Cross-Origin-Opener-Policy: 'none' | 'same-origin-allow-popups' | 'same-origin'.
const COOPS = ['none', 'same-origin-allow-popups', 'same-origin'];
defineVariant('embedderOpenerPolicy', 'none', COOPS);

/** The embedder's page: /embed?<the form page's query>; the iframe shows that form on its org host. */
function embedderPage(state, req, orgHostOf) {
    const q = new URLSearchParams(req.query);
    const orgHost = orgHostOf(q.get('config') || 'default');
    if (req.path !== '/embed' || !orgHost) return html(404, 'Not found');
    const sandbox = FRAMES[state.variants.embeddingFrame];
    const attr = sandbox === null ? '' : ` sandbox="${esc(sandbox)}"`;
    const coop = state.variants.embedderOpenerPolicy;
    const headers = coop === 'none' ? {} : { 'Cross-Origin-Opener-Policy': coop };
    return html(
        200,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Contoso intranet</title>
<link rel="stylesheet" href="https://${esc(orgHost)}/__sandbox/form.css"></head>
<body class="embedder"><header data-testid="embedder-header"><span>Contoso intranet</span> <small>sandbox · embeds the app · frame: ${esc(
            state.variants.embeddingFrame,
        )}</small></header>
<iframe data-testid="embedded-app" title="Sales Hub" src="https://${esc(orgHost)}/main.aspx?${esc(q.toString())}"${attr}></iframe>
</body></html>`,
        headers,
    );
}

module.exports = { embedderPage, FRAMES, COOPS };
