'use strict';
// Entra ID v2 endpoints for the fixture tenant (docs/platform-facts.md, "Token audience and scope", "MSAL browser", "Driving real MSAL against an emulated Entra"): discovery, authorize with an account
// picker and a session cookie, token (authorization_code, refresh_token, client_credentials), keys.

const crypto = require('crypto');
const T = require('../tenant');
const { sign, randomId, guid } = require('./tokens');
const { html, page, esc, json } = require('../http');

const OIDC = new Set(['openid', 'profile', 'offline_access', 'email']);
const FLOW_PERMISSIONS = ['User']; // delegated permissions the tenant consented to for the flow service (docs/platform-facts.md, "Token audience and scope")
const GRAPH = 'https://graph.microsoft.com';
const SESSION_COOKIE = 'ESTSAUTHPERSISTENT';

const cloudsOfHost = (host) => Object.entries(T.CLOUDS).filter(([, c]) => c.authorityHost === host);
const appByClientId = (id) => Object.values(T.APPS).find((a) => a.clientId === id);
const userByKey = (k) => T.USERS[k];
const validTenant = (t) => [T.TENANT_ID, T.TENANT_DOMAIN, 'common', 'organizations'].includes(t.toLowerCase());

// AADSTS error in Entra's JSON shape.
function aadError(status, error, code, text, extra = {}) {
    const trace = guid(),
        corr = guid(),
        ts = new Date()
            .toISOString()
            .replace('T', ' ')
            .replace(/\.\d+Z/, 'Z');
    const desc = `AADSTS${code}: ${text} Trace ID: ${trace} Correlation ID: ${corr} Timestamp: ${ts}`;
    return json(
        status,
        {
            error,
            error_description: desc,
            error_codes: [code],
            timestamp: ts,
            trace_id: trace,
            correlation_id: corr,
            error_uri: `https://login.microsoftonline.com/error?code=${code}`,
            ...extra,
        },
        CORS,
    );
}
const CORS = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' };

/**
 * Resolve the request's scopes as Entra does: one resource; resource = everything before the LAST '/' of a scope,
 * so `https://service.flow.microsoft.com//.default` → `https://service.flow.microsoft.com/` (docs/platform-facts.md, "Token audience and scope").
 */
function resolveScopes(scopeParam, host, { forAuthorize = false } = {}) {
    const scopes = String(scopeParam || '')
        .split(/\s+/)
        .filter(Boolean);
    const resourceScopes = scopes.filter((s) => !OIDC.has(s));
    if (resourceScopes.length === 0) return { resource: GRAPH, perms: ['User.Read'], graph: true, scopes };
    const resourceOf = (s) => (s.includes('/') ? s.slice(0, s.lastIndexOf('/')) : GRAPH);
    const resources = [...new Set(resourceScopes.map(resourceOf))];
    // The authorize request may name several resources (MSAL's extraScopesToConsent: consent to all at once); a token
    // is issued for one resource only.
    if (resources.length > 1 && !forAuthorize)
        return { error: [400, 'invalid_request', 28000, 'Provide value for the input parameter scope. Only one resource may be requested per request.'] };
    const each = resources.map((resource) =>
        resolveResource(
            resource,
            resourceScopes.filter((s) => resourceOf(s) === resource),
            host,
        ),
    );
    const bad = each.find((r) => r.error);
    if (bad) return bad;
    return { ...each[0], scopes, others: each.slice(1) };
}

function resolveResource(resource, resourceScopes, host) {
    if (resource === GRAPH) return { resource, perms: ['User.Read'], graph: true };
    const asked = resourceScopes.map((s) => s.slice(s.lastIndexOf('/') + 1));
    // The echo of `scope`: granted permissions plus the requested `.default`, as real Entra gives it (docs/platform-facts.md, "Driving real MSAL against an emulated Entra").
    const echoOf = (perms) => [...perms.map((p) => `${resource}/${p}`), ...(asked.includes('.default') ? [`${resource}/.default`] : [])].join(' ');
    if (resource === T.MAKER_API.identifierUri) {
        // the maker's own API: its Expose-an-API scopes
        const unknown = asked.find((p) => p !== '.default' && !T.MAKER_API.scopes.includes(p));
        if (unknown)
            return {
                error: [
                    400,
                    'invalid_scope',
                    65005,
                    `The application asked for scope '${unknown}' that doesn't exist on the resource '${T.MAKER_API.clientId}'.`,
                ],
            };
        const perms = asked.includes('.default') ? T.MAKER_API.scopes : asked;
        return { resource, perms, api: T.MAKER_API, echo: echoOf(perms) };
    }
    const cloud = cloudsOfHost(host).find(([, c]) => c.audience.replace(/\/$/, '') === resource.replace(/\/$/, ''));
    if (!cloud)
        return {
            error: [
                400,
                'invalid_resource',
                500011,
                `The resource principal named ${resource} was not found in the tenant named ${T.TENANT_NAME}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
            ],
        };
    const bad = asked.find((p) => p !== '.default' && !FLOW_PERMISSIONS.includes(p));
    if (bad)
        return {
            error: [400, 'invalid_scope', 65005, `The application asked for scope '${bad}' that doesn't exist on the resource '${T.FLOW_SERVICE_APP_ID}'.`],
        };
    const perms = asked.includes('.default') ? FLOW_PERMISSIONS : asked;
    return { resource, perms, cloud: cloud[0], echo: echoOf(perms) };
}

// Consent: the flow service for apps with `consent`, the maker's API for apps that list it in consentedApis.
function consented(app, resolved) {
    const all = [resolved, ...(resolved.others || [])];
    return all.every((r) => r.graph || (r.api ? (app.consentedApis || []).includes(r.resource) : app.consent));
}

async function issueTokens(state, { app, user, resolved, host, nonce, origin }) {
    const now = Math.floor(Date.now() / 1000),
        life = state.tokenLifetimeSec;
    const cloud = resolved.cloud ? T.CLOUDS[resolved.cloud] : cloudsOfHost(host)[0][1];
    const userClaims = user.guest
        ? { unique_name: user.email, email: user.email, idp: `https://sts.windows.net/${user.homeTenant}/` } // no upn for guests
        : { upn: user.upn, unique_name: user.upn };
    const access = {
        aud: resolved.resource,
        iss: cloud.issuer,
        iat: now,
        nbf: now,
        exp: now + life,
        appid: app.clientId,
        appidacr: '0',
        family_name: user.name.split(' ')[1],
        given_name: user.name.split(' ')[0],
        name: user.name,
        oid: user.oid,
        scp: resolved.perms.join(' '),
        sub: crypto
            .createHash('sha256')
            .update(user.oid + resolved.resource)
            .digest('base64url')
            .slice(0, 43),
        tid: T.TENANT_ID,
        ver: '1.0',
        ...userClaims,
    };
    const idToken = {
        aud: app.clientId,
        iss: `https://${host}/${T.TENANT_ID}/v2.0`,
        iat: now,
        nbf: now,
        exp: now + life,
        name: user.name,
        oid: user.oid,
        preferred_username: user.guest ? user.email : user.upn,
        sub: user.oid,
        tid: T.TENANT_ID,
        ver: '2.0',
        login_hint: Buffer.from(`O.${user.oid}.${T.TENANT_ID}`).toString('base64url'),
        ...(nonce ? { nonce } : {}),
    };
    const refreshToken = `1.sandbox.${randomId(48)}`;
    state.refreshTokens.set(refreshToken, { clientId: app.clientId, userKey: user.key, spa: !!origin });
    const accessToken = await sign(state.keys, access),
        idTokenJwt = await sign(state.keys, idToken);
    // Every secret handed out, so tests can look for it where it must never appear (DOM, console, storage).
    state.secrets.push({ kind: 'access_token', value: accessToken }, { kind: 'refresh_token', value: refreshToken }, { kind: 'id_token', value: idTokenJwt });
    return {
        token_type: 'Bearer',
        scope: resolved.graph ? 'openid profile email User.Read' : resolved.echo,
        expires_in: life,
        ext_expires_in: life,
        access_token: accessToken,
        refresh_token: refreshToken,
        refresh_token_expires_in: 86399,
        id_token: idTokenJwt,
        client_info: Buffer.from(JSON.stringify({ uid: user.oid, utid: T.TENANT_ID })).toString('base64url'),
    };
}

// --- authorize -------------------------------------------------------------------------------------------
function redirectWith(q, params) {
    const sep = q.get('response_mode') === 'query' ? (q.get('redirect_uri').includes('?') ? '&' : '?') : '#';
    const all = new URLSearchParams({ ...params, ...(q.get('state') ? { state: q.get('state') } : {}) });
    return { status: 302, headers: { Location: q.get('redirect_uri') + sep + all.toString() } };
}

function authorizeError(q, error, code, text) {
    return redirectWith(q, {
        error,
        error_description: `AADSTS${code}: ${text} Trace ID: ${guid()} Correlation ID: ${guid()}`,
        error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    });
}

// Checks that show a page instead of redirecting (the redirect URI cannot be trusted yet), then the rest.
function checkAuthorize(q, host) {
    const app = appByClientId(q.get('client_id'));
    if (!app)
        return {
            page: [
                700016,
                `Application with identifier '${esc(q.get('client_id'))}' was not found in the directory '${T.TENANT_NAME}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
            ],
        };
    if (!app.spaRedirectUris.includes(q.get('redirect_uri')))
        return {
            page: [
                50011,
                `The redirect URI '${esc(q.get('redirect_uri'))}' specified in the request does not match the redirect URIs configured for the application '${app.clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`,
            ],
        };
    if (q.get('response_type') !== 'code')
        return { redirect: ['unsupported_response_type', 700054, "response_type 'id_token' is not enabled for the application."] };
    if (!q.get('code_challenge') || q.get('code_challenge_method') !== 'S256')
        return { redirect: ['invalid_request', 9002325, 'Proof Key for Code Exchange is required for cross-origin authorization code redemption.'] };
    const resolved = resolveScopes(q.get('scope'), host, { forAuthorize: true });
    if (resolved.error) return { redirect: [resolved.error[1], resolved.error[2], resolved.error[3]] };
    return { app, resolved };
}

function sessionOf(state, req) {
    const sid = req.cookies[SESSION_COOKIE];
    return sid && state.sessions.get(sid);
}

// Finish a sign-in for `userKey`: consent check, then a code back to the redirect URI.
function complete(state, q, app, resolved, userKey, extraHeaders = {}) {
    if (!consented(app, resolved)) {
        return authorizeError(
            q,
            'consent_required',
            65001,
            `The user or administrator has not consented to use the application with ID '${app.clientId}' named '${app.name}'. Send an interactive authorization request for this user and resource.`,
        );
    }
    const code = `1.sandbox.${randomId(64)}`;
    state.codes.set(code, {
        clientId: app.clientId,
        redirectUri: q.get('redirect_uri'),
        scope: q.get('scope'),
        challenge: q.get('code_challenge'),
        nonce: q.get('nonce'),
        userKey,
        exp: Date.now() + 600000,
        used: false,
    });
    const user = userByKey(userKey);
    const params = { code, session_state: guid() };
    if (q.get('client_info') === '1') params.client_info = Buffer.from(JSON.stringify({ uid: user.oid, utid: T.TENANT_ID })).toString('base64url');
    const r = redirectWith(q, params);
    Object.assign(r.headers, extraHeaders);
    return r;
}

function userForHint(hint) {
    if (!hint) return null;
    const h = hint.toLowerCase();
    return Object.entries(T.USERS).find(([, u]) => [u.upn, u.email].filter(Boolean).some((x) => x.toLowerCase() === h))?.[0];
}

function authorize(state, req) {
    const q = req.query;
    const checked = checkAuthorize(q, req.host);
    if (checked.page) return page(400, 'Sign in', `<p data-testid="entra-error">AADSTS${checked.page[0]}: ${checked.page[1]}</p>`);
    if (checked.redirect) return authorizeError(q, ...checked.redirect);
    const session = sessionOf(state, req);
    const signedIn = session ? [...session.users] : [];
    const hinted = userForHint(q.get('login_hint'));
    const prompt = q.get('prompt');
    if (prompt === 'none') {
        const who = hinted ? signedIn.find((k) => k === hinted) : signedIn.length === 1 ? signedIn[0] : null;
        if (!who)
            return authorizeError(
                q,
                'login_required',
                50058,
                "A silent sign-in request was sent but no user is signed in. The cookies used to represent the user's session were not sent in the request to Azure AD.",
            );
        return complete(state, q, checked.app, checked.resolved, who);
    }
    // A session for the hinted user is single sign-on unless the app asks for the picker.
    if (hinted && signedIn.includes(hinted) && prompt !== 'login' && prompt !== 'select_account') {
        return complete(state, q, checked.app, checked.resolved, hinted);
    }
    return signInPage(req, q, hinted);
}

function signInPage(req, q, hinted) {
    const buttons = Object.entries(T.USERS)
        .map(
            ([key, u]) =>
                `<button type="submit" name="user" value="${key}" data-testid="signin-user-${esc(u.upn)}"${key === hinted ? ' autofocus' : ''}>` +
                `<b>${esc(u.name)}</b><br><small>${esc(u.guest ? u.email : u.upn)}</small></button>`,
        )
        .join('\n');
    return page(
        200,
        'Sign in to your account',
        `<h1>Pick an account</h1><p>${esc(T.TENANT_NAME)} (sandbox)</p>
<form method="post" action="/${T.TENANT_ID}/login" data-testid="signin-form">
<input type="hidden" name="q" value="${esc(q.toString())}">${buttons}</form>`,
    );
}

// The picker posts here: remember the user in the session cookie, then finish as authorize would.
function signIn(state, req) {
    const form = new URLSearchParams(req.body.toString());
    const q = new URLSearchParams(form.get('q') || '');
    const userKey = form.get('user');
    const checked = checkAuthorize(q, req.host);
    if (!userByKey(userKey) || checked.page || checked.redirect)
        return page(400, 'Sign in', '<p data-testid="entra-error">AADSTS900144: The request body must contain the following parameter: \'user\'.</p>');
    let sid = req.cookies[SESSION_COOKIE];
    if (!sid || !state.sessions.has(sid)) {
        sid = randomId(24);
        state.sessions.set(sid, { users: new Set() });
    }
    state.sessions.get(sid).users.add(userKey);
    const cookie = `${SESSION_COOKIE}=${sid}; Path=/; Secure; HttpOnly; SameSite=None`;
    return complete(state, q, checked.app, checked.resolved, userKey, { 'Set-Cookie': cookie });
}

// --- token -----------------------------------------------------------------------------------------------
async function token(state, req, fault) {
    const f = new URLSearchParams(req.body.toString());
    // Fault variant: play an app configured with the single-slash scope (`<audience>.default` minus one slash), so
    // Entra's own rule below yields an aud without the trailing slash (docs/platform-facts.md, "Token audience and scope").
    if (fault?.singleSlashScope && f.get('scope')) f.set('scope', f.get('scope').replace(/\/\/\.default/g, '/.default'));
    const app = appByClientId(f.get('client_id'));
    if (!app)
        return aadError(
            400,
            'unauthorized_client',
            700016,
            `Application with identifier '${f.get('client_id')}' was not found in the directory '${T.TENANT_NAME}'.`,
        );
    const origin = req.headers.origin;
    const grant = f.get('grant_type');
    if (grant === 'client_credentials') return clientCredentials(state, req, app, f);
    // Tokens for SPA redirect URIs may only be redeemed cross-origin (docs/platform-facts.md, "Driving real MSAL against an emulated Entra").
    if (!origin)
        return aadError(
            400,
            'invalid_request',
            9002327,
            "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
        );
    let userKey,
        scope = f.get('scope'),
        nonce;
    if (grant === 'authorization_code') {
        const c = state.codes.get(f.get('code') || '');
        if (!c || c.clientId !== app.clientId) return aadError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
        if (c.used)
            return aadError(
                400,
                'invalid_grant',
                54005,
                'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
            );
        if (c.exp < Date.now())
            return aadError(
                400,
                'invalid_grant',
                70008,
                'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
            );
        if (f.get('redirect_uri') !== c.redirectUri)
            return aadError(400, 'invalid_grant', 50148, 'The redirect_uri does not match the one used in the authorization request.');
        const verifier = f.get('code_verifier') || '';
        if (crypto.createHash('sha256').update(verifier).digest('base64url') !== c.challenge)
            return aadError(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
        c.used = true;
        ({ userKey, nonce } = c);
        scope = scope || c.scope;
    } else if (grant === 'refresh_token') {
        const rt = state.refreshTokens.get(f.get('refresh_token') || '');
        if (!rt || rt.clientId !== app.clientId) return aadError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
        userKey = rt.userKey;
    } else {
        return aadError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`);
    }
    const resolved = resolveScopes(scope, req.host);
    if (resolved.error) return aadError(...resolved.error);
    if (!consented(app, resolved))
        return aadError(
            400,
            'invalid_grant',
            65001,
            `The user or administrator has not consented to use the application with ID '${app.clientId}' named '${app.name}'. Send an interactive authorization request for this user and resource.`,
            { suberror: 'consent_required' },
        );
    const user = { ...userByKey(userKey), key: userKey };
    return json(200, await issueTokens(state, { app, user, resolved, host: req.host, nonce, origin }), CORS);
}

// App-only tokens (no scp, roles instead): only for testing that the flow API refuses them.
async function clientCredentials(state, req, app, f) {
    if (!app.secret || f.get('client_secret') !== app.secret) return aadError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
    const resolved = resolveScopes(f.get('scope'), req.host);
    if (resolved.error) return aadError(...resolved.error);
    const now = Math.floor(Date.now() / 1000),
        cloud = T.CLOUDS[resolved.cloud || 'Public'];
    const access = {
        aud: resolved.resource,
        iss: cloud.issuer,
        iat: now,
        nbf: now,
        exp: now + state.tokenLifetimeSec,
        appid: app.clientId,
        appidacr: '1',
        idtyp: 'app',
        oid: guid(),
        roles: ['Flows.Read.All'],
        sub: app.clientId,
        tid: T.TENANT_ID,
        ver: '1.0',
    };
    return json(
        200,
        { token_type: 'Bearer', expires_in: state.tokenLifetimeSec, ext_expires_in: state.tokenLifetimeSec, access_token: await sign(state.keys, access) },
        CORS,
    );
}

// --- discovery -------------------------------------------------------------------------------------------
function openidConfiguration(host, tenant) {
    const b = `https://${host}/${tenant}`;
    return json(
        200,
        {
            token_endpoint: `${b}/oauth2/v2.0/token`,
            token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
            jwks_uri: `${b}/discovery/v2.0/keys`,
            response_modes_supported: ['query', 'fragment', 'form_post'],
            subject_types_supported: ['pairwise'],
            id_token_signing_alg_values_supported: ['RS256'],
            response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
            scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
            issuer: `https://${host}/${T.TENANT_ID}/v2.0`,
            request_uri_parameter_supported: false,
            userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
            authorization_endpoint: `${b}/oauth2/v2.0/authorize`,
            device_authorization_endpoint: `${b}/oauth2/v2.0/devicecode`,
            http_logout_supported: true,
            frontchannel_logout_supported: true,
            end_session_endpoint: `${b}/oauth2/v2.0/logout`,
            claims_supported: [
                'sub',
                'iss',
                'aud',
                'exp',
                'iat',
                'auth_time',
                'acr',
                'nonce',
                'preferred_username',
                'name',
                'tid',
                'ver',
                'at_hash',
                'c_hash',
                'email',
            ],
            kerberos_endpoint: `${b}/kerberos`,
            tenant_region_scope: 'NA',
            cloud_instance_name: host.replace(/^login\./, ''),
            cloud_graph_host_name: 'graph.windows.net',
            msgraph_host: 'graph.microsoft.com',
            rbac_url: 'https://pas.windows.net',
        },
        CORS,
    );
}

// Instance discovery as login.microsoftonline.com answers it (cloud aliases).
function instanceDiscovery(host) {
    return json(
        200,
        {
            tenant_discovery_endpoint: `https://${host}/${T.TENANT_ID}/v2.0/.well-known/openid-configuration`,
            'api-version': '1.1',
            metadata: [
                {
                    preferred_network: 'login.microsoftonline.com',
                    preferred_cache: 'login.windows.net',
                    aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
                },
                {
                    preferred_network: 'login.partner.microsoftonline.cn',
                    preferred_cache: 'login.partner.microsoftonline.cn',
                    aliases: ['login.partner.microsoftonline.cn', 'login.chinacloudapi.cn'],
                },
                {
                    preferred_network: 'login.microsoftonline.us',
                    preferred_cache: 'login.microsoftonline.us',
                    aliases: ['login.microsoftonline.us', 'login.usgovcloudapi.net'],
                },
            ],
        },
        CORS,
    );
}

const ROUTE = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/authorize|oauth2\/v2\.0\/token|discovery\/v2\.0\/keys|login)$/;

async function handle(state, req, fault) {
    if (req.path === '/common/discovery/instance') return { kind: 'instance', ...instanceDiscovery(req.host) };
    const m = ROUTE.exec(req.path);
    if (!m) return html(404, 'Not found');
    const [, tenant, what] = m;
    if (!validTenant(tenant))
        return aadError(
            400,
            'invalid_tenant',
            90002,
            `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        );
    if (req.method === 'OPTIONS')
        return {
            kind: 'preflight',
            status: 204,
            headers: {
                ...CORS,
                'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
                'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || '',
            },
        };
    if (what.endsWith('openid-configuration')) return { kind: 'openid-configuration', ...openidConfiguration(req.host, tenant) };
    if (what.endsWith('keys')) return { kind: 'keys', ...json(200, { keys: [state.keys.jwk] }, CORS) };
    if (what.endsWith('authorize')) return { kind: 'authorize', ...authorize(state, req) };
    if (what === 'login' && req.method === 'POST') return { kind: 'signin', ...signIn(state, req) };
    if (what.endsWith('token') && req.method === 'POST') return { kind: 'token', ...(await token(state, req, fault)) };
    return html(405, 'Method not allowed');
}

module.exports = { handle, resolveScopes, SESSION_COOKIE };
