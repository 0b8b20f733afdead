'use strict';
// Dataverse Web API at each cloud's org host (platform-facts §1, §4): workflows(<id>), systemusers(<id>),
// RetrieveCurrentOrganization and WhoAmI, with Dataverse's error bodies. The caller is the user the form page
// signed in (cookie `sandbox_user`), as a real org authenticates the browser by its session cookie.

const T = require('./tenant');
const { json, parseCookies } = require('./http');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORKFLOW_COLUMNS = ['workflowid', 'resourceid', 'name', 'category', 'statecode', 'statuscode', 'type',
    'clientdata', 'clientdataiscompressed', 'primaryentity', 'uniquename', 'ismanaged', 'modifiedon'];
const USER_COLUMNS = ['systemuserid', 'fullname', 'windowsliveid', 'internalemailaddress', 'domainname',
    'azureactivedirectoryobjectid', 'isdisabled'];
const FORMATTED = { statecode: { 0: 'Draft', 1: 'Activated', 2: 'Suspended' },
    statuscode: { 1: 'Draft', 2: 'Activated', 3: 'Company DLP Violation' },
    category: { 0: 'Workflow', 5: 'Modern Flow' }, type: { 1: 'Definition', 2: 'Activation' } };

const ODATA = { 'OData-Version': '4.0', 'Content-Type': 'application/json; odata.metadata=minimal; charset=utf-8' };
const cloudOfOrg = (host) => Object.keys(T.CLOUDS).find((k) => T.CLOUDS[k].orgHost === host);
const orgId = (cloud) => `0a${Object.keys(T.CLOUDS).indexOf(cloud)}00000-1111-4222-8333-0000000000f0`;
const err = (status, code, message) => json(status, { error: { code, message } }, ODATA);
const syntaxError = () => err(400, '0x80060888', 'Bad Request - Error in query syntax.');

// $select as Dataverse applies it: unknown columns are an error; the key column always comes back.
function project(row, query, columns, type, key, prefer) {
    const select = query.get('$select');
    const cols = select ? select.split(',').map((s) => s.trim()) : columns;
    const unknown = cols.find((c) => !columns.includes(c));
    if (unknown) return { error: err(400, '0x80060888', `Could not find a property named '${unknown}' on type 'Microsoft.Dynamics.CRM.${type}'.`) };
    const out = {};
    for (const c of cols) {
        out[c] = row[c] ?? null;
        if (prefer && FORMATTED[c] && row[c] != null) out[`${c}@OData.Community.Display.V1.FormattedValue`] = FORMATTED[c][row[c]];
    }
    if (!cols.includes(key)) out[key] = row[key];
    return { body: out, cols };
}

function workflowRow(flow) {
    const data = T.clientdataFor(flow);
    return { workflowid: flow.workflowid, resourceid: flow.resourceid, name: flow.name, category: flow.category,
        statecode: flow.statecode, statuscode: flow.statuscode, type: 1, clientdata: data,
        clientdataiscompressed: !!flow.clientdataCompressed, primaryentity: 'none', uniquename: `cc_${flow.key}`,
        ismanaged: false, modifiedon: '2025-05-08T09:30:00Z' };
}

function retrieveOrganization(req, cloud) {
    const c = T.CLOUDS[cloud];
    const base = `https://${req.host}/`;
    return json(200, { '@odata.context': `${base}api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.RetrieveCurrentOrganizationResponse`,
        Detail: { OrganizationId: orgId(cloud), FriendlyName: 'Contoso', OrganizationVersion: '9.2.25053.00180',
            EnvironmentId: c.env, DatacenterId: orgId(cloud).replace('0a', 'dc'), Geo: c.geo, TenantId: T.TENANT_ID, UrlName: 'contoso',
            UniqueName: `unq${orgId(cloud).replace(/-/g, '').slice(0, 24)}`, State: 'Enabled', OrganizationType: 'Customer',
            Endpoints: { Count: 3, IsReadOnly: false, Keys: ['WebApplication', 'OrganizationService', 'OrganizationDataService'],
                Values: [base, `${base}XRMServices/2011/Organization.svc`, `${base}XRMServices/2011/OrganizationData.svc`] } } }, ODATA);
}

function handle(state, req) {
    const cloud = cloudOfOrg(req.host);
    const m = /^\/api\/data\/v9\.[0-2]\/(.+)$/.exec(req.path);
    if (!m || !cloud) return err(404, '0x8006088a', `Resource not found for the segment '${req.path}'.`);
    const userKey = parseCookies(req.headers.cookie).sandbox_user;
    const user = T.USERS[userKey];
    if (!user) return { kind: 'unauthenticated', ...err(401, '0x80072560', 'The user is not a member of the organization.') };
    const segment = decodeURIComponent(m[1]);
    const prefer = /odata\.include-annotations/.test(req.headers.prefer || '');
    const ctx = `https://${req.host}/api/data/v9.2/$metadata#`;

    let k = /^workflows\((.*)\)$/.exec(segment);
    if (k) {
        if (!GUID.test(k[1])) return { kind: 'workflow', ...syntaxError() }; // braces or junk: Dataverse wants a bare GUID
        if (!user.canReadWorkflow) {
            return { kind: 'workflow', ...err(403, '0x80040220', `Principal user (Id=${user.systemuserid}, type=8, roleCount=1, privilegeCount=437, accessMode=0), is missing prvReadWorkflow privilege (Id=0d2aaf6d-3a42-4ad0-9c58-a6c2cc6b7d2a) on OTC=4703 for entity 'workflow'. context.Caller=${user.systemuserid}`) };
        }
        const flow = Object.values(T.FLOWS).find((f) => f.cloud === cloud && f.workflowid === k[1].toLowerCase());
        if (!flow) return { kind: 'workflow', ...err(404, '0x80040217', `workflow With Id = ${k[1]} Does Not Exist`) };
        const p = project(workflowRow(flow), req.query, WORKFLOW_COLUMNS, 'workflow', 'workflowid', prefer);
        if (p.error) return { kind: 'workflow', ...p.error };
        return { kind: 'workflow', ...json(200, { '@odata.context': `${ctx}workflows(${p.cols.join(',')})/$entity`,
            '@odata.etag': 'W/"4711"', ...p.body }, ODATA) };
    }
    k = /^systemusers\((.*)\)$/.exec(segment);
    if (k) {
        if (!GUID.test(k[1])) return { kind: 'systemuser', ...syntaxError() };
        const u = Object.values(T.USERS).find((x) => x.systemuserid === k[1].toLowerCase());
        if (!u) return { kind: 'systemuser', ...err(404, '0x80040217', `systemuser With Id = ${k[1]} Does Not Exist`) };
        const row = { systemuserid: u.systemuserid, fullname: u.name, windowsliveid: u.upn, domainname: u.upn,
            internalemailaddress: u.email || u.upn, azureactivedirectoryobjectid: u.oid, isdisabled: false };
        const p = project(row, req.query, USER_COLUMNS, 'systemuser', 'systemuserid', prefer);
        if (p.error) return { kind: 'systemuser', ...p.error };
        return { kind: 'systemuser', ...json(200, { '@odata.context': `${ctx}systemusers(${p.cols.join(',')})/$entity`,
            '@odata.etag': 'W/"815"', ...p.body }, ODATA) };
    }
    k = /^RetrieveCurrentOrganization\(AccessType=(.+)\)$/.exec(segment);
    if (k) {
        const value = k[1].startsWith('@') ? req.query.get(k[1]) : k[1];
        if (value !== "Microsoft.Dynamics.CRM.EndpointAccessType'Default'" && value !== "Microsoft.Dynamics.CRM.EndpointAccessType'Internet'") {
            return { kind: 'organization', ...syntaxError() };
        }
        return { kind: 'organization', ...retrieveOrganization(req, cloud) };
    }
    if (segment === 'WhoAmI' || segment === 'WhoAmI()') {
        return { kind: 'whoami', ...json(200, { '@odata.context': `${ctx}Microsoft.Dynamics.CRM.WhoAmIResponse`,
            BusinessUnitId: '1b2c3d4e-0000-4000-8000-0000000000b0', UserId: user.systemuserid, OrganizationId: orgId(cloud) }, ODATA) };
    }
    return err(404, '0x8006088a', `Resource not found for the segment '${segment.split(/[(/]/)[0]}'.`);
}

module.exports = { handle, cloudOfOrg };
