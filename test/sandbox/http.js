'use strict';
// Small response helpers shared by the emulators. A service handler returns { status, headers, body, kind }
// and never touches the socket, so the server can record, delay, replace or drop any reply in one place.

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function json(status, body, headers = {}) {
    return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

function html(status, text, headers = {}) {
    return { status, headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers }, body: text };
}

// A whole page without any script, so it works under any Content Security Policy.
function page(status, title, inner, headers = {}) {
    return html(
        status,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:"Segoe UI",sans-serif;margin:2rem;max-width:32rem}button{display:block;width:100%;margin:.5rem 0;
padding:.6rem;text-align:left;background:#fff;border:1px solid #8a8886;cursor:pointer}button:hover{background:#f3f2f1}</style>
</head><body>${inner}</body></html>`,
        headers,
    );
}

function parseCookies(header) {
    const out = {};
    for (const part of String(header || '').split(';')) {
        const i = part.indexOf('=');
        if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
    }
    return out;
}

const CONTENT_TYPES = {
    '.js': 'text/javascript; charset=utf-8',
    '.html': 'text/html; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json; charset=utf-8',
    '.resx': 'text/xml; charset=utf-8',
    '.xml': 'text/xml; charset=utf-8',
    '.png': 'image/png',
    '.svg': 'image/svg+xml',
    '.map': 'application/json',
};

module.exports = { esc, json, html, page, parseCookies, CONTENT_TYPES };
