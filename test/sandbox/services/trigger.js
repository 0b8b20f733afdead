'use strict';
// "When an HTTP request is received" (docs/platform-facts.md, "Token audience and scope", "Trigger answers"): the trigger URL the flow API hands out, the token
// checks the service makes (signature, exact aud with trailing slash, iss, tid; oid/upn for "Specific users"),
// "Anyone" (sig=) URLs, Response action or 202, run headers, CORS. Every accepted call is recorded as a run.

const crypto = require('crypto');
const T = require('../tenant');
const { json } = require('../http');
const { verify, bearerOf, guid } = require('./tokens');
const { defineVariant } = require('../variants');

// The status of MisMatchingOAuthClaims for a user not on "Specific users": reports differ (docs/platform-facts.md, "What we could not verify without a tenant").
defineVariant('triggerNotAllowedStatus', 403, [403, 401]);

const RUN_HEADERS = [
    'x-ms-workflow-run-id',
    'x-ms-correlation-id',
    'x-ms-client-tracking-id',
    'x-ms-tracking-id',
    'x-ms-request-id',
    'x-ms-trigger-history-name',
    'x-ms-workflow-name',
];
const MISMATCH = 'One or more claims either missing or does not match with the open authentication access control policy.';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const isPublicStyle = (cloud) => !T.CLOUDS[cloud].triggerHost;
const IDENTITY_HEADER = 'x-flowinvoker-identity';
// Emulated time for asynchronous Responses: one real second is ASYNC_TIME_SCALE emulated ones (state.asyncTimeScale overrides),
// so a flow that answers after 3 minutes answers after 3 s here.
const ASYNC_TIME_SCALE = 60;
const asyncOps = new Map();

// The bigResponse flow's Response body: about 1 MB of JSON, the same every time, with one value 6 levels deep.
let bigBody;
function bigResponse() {
    if (bigBody) return bigBody;
    const orders = Array.from({ length: 2250 }, (_, i) => ({
        orderId: `ORD-${String(i).padStart(5, '0')}`,
        customer: `Customer ${i % 97}`,
        total: Math.round(((i * 37.11) % 10000) * 100) / 100,
        status: ['Open', 'Shipped', 'Invoiced'][i % 3],
        lines: Array.from({ length: 4 }, (__, j) => ({
            sku: `SKU-${(i * 7 + j) % 5000}`,
            qty: ((i + j) % 9) + 1,
            note: 'lorem ipsum dolor sit amet '.repeat(2),
        })),
    }));
    orders[1234].lines[2].audit = { checkedBy: { team: { lead: 'needle-7f3a-deep-value' } } };
    bigBody = { count: orders.length, orders };
    return bigBody;
}

/**
 * The maker's identity token in x-flowinvoker-identity, checked as the maker's API would check it: signature against
 * Entra's keys, aud = the API's identifier URI, iss and tid of the tenant, delegated (scp) and for the caller (oid).
 * The emulator only records the outcome: a real trigger passes headers to the flow without looking at them.
 */
async function checkIdentity(state, req, caller) {
    const token = req.headers[IDENTITY_HEADER];
    if (token === undefined) return { present: false };
    const v = await verify(state.keys, String(token));
    const c = v.claims || {};
    const problems = [
        v.error && `signature/lifetime: ${v.error}`,
        v.claims && c.aud !== T.MAKER_API.identifierUri && `aud ${c.aud}`,
        v.claims && c.iss !== T.CLOUDS.Public.issuer && `iss ${c.iss}`,
        v.claims && c.tid !== T.TENANT_ID && `tid ${c.tid}`,
        v.claims &&
            !String(c.scp || '')
                .split(' ')
                .includes('user_impersonation') &&
            `scp ${c.scp}`,
        v.claims && caller && c.oid !== caller.oid && 'oid differs from the caller',
    ].filter(Boolean);
    return { present: true, verified: problems.length === 0, problems, aud: c.aud, oid: c.oid, upn: c.upn, scp: c.scp, appid: c.appid };
}

/** The callback URL as listCallbackUrl returns it: new public-cloud hosts, Logic Apps hosts elsewhere (docs/platform-facts.md, "Trigger answers"). */
function callbackUrlFor(flow) {
    const key = flow.trigger.key;
    const host = T.triggerHostFor(flow.cloud);
    const basePath = isPublicStyle(flow.cloud)
        ? `https://${host}:443/powerautomate/automations/direct/workflows/${flow.logicAppId}/triggers/${key}/paths/invoke`
        : `https://${host}:443/workflows/${flow.logicAppId}/triggers/${key}/paths/invoke`;
    const queries = { 'api-version': isPublicStyle(flow.cloud) ? '1' : '2016-06-01' };
    if (!isPublicStyle(flow.cloud) || flow.trigger.auth === 'All') Object.assign(queries, { sp: `/triggers/${key}/run`, sv: '1.0' });
    if (flow.trigger.auth === 'All') queries.sig = flow.sig;
    return { value: `${basePath}?${new URLSearchParams(queries)}`, method: flow.trigger.method || 'POST', basePath, queries };
}

function cors(req, fault) {
    if (!req.headers.origin) return {};
    const h = { 'Access-Control-Allow-Origin': req.headers.origin, Vary: 'Origin' };
    if (!fault?.hideRunHeaders) h['Access-Control-Expose-Headers'] = RUN_HEADERS.join(', ');
    return h;
}

function runHeaders(req, flow, runId) {
    return {
        'x-ms-workflow-run-id': runId,
        'x-ms-correlation-id': guid(),
        'x-ms-tracking-id': guid(),
        'x-ms-client-tracking-id': req.headers['x-ms-client-tracking-id'] || runId,
        'x-ms-request-id': `${T.CLOUDS[flow.cloud].datacenter}:${guid()}`,
        'x-ms-trigger-history-name': runId,
        'x-ms-workflow-name': flow.logicAppId,
    };
}

// Off, suspended or deleted (docs/platform-facts.md, "What we could not verify without a tenant"): 400, with the state in the message.
const STATES = { 0: 'Disabled', 2: 'Suspended' };
const notEnabled = (logicAppId, state) =>
    json(400, {
        error: {
            code: 'WorkflowTriggerIsNotEnabled',
            message: `The workflow '${logicAppId}' cannot be triggered because it is in state '${state}': trigger is not enabled.`,
        },
    });

function findFlow(req) {
    const m = /^(?:\/powerautomate\/automations\/direct)?\/workflows\/([0-9a-z]+)\/triggers\/([^/]+)\/paths\/invoke$/i.exec(req.path);
    if (!m) return { error: json(404, { error: { code: 'InvalidRequestPath', message: `The request path '${req.path}' is not valid.` } }) };
    const id = m[1].toLowerCase();
    // A deleted flow's URL, and the URL a re-created or re-imported flow had before, stay known as deleted.
    if (
        Object.values(T.FLOWS).some(
            (f) => T.triggerHostFor(f.cloud) === req.host && ((f.deleted && f.logicAppId === id) || (f.formerLogicAppIds || []).includes(id)),
        )
    ) {
        return { error: notEnabled(id, 'Deleted') };
    }
    const flow = Object.values(T.FLOWS).find(
        (f) =>
            f.logicAppId === m[1].toLowerCase() &&
            T.triggerHostFor(f.cloud) === req.host &&
            f.inFlowApi &&
            f.trigger &&
            isPublicStyle(f.cloud) === req.path.startsWith('/powerautomate/'),
    );
    if (!flow) return { error: json(404, { error: { code: 'WorkflowNotFound', message: `The workflow '${m[1]}' could not be found.` } }) };
    if (flow.trigger.key.toLowerCase() !== decodeURIComponent(m[2]).toLowerCase() || flow.trigger.kind !== 'Http') {
        return {
            error: json(404, {
                error: { code: 'WorkflowTriggerNotFound', message: `The workflow '${flow.logicAppId}' trigger '${m[2]}' could not be found.` },
            }),
        };
    }
    return { flow };
}

// Who may call: returns { caller } or { error } as the service answers.
async function authenticate(state, req, flow) {
    const { scheme, token } = bearerOf(req.headers);
    const sig = req.query.get('sig');
    if (flow.trigger.auth === 'All') {
        if (scheme)
            return {
                error: json(401, {
                    error: {
                        code: 'OAuthAccessPolicyNotFound',
                        message: 'The OAuth access policy was not found for the workflow; the request must not carry an Authorization header.',
                    },
                }),
            };
        if (!sig)
            return {
                error: json(401, {
                    error: { code: 'DirectApiAuthorizationRequired', message: 'The request must be authenticated only by Shared Access scheme.' },
                }),
            };
        if (sig !== flow.sig)
            return {
                error: json(401, { error: { code: 'DirectApiInvalidAuthorizationSignature', message: 'The provided authorization signature is invalid.' } }),
            };
        return { caller: null };
    }
    if (!token)
        return {
            error: json(401, {
                error: {
                    code: 'DirectApiAuthorizationRequired',
                    message: 'The OAuth authorization scheme is required. Please add authorization scheme and try again.',
                },
            }),
        };
    const cloud = T.CLOUDS[flow.cloud];
    const v = await verify(state.keys, token);
    const c = v.claims || {};
    // Reports differ between 401 and 403 (docs/platform-facts.md, "Trigger answers"): 401 for a token that does not fit, 403 for a user not allowed.
    const bad =
        v.error || (c.aud !== cloud.audience && `aud ${c.aud}`) || (c.iss !== cloud.issuer && `iss ${c.iss}`) || (c.tid !== T.TENANT_ID && `tid ${c.tid}`);
    if (bad) return { error: json(401, { error: { code: 'MisMatchingOAuthClaims', message: MISMATCH } }), reason: bad };
    if (flow.trigger.auth === 'User' && flow.trigger.allowed) {
        const allowed = flow.trigger.allowed
            .split(';')
            .map((s) => s.trim().toLowerCase())
            .filter(Boolean);
        const who = [c.oid, c.upn, c.email].filter(Boolean).map((s) => s.toLowerCase());
        if (!who.some((w) => allowed.includes(w))) {
            return {
                error: json(state.variants.triggerNotAllowedStatus, { error: { code: 'MisMatchingOAuthClaims', message: MISMATCH } }),
                reason: 'user not allowed',
            };
        }
    }
    return { caller: { oid: c.oid, upn: c.upn || c.unique_name, name: c.name } };
}

// The trigger's JSON schema, when "schema validation" is on: required properties and primitive types only.
function schemaError(flow, body) {
    const s = flow.trigger.schema;
    if (!flow.trigger.validate || !s) return null;
    const missing = (s.required || []).filter((k) => !body || typeof body !== 'object' || !(k in body));
    const wrong = Object.entries(s.properties || {}).filter(
        ([k, p]) =>
            body &&
            body[k] !== undefined &&
            p.type &&
            (p.type === 'integer' ? !Number.isInteger(body[k]) : typeof body[k] !== (p.type === 'array' ? 'object' : p.type)),
    );
    if (!missing.length && !wrong.length) return null;
    const detail = missing.length ? `Required properties are missing from object: ${missing.join(', ')}.` : `Invalid type for '${wrong[0][0]}'.`;
    return json(400, {
        error: {
            code: 'TriggerInputSchemaMismatch',
            message: `The input body for trigger '${flow.trigger.key}' of type 'Request' did not match its schema definition. Error details: '${detail}'.`,
        },
    });
}

async function handle(state, req, fault) {
    const withCors = (r) => ({ ...r, headers: { ...r.headers, ...cors(req, fault) } });
    if (req.method === 'OPTIONS') {
        // Which request headers the service allows cross-origin is not documented (docs/platform-facts.md, "Trigger answers"): the emulator allows the
        // ones FlowInvoker sends, the identity header included (README identityScope), and nothing else.
        return {
            kind: 'preflight',
            status: 200,
            headers: {
                ...cors(req, fault),
                'Access-Control-Allow-Methods': 'POST, OPTIONS',
                'Access-Control-Allow-Headers': `authorization, content-type, x-ms-client-tracking-id, ${IDENTITY_HEADER}`,
                'Access-Control-Max-Age': '600',
            },
        };
    }
    // Another customer's flow or Logic App under the shared suffixes accepts any token and keeps it: say so, and answer 200.
    if (T.FOREIGN_TRIGGER_HOSTS.includes(req.host)) return { kind: 'foreign', note: "another customer's trigger", ...withCors(json(200, { received: true })) };
    const poll = /\/runs\/([^/]+)\/operations\/([^/]+)$/.exec(req.path);
    if (poll) return { kind: 'poll', ...pollAsync(state, req, poll[2], fault) };
    const found = findFlow(req);
    if (found.error) return { kind: 'invoke', ...withCors(found.error) };
    const { flow } = found;
    const expectedVersion = isPublicStyle(flow.cloud) ? '1' : '2016-06-01';
    if (req.query.get('api-version') !== expectedVersion)
        return {
            kind: 'invoke',
            ...withCors(json(400, { error: { code: 'InvalidApiVersionParameter', message: `The api-version '${req.query.get('api-version')}' is invalid.` } })),
        };
    const method = flow.trigger.method || 'POST';
    if (req.method !== method) {
        return {
            kind: 'invoke',
            ...withCors(
                json(400, {
                    error: {
                        code: 'TriggerRequestMethodNotValid',
                        message: `The HTTP method for this request is not valid: expected '${method}' and actual '${req.method}'.`,
                    },
                }),
            ),
        };
    }
    const auth = await authenticate(state, req, flow);
    if (auth.error) return { kind: 'invoke', note: auth.reason, ...withCors(auth.error) };
    if (flow.statecode !== 1) return { kind: 'invoke', ...withCors(notEnabled(flow.logicAppId, STATES[flow.statecode] || 'Disabled')) };
    let body = req.body.length ? req.body.toString() : null;
    try {
        body = body && JSON.parse(body);
    } catch {
        /* not JSON: the flow gets the text */
    }
    const invalid = schemaError(flow, body);
    if (invalid) return { kind: 'invoke', ...withCors(invalid) };

    // state.fixedRunIds: sequential run ids, for pictures that must look the same on every run.
    const runId = state.fixedRunIds
        ? `08584700000000000000${String(state.runs.length + 1).padStart(5, '0')}CU12`
        : `0858${crypto.randomInt(1e12).toString().padStart(12, '0')}${crypto.randomInt(1e12).toString().padStart(13, '0')}CU${crypto.randomInt(10, 99)}`;
    // The run history keeps the caller's x-ms-client-tracking-id (Logic Apps' clientTrackingId).
    const run = {
        flow: flow.key,
        workflowid: flow.workflowid,
        cloud: flow.cloud,
        caller: auth.caller,
        body,
        at: Date.now(),
        runId,
        trackingId: req.headers['x-ms-client-tracking-id'] || null,
        identity: await checkIdentity(state, req, auth.caller),
    };
    state.runs.push(run);
    const headers = { ...runHeaders(req, flow, runId), ...cors(req, fault) };
    if (!flow.response) return { kind: 'invoke', status: 202, headers, body: '' }; // no Response action: 202 at once
    // The run goes on; the caller only learns that no Response came: skipped, or an action before it failed (docs/platform-facts.md, "What we could not verify without a tenant").
    const noResponse = {
        error: { code: 'NoResponse', message: `The server did not receive a response from an upstream server. Request tracking id '${runId}'.` },
    };
    if (flow.response.skipped || flow.response.failsBefore) return { kind: 'invoke', ...json(502, noResponse, headers) };
    if (flow.response.asynchronous)
        return { kind: 'invoke', ...acceptAsync(req, flow, run, headers, { flow: flow.name, received: body, caller: auth.caller, runId }) };
    if (flow.delayMs) await sleep(Math.min(flow.delayMs, state.responseTimeoutMs));
    if ((flow.delayMs || 0) > state.responseTimeoutMs) return { kind: 'invoke', ...json(504, noResponse, headers) };
    const out =
        flow.response.body === 'echo'
            ? {
                  flow: flow.name,
                  received: body,
                  caller: auth.caller,
                  runId,
                  ...(run.identity.present ? { identity: { verified: run.identity.verified, oid: run.identity.oid } } : {}),
              }
            : flow.response.body === 'big'
              ? bigResponse()
              : flow.response.body;
    return { kind: 'invoke', ...json(flow.response.status, out, headers) };
}

/**
 * Asynchronous Response (docs/platform-facts.md, "Trigger answers"): 202 with the run's name, a signed Location on the same
 * host and Retry-After; Location and Retry-After are exposed to the browser unless triggerExposesHeaders is off.
 */
function acceptAsync(req, flow, run, headers, answer) {
    const id = crypto.randomBytes(8).toString('hex');
    const op = { id, host: req.host, sig: crypto.randomBytes(12).toString('base64url'), startedAt: Date.now(), flow, runId: run.runId, answer, polls: [] };
    asyncOps.set(id, op);
    run.asyncOperation = op;
    return json(202, { name: run.runId, properties: { status: 'Running' } }, asyncHeaders(op, headers));
}

function asyncHeaders(op, headers) {
    const path = `/powerautomate/automations/direct/workflows/${op.flow.logicAppId}/runs/${op.runId}/operations/${op.id}`;
    const query = new URLSearchParams({ 'api-version': '1', sp: `/runs/${op.runId}/operations/${op.id}/read`, sv: '1.0', sig: op.sig });
    const exposed = headers['Access-Control-Expose-Headers'];
    return {
        ...headers,
        Location: `https://${op.host}${path}?${query}`,
        'Retry-After': '1',
        ...(exposed ? { 'Access-Control-Expose-Headers': `${exposed}, Location, Retry-After` } : {}),
    };
}

/** GET on the Location: signed, no bearer (one is refused and recorded); 202 until the emulated delay has passed, then the answer. */
function pollAsync(state, req, id, fault) {
    const op = asyncOps.get(id);
    const base = { ...runHeaders(req, op?.flow || { cloud: 'Public' }, op?.runId || ''), ...cors(req, fault) };
    if (!op || op.host !== req.host || req.query.get('sig') !== op.sig) {
        return json(401, { error: { code: 'DirectApiInvalidAuthorizationSignature', message: 'The provided authorization signature is invalid.' } }, base);
    }
    const emulatedMs = (Date.now() - op.startedAt) * (state.asyncTimeScale || ASYNC_TIME_SCALE);
    op.polls.push({ at: Date.now(), emulatedMs, authorization: !!req.headers.authorization, method: req.method });
    if (req.headers.authorization) {
        return json(
            401,
            { error: { code: 'DirectApiRequestHasMoreThanOneAuthorization', message: 'The request has both SAS and OAuth authorization.' } },
            base,
        );
    }
    if (emulatedMs < op.flow.delayMs) return json(202, { name: op.runId, properties: { status: 'Running' } }, asyncHeaders(op, base));
    return json(op.flow.response.status, op.answer, base);
}

module.exports = { handle, callbackUrlFor, RUN_HEADERS, IDENTITY_HEADER, bigResponse };
