'use strict';
// The emulated tenant's contract, checked over HTTPS without a browser: each assertion is a platform fact
// (docs/platform-facts.md) the emulators must play. Run: node --test test/emulators/protocols.test.js
const test = require('node:test');
const assert = require('node:assert/strict');
const sandbox = require('../sandbox/server');
const T = require('../sandbox/tenant');
const { request, signIn, listCallbackUrl, decode, form, FORM } = require('../sandbox/client');

let srv, adele, megan;
const PUBLIC = T.CLOUDS.Public;
const ORIGIN = { origin: `https://${PUBLIC.orgHost}` };

test.before(async () => {
    srv = await sandbox.start({ controlDir: require('../sandbox/fixtures/build').STANDIN_DIR });
    adele = (await signIn(srv, 'adele')).token.json;
    megan = (await signIn(srv, 'megan')).token.json;
});
test.after(() => srv.close());
test.beforeEach(() => srv.state.reset());

const invoke = async (flowKey, token, body = { a: 1 }) => {
    const url = (await listCallbackUrl(srv, flowKey, adele.access_token)).json.response.value;
    return request(srv, url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...ORIGIN, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
};

test('Entra: aud is everything before the last slash of the .default scope; scope echoes .default', async () => {
    const claims = decode(adele.access_token);
    assert.equal(claims.aud, 'https://service.flow.microsoft.com/');
    assert.equal(claims.iss, `https://sts.windows.net/${T.TENANT_ID}/`);
    assert.equal(claims.scp, 'User');
    assert.equal(claims.ver, '1.0');
    assert.equal(claims.upn, T.USERS.adele.upn);
    assert.equal(adele.scope, 'https://service.flow.microsoft.com//User https://service.flow.microsoft.com//.default');
    assert.equal(decode(adele.id_token).nonce, 'nn');
    assert.deepEqual(JSON.parse(Buffer.from(adele.client_info, 'base64url')), { uid: T.USERS.adele.oid, utid: T.TENANT_ID });
    const single = (await signIn(srv, 'adele', { scope: 'https://service.flow.microsoft.com/.default' })).token.json;
    assert.equal(decode(single.access_token).aud, 'https://service.flow.microsoft.com');
});

test('Entra: SPA code redemption needs an Origin (AADSTS9002327)', async () => {
    const r = await signIn(srv, 'adele', { origin: null });
    assert.equal(r.token.status, 400);
    assert.match(r.token.json.error_description, /^AADSTS9002327:/);
    assert.deepEqual(r.token.json.error_codes, [9002327]);
});

test('Entra: unknown client and unregistered redirect URI are shown on the page, not redirected', async () => {
    const unknown = await signIn(srv, 'adele', { clientId: '00000000-1111-4222-8333-444444444444' });
    assert.equal(unknown.authorize.status, 400);
    assert.match(unknown.authorize.text, /AADSTS700016/);
    const q = { client_id: T.APPS.flowinvoker.clientId, redirect_uri: 'https://evil.example/cb', response_type: 'code', scope: 'openid' };
    const r = await request(srv, `https://${PUBLIC.authorityHost}/${T.TENANT_ID}/oauth2/v2.0/authorize?${form(q)}`);
    assert.equal(r.status, 400);
    assert.match(r.text, /AADSTS50011/);
});

test('Entra: an app without consent comes back with consent_required / AADSTS65001', async () => {
    const r = await signIn(srv, 'adele', { clientId: T.APPS.noconsent.clientId });
    assert.equal(r.redirect.get('error'), 'consent_required');
    assert.match(r.redirect.get('error_description'), /^AADSTS65001:/);
    assert.equal(r.redirect.get('state'), 'st');
});

test('Entra: prompt=none works only with a session cookie; refresh tokens renew', async () => {
    const { cookie } = await signIn(srv, 'adele');
    const q = form({
        client_id: T.APPS.flowinvoker.clientId,
        redirect_uri: `https://${PUBLIC.orgHost}${T.REDIRECT_PATH}`,
        response_type: 'code',
        scope: 'openid',
        prompt: 'none',
        login_hint: T.USERS.adele.upn,
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
        state: 's',
    });
    const url = `https://${PUBLIC.authorityHost}/${T.TENANT_ID}/oauth2/v2.0/authorize?${q}`;
    assert.match((await request(srv, url)).headers.location, /#error=login_required/);
    assert.match(String(cookie), /SameSite=None/);
    assert.match((await request(srv, url, { headers: { cookie: String(cookie).split(';')[0] } })).headers.location, /#code=/);
    const rt = await request(srv, `https://${PUBLIC.authorityHost}/${T.TENANT_ID}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { ...FORM, ...ORIGIN },
        body: form({
            client_id: T.APPS.flowinvoker.clientId,
            grant_type: 'refresh_token',
            refresh_token: adele.refresh_token,
            scope: `${PUBLIC.audience}/.default`,
        }),
    });
    assert.equal(rt.status, 200);
    assert.equal(rt.headers['access-control-allow-origin'], '*');
});

test('Flow API: listCallbackUrl with the response wrapper, CORS for the org, and every refusal', async () => {
    const ok = await listCallbackUrl(srv, 'echo', adele.access_token);
    assert.equal(ok.status, 200);
    assert.equal(ok.json.httpStatusCode, 'OK');
    assert.match(
        ok.json.response.value,
        /^https:\/\/default[0-9a-f]+\.[0-9a-f]{2}\.environment\.api\.powerplatform\.com:443\/powerautomate\/automations\/direct\/workflows\/[0-9a-f]{32}\/triggers\/manual\/paths\/invoke\?api-version=1$/,
    );
    assert.equal(ok.headers['access-control-allow-origin'], ORIGIN.origin);
    srv.state.faults.add({ preset: 'bareCallbackUrl' });
    assert.ok((await listCallbackUrl(srv, 'echo', adele.access_token)).json.value);
    const single = (await signIn(srv, 'adele', { scope: 'https://service.flow.microsoft.com/.default' })).token.json;
    assert.equal((await listCallbackUrl(srv, 'echo', single.access_token)).json.error.code, 'InvalidAuthenticationToken');
    const app = await request(srv, `https://${PUBLIC.authorityHost}/${T.TENANT_ID}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: FORM,
        body: form({
            client_id: T.APPS.daemon.clientId,
            client_secret: T.APPS.daemon.secret,
            grant_type: 'client_credentials',
            scope: `${PUBLIC.audience}/.default`,
        }),
    });
    const appOnly = await listCallbackUrl(srv, 'echo', app.json.access_token);
    assert.equal(appOnly.status, 403);
    assert.equal(appOnly.json.error.code, 'ClientScopeAuthorizationFailed');
    const orphan = await listCallbackUrl(srv, 'orphan', adele.access_token);
    assert.deepEqual(orphan.json, { error: { code: 'FlowNotFound', message: `Could not find flow '${T.FLOWS.orphan.resourceid}'.` } });
    assert.equal((await listCallbackUrl(srv, 'renamedTrigger', adele.access_token, { trigger: 'manual' })).json.error.code, 'WorkflowTriggerNotFound');
    assert.equal((await listCallbackUrl(srv, 'renamedTrigger', adele.access_token)).status, 200);
});

test('Trigger: OAuth checks, Specific users, Anyone (sig=), 202 without a Response action', async () => {
    const ok = await invoke('echo', adele.access_token);
    assert.equal(ok.status, 200);
    assert.equal(ok.json.caller.upn, T.USERS.adele.upn);
    assert.match(ok.headers['x-ms-workflow-run-id'], /^0858\d+CU\d\d$/);
    assert.match(ok.headers['access-control-expose-headers'], /x-ms-workflow-run-id/);
    assert.equal((await invoke('echo', null)).json.error.code, 'DirectApiAuthorizationRequired');
    const single = (await signIn(srv, 'adele', { scope: 'https://service.flow.microsoft.com/.default' })).token.json;
    assert.deepEqual((await invoke('echo', single.access_token)).json.error.code, 'MisMatchingOAuthClaims');
    assert.equal((await invoke('specificUsers', adele.access_token)).status, 200);
    assert.equal((await invoke('specificUsersByOid', adele.access_token)).status, 200);
    const denied = await invoke('specificUsers', megan.access_token);
    assert.equal(denied.status, 403);
    assert.equal(denied.json.error.code, 'MisMatchingOAuthClaims');
    assert.equal((await invoke('anyone', null)).status, 200);
    assert.equal((await invoke('anyone', adele.access_token)).json.error.code, 'OAuthAccessPolicyNotFound');
    const fire = await invoke('fireAndForget', adele.access_token);
    assert.equal(fire.status, 202);
    assert.equal(fire.text, '');
    // listCallbackUrl refuses a stopped flow, so the URL it had before it was turned off is posted to.
    const { callbackUrlFor } = require('../sandbox/services/trigger');
    const off = await request(srv, callbackUrlFor(T.FLOWS.off).value, {
        method: 'POST',
        body: { a: 1 },
        headers: { 'content-type': 'application/json', ...ORIGIN, authorization: `Bearer ${adele.access_token}` },
    });
    assert.equal(off.status, 400);
    assert.equal(off.json.error.code, 'WorkflowTriggerIsNotEnabled');
    assert.equal((await invoke('schema', adele.access_token, { nope: 1 })).json.error.code, 'TriggerInputSchemaMismatch');
    assert.equal(srv.state.runs.filter((r) => r.caller && r.caller.upn === T.USERS.adele.upn).length, 4); // echo, two Specific users, fire-and-forget
});

test('Faults: throttling, 502 after a run, dropped connection, hidden run headers, no CORS, latency', async () => {
    srv.state.faults.add({ preset: 'throttled' });
    const throttled = await invoke('echo', adele.access_token);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['retry-after'], '7');
    assert.equal(srv.state.runs.length, 0);
    srv.state.faults.add({ preset: 'badGateway' });
    assert.equal((await invoke('echo', adele.access_token)).status, 502);
    assert.equal(srv.state.runs.length, 1);
    srv.state.faults.add({ preset: 'networkAfterSend' });
    await assert.rejects(invoke('echo', adele.access_token));
    assert.equal(srv.state.runs.length, 2);
    srv.state.faults.add({ preset: 'hideRunHeaders' });
    const hidden = await invoke('echo', adele.access_token);
    assert.equal(hidden.headers['access-control-expose-headers'], undefined);
    assert.ok(hidden.headers['x-ms-workflow-run-id']);
    srv.state.faults.add({ preset: 'noCorsFlowApi' });
    assert.equal((await listCallbackUrl(srv, 'echo', adele.access_token)).headers['access-control-allow-origin'], undefined);
    srv.state.faults.latencyMs = 150;
    const t0 = Date.now();
    await listCallbackUrl(srv, 'echo', adele.access_token);
    assert.ok(Date.now() - t0 >= 150);
});

test('Every cloud: its authority, audience, flow API host and trigger URL style', async () => {
    for (const [flowKey, cloud, host] of [
        ['gcc', 'GCC', /prod-27\.usgovtexas\.logic\.azure\.us/],
        ['gcchigh', 'GCCHigh', /logic\.azure\.us/],
        ['dod', 'DoD', /logic\.azure\.us/],
        ['china', 'China', /chinaeast2\.logic\.azure\.cn/],
    ]) {
        const tok = (await signIn(srv, 'adele', { cloud })).token.json;
        assert.equal(decode(tok.access_token).aud, T.CLOUDS[cloud].audience, cloud);
        const listed = await listCallbackUrl(srv, flowKey, tok.access_token);
        assert.match(listed.json.response.value, host);
        assert.match(
            listed.json.response.value,
            /\/workflows\/[0-9a-f]{32}\/triggers\/manual\/paths\/invoke\?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0$/,
        );
        const run = await request(srv, listed.json.response.value, {
            method: 'POST',
            body: {},
            headers: { authorization: `Bearer ${tok.access_token}`, 'content-type': 'application/json' },
        });
        assert.equal(run.status, 200, cloud);
        assert.equal((await listCallbackUrl(srv, flowKey, adele.access_token)).status, 401, `${cloud} refuses a public-cloud token`);
    }
    const cn = (await listCallbackUrl(srv, 'chinaAnyone', (await signIn(srv, 'adele', { cloud: 'China' })).token.json.access_token)).json.response;
    assert.match(cn.value, /&sig=/);
});

test('Dataverse: $select, bare GUID keys, systemusers for guests', async () => {
    const dv = (p, user = 'adele') => request(srv, `https://${PUBLIC.orgHost}/api/data/v9.2/${p}`, { headers: { cookie: `sandbox_user=${user}` } });
    const id = T.FLOWS.echo.workflowid;
    assert.deepEqual(Object.keys((await dv(`workflows(${id})?$select=resourceid`)).json), ['@odata.context', '@odata.etag', 'resourceid', 'workflowid']);
    assert.equal((await dv(`workflows(${id})?$select=nope`)).status, 400);
    assert.equal((await dv(`workflows({${id}})`)).json.error.code, '0x80060888');
    assert.equal((await dv(`workflows(${T.FLOWS.compressed.workflowid})?$select=clientdata`)).json.clientdata, null);
    assert.equal((await dv(`workflows(${id})`, 'noflowread')).json.error.code, '0x80040220');
    assert.equal((await dv(`workflows(${T.FLOWS.gcc.workflowid})`)).status, 404, 'a flow of another environment does not exist here');
    const guest = (await dv(`systemusers(${T.USERS.guest.systemuserid})?$select=windowsliveid,internalemailaddress`)).json;
    assert.match(guest.windowsliveid, /#EXT#/);
    assert.equal(guest.internalemailaddress, 'pat@fabrikam.com');
    assert.equal((await request(srv, `https://${PUBLIC.orgHost}/api/data/v9.2/WhoAmI`)).status, 401);
});

test('Dataverse: environment variable values are written only by a user with the privilege (create, then update)', async () => {
    const api = `https://${PUBLIC.orgHost}/api/data/v9.2`;
    const as = (user, path, method, body) =>
        request(srv, `${api}/${path}`, { method, body, headers: { cookie: `sandbox_user=${user}`, 'content-type': 'application/json' } });
    const stored = T.ENV_VARS.find((v) => v.schemaname === 'fi_StoredFlowUrl');
    const read = async () =>
        (
            await as(
                'adele',
                `environmentvariabledefinitions?$select=schemaname&$filter=schemaname eq 'fi_StoredFlowUrl'&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)`,
                'GET',
            )
        ).json.value[0].environmentvariabledefinition_environmentvariablevalue;
    const bind = { 'EnvironmentVariableDefinitionId@odata.bind': `/environmentvariabledefinitions(${stored.environmentvariabledefinitionid})` };

    const refused = await as('adele', 'environmentvariablevalues', 'POST', { value: 'https://a.example/1', ...bind });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.error.code, '0x80040220');
    assert.match(refused.json.error.message, /prvCreateEnvironmentVariableValue/);
    assert.deepEqual(await read(), [], 'nothing written');

    const created = await as('diego', 'environmentvariablevalues', 'POST', { value: 'https://a.example/1', ...bind });
    assert.equal(created.status, 204);
    const id = /environmentvariablevalues\(([0-9a-f-]{36})\)$/.exec(created.headers['odata-entityid'])[1];
    assert.equal((await read())[0].value, 'https://a.example/1');

    assert.match((await as('adele', `environmentvariablevalues(${id})`, 'PATCH', { value: 'x' })).json.error.message, /prvWriteEnvironmentVariableValue/);
    assert.equal((await as('diego', `environmentvariablevalues(${id})`, 'PATCH', { value: 'https://a.example/2' })).status, 204);
    assert.equal((await read())[0].value, 'https://a.example/2');
    assert.equal((await as('diego', 'environmentvariablevalues', 'POST', { value: 'y' })).status, 400, 'a value must be bound to its definition');
    srv.state.reset();
    assert.deepEqual(await read(), [], 'a reset forgets written values');
});

test('Variants for the browser suites: single-slash scope, lenient flow API, mid-body drop, tracking ids, secrets, auth scheme', async () => {
    srv.state.faults.add({ service: 'entra', path: '/token', singleSlashScope: true });
    const single = (await signIn(srv, 'adele')).token.json;
    assert.equal(decode(single.access_token).aud, 'https://service.flow.microsoft.com', "Entra's rule applied to a one-slash scope");
    assert.ok(srv.state.secrets.some((s) => s.kind === 'access_token' && s.value === single.access_token));
    assert.ok(srv.state.secrets.some((s) => s.kind === 'refresh_token' && s.value === single.refresh_token));
    assert.equal((await listCallbackUrl(srv, 'echo', single.access_token)).status, 401, 'default: the flow API wants the exact aud');
    srv.state.faults.add({ service: 'flowApi', lenientAudience: true });
    const url = (await listCallbackUrl(srv, 'echo', single.access_token)).json.response.value;
    const refused = await request(srv, url, {
        method: 'POST',
        body: {},
        headers: { authorization: `Bearer ${single.access_token}`, 'content-type': 'application/json' },
    });
    assert.equal(refused.json.error.code, 'MisMatchingOAuthClaims', 'the trigger still checks aud exactly');
    const listed = srv.state.requests.filter((r) => r.kind === 'listCallbackUrl');
    assert.ok(
        listed.every((r) => r.authorization === 'Bearer'),
        'requests record the scheme only',
    );
    assert.ok(!JSON.stringify(srv.state.requests).includes(single.access_token), 'and never the token');

    srv.state.faults.add({ preset: 'networkMidResponse' });
    const tracking = '11111111-2222-4333-8444-555555555555';
    await assert.rejects(
        request(srv, (await listCallbackUrl(srv, 'echo', adele.access_token)).json.response.value, {
            method: 'POST',
            body: {},
            headers: { authorization: `Bearer ${adele.access_token}`, 'content-type': 'application/json', 'x-ms-client-tracking-id': tracking },
        }),
    );
    assert.equal(srv.state.runs.length, 1, 'the run happened before the connection died');
    assert.equal(srv.state.runs[0].trackingId, tracking);
});
