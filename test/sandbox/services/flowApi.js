'use strict';
// Power Automate API (api.flow.microsoft.com and the sovereign hosts): listCallbackUrl only (docs/platform-facts.md, "The chain", "Token audience and scope", "Trigger answers").
// Validates the bearer as the service does: our signature, exact audience of this host's cloud, a delegated token.

const T = require('../tenant');
const { json } = require('../http');
const { verify, bearerOf } = require('./tokens');
const { callbackUrlFor } = require('./trigger');
const { defineVariant } = require('../variants');

// Whether listCallbackUrl answers users who neither own the flow nor co-own it is undocumented (docs/platform-facts.md, "What we could not verify without a tenant"):
// 'anyone' (default) gives every signed-in user the URL; 'ownersOnly' answers 403 to everyone but the owner and co-owners.
defineVariant('listCallbackUrl', 'anyone', ['anyone', 'ownersOnly']);

const ROUTE = /^\/providers\/Microsoft\.ProcessSimple\/environments\/([^/]+)\/flows\/([^/]+)\/triggers\/([^/]+)\/listCallbackUrl$/i;
const ORG_ORIGINS = new Set(Object.values(T.CLOUDS).map((c) => `https://${c.orgHost}`));
const fail = (status, code, message) => json(status, { error: { code, message } });

// CORS is not documented for this API (docs/platform-facts.md, "Trigger answers"); the emulator allows the org origins and nothing else.
function cors(req) {
    const o = req.headers.origin;
    return o && ORG_ORIGINS.has(o) ? { 'Access-Control-Allow-Origin': o, Vary: 'Origin' } : {};
}

// Whether this API accepts an aud without the trailing slash is not documented (docs/platform-facts.md, "Token audience and scope" only says the trigger
// matches exactly). Default: exact, like the trigger; fault variant `lenientAudience` plays an API that accepts both.
// Returns { rejected } as the service answers, or { claims } of an accepted caller.
async function checkToken(state, req, cloud, fault) {
    const { token } = bearerOf(req.headers);
    if (!token) return { rejected: fail(401, 'InvalidAuthenticationToken', 'The access token is missing.') };
    const v = await verify(state.keys, token);
    if (v.error) return { rejected: fail(401, 'InvalidAuthenticationToken', `The access token is invalid (${v.error}).`) };
    const c = v.claims;
    const audOk = c.aud === cloud.audience || (fault?.lenientAudience && c.aud === cloud.audience.replace(/\/$/, ''));
    if (!audOk) return { rejected: fail(401, 'InvalidAuthenticationToken', `The access token has an invalid audience '${c.aud}'.`) };
    if (c.tid !== T.TENANT_ID || c.iss !== cloud.issuer)
        return { rejected: fail(401, 'InvalidAuthenticationToken', 'The access token is from the wrong issuer.') };
    // App-only tokens carry roles, not scp (Hajek, docs/platform-facts.md, "Token audience and scope").
    if (!c.scp) return { rejected: fail(403, 'ClientScopeAuthorizationFailed', 'The x-ms-client-scope header must not be null or empty.') };
    return { claims: c };
}

const ownsFlow = (flow, oid) => [flow.owner, ...flow.coOwners].some((key) => T.USERS[key].oid === oid);

async function listCallbackUrl(state, req, cloudName, m, fault) {
    const cloud = T.CLOUDS[cloudName];
    if (!req.query.get('api-version'))
        return fail(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
    const { rejected, claims } = await checkToken(state, req, cloud, fault);
    if (rejected) return rejected;
    const [, env, flowName, triggerName] = m.map(decodeURIComponent);
    // Not in the facts; the code is the one the admin APIs use for an unknown environment.
    if (env.toLowerCase() !== cloud.env.toLowerCase())
        return fail(403, 'EnvironmentAccessDenied', `The environment '${env}' could not be found in the tenant '${T.TENANT_ID}'.`);
    const flow = Object.values(T.FLOWS).find((f) => f.cloud === cloudName && f.inFlowApi && f.category === 5 && f.resourceid === flowName.toLowerCase());
    if (!flow) return fail(404, 'FlowNotFound', `Could not find flow '${flowName}'.`);
    // The code and message of this refusal are not known either: a plausible 403 (the control must not depend on them).
    if (state.variants.listCallbackUrl === 'ownersOnly' && !ownsFlow(flow, claims.oid)) {
        return fail(
            403,
            'Forbidden',
            `The caller with object id '${claims.oid}' does not have permission to perform action 'listCallbackUrl' on flow '${flowName}'.`,
        );
    }
    if (!flow.trigger || flow.trigger.key.toLowerCase() !== triggerName.toLowerCase()) {
        return fail(404, 'WorkflowTriggerNotFound', `The workflow '${flow.logicAppId}' trigger '${triggerName}' could not be found.`);
    }
    // A trigger that is not Request/Http (Button included), and reportedly a stopped Http flow (docs/platform-facts.md, "What we could not verify without a tenant").
    if (flow.trigger.kind !== 'Http' || flow.statecode !== 1) {
        return fail(
            400,
            'ListCallbackUrlOperationBlocked',
            `The list callback url operation is blocked for triggers of type '${T.triggerTypeOf(flow.trigger)}'.`,
        );
    }
    const url = callbackUrlFor(flow);
    // Default: the `response` wrapper (docs/platform-facts.md, "Trigger answers"); fault `shape: 'bare'` gives the bare shape some callers see.
    return json(200, fault?.shape === 'bare' ? url : { response: url, httpStatusCode: 'OK' });
}

async function handle(state, req, fault) {
    const cloudName = Object.keys(T.CLOUDS).find((k) => T.CLOUDS[k].flowApiHost === req.host);
    if (req.method === 'OPTIONS') {
        return {
            kind: 'preflight',
            status: 200,
            headers: {
                ...cors(req),
                'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
                'Access-Control-Allow-Headers': 'authorization, content-type',
                'Access-Control-Max-Age': '600',
            },
        };
    }
    const m = ROUTE.exec(req.path);
    const r = !m
        ? fail(404, 'NotFound', `The requested resource '${req.path}' does not exist.`)
        : req.method !== 'POST'
          ? fail(405, 'MethodNotAllowed', `The requested resource does not support http method '${req.method}'.`)
          : await listCallbackUrl(state, req, cloudName, m, fault);
    return { kind: 'listCallbackUrl', ...r, headers: { ...r.headers, ...cors(req) } };
}

module.exports = { handle };
