'use strict';
// Talking to a started sandbox from Node under the production hostnames (no browser): requests go to
// 127.0.0.1:<port> with the right SNI and Host, as Chromium's host-resolver-rules make them.

const https = require('https');
const crypto = require('crypto');
const T = require('./tenant');

function request(srv, url, { method = 'GET', headers = {}, body } = {}) {
    const u = new URL(url);
    const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
        const req = https.request(
            {
                host: '127.0.0.1',
                port: srv.port,
                servername: u.hostname,
                path: u.pathname + u.search,
                method,
                rejectUnauthorized: false,
                headers: { host: u.hostname, ...headers, ...(data ? { 'content-length': Buffer.byteLength(data) } : {}) },
            },
            (res) => {
                const chunks = [];
                res.on('error', reject); // the connection died mid-body
                res.on('aborted', () => reject(new Error('response aborted')));
                res.on('data', (c) => chunks.push(c));
                res.on('end', () => {
                    const text = Buffer.concat(chunks).toString();
                    let json = null;
                    try {
                        json = JSON.parse(text);
                    } catch {
                        /* not JSON */
                    }
                    resolve({ status: res.statusCode, headers: res.headers, text, json });
                });
            },
        );
        req.on('error', reject);
        if (data) req.write(data);
        req.end();
    });
}

const form = (o) => new URLSearchParams(o).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const decode = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

/**
 * Sign in as a user the way MSAL's popup does (authorize → account picker → code → token with PKCE and Origin).
 * Returns the token response. Options: cloud, scope, clientId, origin.
 */
async function signIn(srv, userKey, { cloud = 'Public', scope, clientId = T.APPS.flowinvoker.clientId, origin } = {}) {
    const c = T.CLOUDS[cloud];
    const redirectUri = `https://${c.orgHost}${T.REDIRECT_PATH}`;
    const verifier = crypto.randomBytes(32).toString('base64url');
    const q = {
        client_id: clientId,
        redirect_uri: redirectUri,
        response_type: 'code',
        response_mode: 'fragment',
        scope: scope || `${c.audience}/.default openid profile offline_access`,
        state: 'st',
        nonce: 'nn',
        client_info: '1',
        code_challenge: crypto.createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
    };
    const base = `https://${c.authorityHost}/${T.TENANT_ID}`;
    const picker = await request(srv, `${base}/oauth2/v2.0/authorize?${form(q)}`);
    if (picker.status !== 200) return { authorize: picker };
    const done = await request(srv, `${base}/login`, { method: 'POST', headers: FORM, body: form({ q: form(q), user: userKey }) });
    const fragment = new URLSearchParams(new URL(done.headers.location).hash.slice(1));
    if (!fragment.get('code')) return { redirect: fragment, cookie: done.headers['set-cookie'] };
    const token = await request(srv, `${base}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { ...FORM, ...(origin === null ? {} : { origin: origin || `https://${c.orgHost}` }) },
        body: form({
            client_id: clientId,
            grant_type: 'authorization_code',
            code: fragment.get('code'),
            redirect_uri: redirectUri,
            code_verifier: verifier,
            scope: q.scope,
        }),
    });
    return { token, fragment, cookie: done.headers['set-cookie'] };
}

function listCallbackUrl(srv, flowKey, accessToken, { trigger } = {}) {
    const f = T.FLOWS[flowKey],
        c = T.CLOUDS[f.cloud];
    return request(
        srv,
        `https://${c.flowApiHost}/providers/Microsoft.ProcessSimple/environments/${c.env}/flows/${f.resourceid}/triggers/${trigger || (f.trigger && f.trigger.key) || 'manual'}/listCallbackUrl?api-version=1`,
        { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, origin: `https://${c.orgHost}` } },
    );
}

module.exports = { request, signIn, listCallbackUrl, decode, form, FORM };
