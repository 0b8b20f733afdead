'use strict';
// Dataverse Web API at each cloud's org host (docs/platform-facts.md, "The chain", "Ids from the model-driven app"): workflows(<id>), systemusers(<id>),
// RetrieveCurrentOrganization and WhoAmI, environment variables (read, and a value written by a maker), with Dataverse's error bodies. The caller is the user the form page
// signed in (cookie `sandbox_user`), as a real org authenticates the browser by its session cookie.

const T = require('../tenant');
const Q = require('./queue');
const { json, parseCookies } = require('../http');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORKFLOW_COLUMNS = [
    'workflowid',
    'resourceid',
    'name',
    'category',
    'statecode',
    'statuscode',
    'type',
    'clientdata',
    'clientdataiscompressed',
    'primaryentity',
    'uniquename',
    'ismanaged',
    'modifiedon',
    'versionnumber',
    '_ownerid_value',
];
const USER_COLUMNS = ['systemuserid', 'fullname', 'windowsliveid', 'internalemailaddress', 'domainname', 'azureactivedirectoryobjectid', 'isdisabled'];
const FORMATTED = {
    statecode: { 0: 'Draft', 1: 'Activated', 2: 'Suspended' },
    statuscode: { 1: 'Draft', 2: 'Activated', 3: 'Company DLP Violation' },
    category: { 0: 'Workflow', 5: 'Modern Flow' },
    type: { 1: 'Definition', 2: 'Activation' },
    // A lookup's formatted value is the row's name: the owner's full name.
    _ownerid_value: Object.fromEntries(Object.values(T.USERS).map((u) => [u.systemuserid, u.name])),
};

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
    return {
        workflowid: flow.workflowid,
        resourceid: flow.resourceid,
        name: flow.name,
        category: flow.category,
        statecode: flow.statecode,
        statuscode: flow.statuscode,
        type: 1,
        clientdata: data,
        clientdataiscompressed: !!flow.clientdataCompressed,
        primaryentity: 'none',
        uniquename: `cc_${flow.key}`,
        ismanaged: false,
        modifiedon: flow.modifiedon || '2025-05-08T09:30:00Z',
        _ownerid_value: T.USERS[flow.owner].systemuserid,
        // Dataverse's row version: a new one with every save; a test that edits the flow sets flow.versionnumber.
        versionnumber: flow.versionnumber || 1000 + Object.keys(T.FLOWS).indexOf(flow.key),
    };
}

function retrieveOrganization(req, cloud) {
    const c = T.CLOUDS[cloud];
    const base = `https://${req.host}/`;
    return json(
        200,
        {
            '@odata.context': `${base}api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.RetrieveCurrentOrganizationResponse`,
            Detail: {
                OrganizationId: orgId(cloud),
                FriendlyName: 'Contoso',
                OrganizationVersion: '9.2.25053.00180',
                EnvironmentId: c.env,
                DatacenterId: orgId(cloud).replace('0a', 'dc'),
                Geo: c.geo,
                TenantId: T.TENANT_ID,
                UrlName: 'contoso',
                UniqueName: `unq${orgId(cloud).replace(/-/g, '').slice(0, 24)}`,
                State: 'Enabled',
                OrganizationType: 'Customer',
                Endpoints: {
                    Count: 3,
                    IsReadOnly: false,
                    Keys: ['WebApplication', 'OrganizationService', 'OrganizationDataService'],
                    Values: [base, `${base}XRMServices/2011/Organization.svc`, `${base}XRMServices/2011/OrganizationData.svc`],
                },
            },
        },
        ODATA,
    );
}

// --- queue table (fi_flowrequest) --------------------------------------------------------------------------
const missingPrivilege = (user, priv, otc, entity) =>
    err(
        403,
        '0x80040220',
        `Principal user (Id=${user.systemuserid}, type=8, roleCount=1, privilegeCount=412, accessMode=0), is missing ${priv} privilege (Id=3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f) on OTC=${otc} for entity '${entity}'. context.Caller=${user.systemuserid}`,
    );

function createQueueRow(state, req, user) {
    const Qt = T.QUEUE_TABLE;
    if (!user.queue.create) return missingPrivilege(user, `prvCreate${Qt.logicalName}`, 10234, Qt.logicalName);
    let data;
    try {
        data = JSON.parse(req.body.toString() || '{}');
    } catch {
        return err(400, '0x80040224', 'The request body is not valid JSON.');
    }
    const writable = ['fi_name', 'fi_input', 'fi_status', 'fi_result'];
    const unknown = Object.keys(data).find((k) => !writable.includes(k));
    if (unknown)
        return err(
            400,
            '0x80060888',
            `The property '${unknown}' does not exist on type 'Microsoft.Dynamics.CRM.${Qt.logicalName}'. Make sure to only use property names that are defined by the type.`,
        );
    if (typeof data.fi_input === 'string' && data.fi_input.length > 1048576)
        return err(
            400,
            '0x80044331',
            "A validation error occurred. The length of the 'fi_input' attribute of the 'fi_flowrequest' entity exceeded the maximum allowed length of '1048576'.",
        );
    const row = Q.addRow(state.queue, user, data);
    // No Prefer: return=representation → 204 and the new row's address in OData-EntityId (what Xrm.WebApi reads the id from).
    return {
        status: 204,
        headers: { 'OData-Version': '4.0', 'OData-EntityId': `https://${req.host}/api/data/v9.2/${Qt.entitySet}(${row.fi_flowrequestid})` },
        body: '',
    };
}

function readQueueRow(state, req, user, id, prefer) {
    const Qt = T.QUEUE_TABLE;
    if (!GUID.test(id)) return syntaxError();
    const row = state.queue.rows.get(id.toLowerCase());
    if (!row) return err(404, '0x80040217', `${Qt.logicalName} With Id = ${id} Does Not Exist`);
    // Read at user level: own rows only.
    if (!user.queue.read || row._createdby_value !== user.systemuserid) return missingPrivilege(user, `prvRead${Qt.logicalName}`, 10234, Qt.logicalName);
    const select = req.query.get('$select');
    const cols = select ? select.split(',').map((c) => c.trim()) : Q.COLUMNS;
    const unknown = cols.find((c) => !Q.COLUMNS.includes(c));
    if (unknown) return err(400, '0x80060888', `Could not find a property named '${unknown}' on type 'Microsoft.Dynamics.CRM.${Qt.logicalName}'.`);
    const out = {
        '@odata.context': `https://${req.host}/api/data/v9.2/$metadata#${Qt.entitySet}(${cols.join(',')})/$entity`,
        '@odata.etag': `W/"${Date.parse(row.modifiedon)}"`,
    };
    for (const c of cols) {
        out[c] = row[c] ?? null;
        const f = prefer && row[c] != null && Q.formatted(row, c);
        if (f) out[`${c}@OData.Community.Display.V1.FormattedValue`] = f;
    }
    out[Qt.key] = row[Qt.key];
    return json(200, out, ODATA);
}

// --- environment variables ---------------------------------------------------------------------------------
const DEFINITION_COLUMNS = ['environmentvariabledefinitionid', 'schemaname', 'displayname', 'defaultvalue', 'type'];
const VALUE_COLUMNS = ['environmentvariablevalueid', 'value', 'schemaname'];
const VALUES_NAV = 'environmentvariabledefinition_environmentvariablevalue';

function pick(row, select, columns, type) {
    const cols = select ? select.split(',').map((c) => c.trim()) : columns;
    const unknown = cols.find((c) => !columns.includes(c));
    if (unknown) return { error: err(400, '0x80060888', `Could not find a property named '${unknown}' on type 'Microsoft.Dynamics.CRM.${type}'.`) };
    return { value: Object.fromEntries(cols.map((c) => [c, row[c] ?? null])) };
}

// Values a maker stored (the setup check's "Store this URL"), by definition id over the fixture's; a scenario's writes go
// with state.reset() like every other change it makes, so each scenario starts from the same tenant.
const written = new WeakMap();
function writtenValues(state) {
    let values = written.get(state);
    if (!values) {
        values = new Map();
        written.set(state, values);
        const reset = state.reset;
        state.reset = function () {
            reset.call(this);
            values.clear();
        };
    }
    return values;
}
const variableRows = (state) => T.ENV_VARS.map((v) => ({ ...v, ...writtenValues(state).get(v.environmentvariabledefinitionid) }));
const VALUE_OTC = 381;

// POST environmentvariablevalues { value, "EnvironmentVariableDefinitionId@odata.bind": "/environmentvariabledefinitions(<id>)" }
// and PATCH environmentvariablevalues(<id>) { value }: Create and Write on the value table only for users who have them (writesVariables).
function writeVariableValue(state, req, user, valueId) {
    const creating = valueId === undefined;
    if (!user.writesVariables) {
        return missingPrivilege(
            user,
            creating ? 'prvCreateEnvironmentVariableValue' : 'prvWriteEnvironmentVariableValue',
            VALUE_OTC,
            'environmentvariablevalue',
        );
    }
    let data;
    try {
        data = JSON.parse(req.body.toString() || '{}');
    } catch {
        return err(400, '0x80040224', 'The request body is not valid JSON.');
    }
    const BIND = 'EnvironmentVariableDefinitionId@odata.bind';
    const unknown = Object.keys(data).find((k) => !['value', 'schemaname', ...(creating ? [BIND] : [])].includes(k));
    if (unknown)
        return err(
            400,
            '0x80060888',
            `The property '${unknown}' does not exist on type 'Microsoft.Dynamics.CRM.environmentvariablevalue'. Make sure to only use property names that are defined by the type.`,
        );
    const rows = variableRows(state);
    let row;
    if (creating) {
        const bound = /^\/environmentvariabledefinitions\(([0-9a-f-]{36})\)$/i.exec(data[BIND] || '');
        if (!bound) return err(400, '0x80060888', `A value for the navigation property '${BIND.split('@')[0]}' is required.`);
        row = rows.find((v) => v.environmentvariabledefinitionid === bound[1].toLowerCase());
        if (!row) return err(404, '0x80040217', `environmentvariabledefinition With Id = ${bound[1]} Does Not Exist`);
    } else {
        if (!GUID.test(valueId)) return syntaxError();
        row = rows.find((v) => v.environmentvariablevalueid === valueId.toLowerCase());
        if (!row) return err(404, '0x80040217', `environmentvariablevalue With Id = ${valueId} Does Not Exist`);
    }
    const id = row.environmentvariablevalueid || `e9c3${row.environmentvariabledefinitionid.slice(4)}`;
    writtenValues(state).set(row.environmentvariabledefinitionid, {
        environmentvariablevalueid: id,
        value: typeof data.value === 'string' ? data.value : row.value,
    });
    // As Dataverse answers without Prefer: return=representation: 204, the row's address in OData-EntityId.
    return {
        status: 204,
        headers: { 'OData-Version': '4.0', 'OData-EntityId': `https://${req.host}/api/data/v9.2/environmentvariablevalues(${id})` },
        body: '',
    };
}

// GET environmentvariabledefinitions?$select=…&$filter=schemaname eq '<name>'&$expand=…_environmentvariablevalue($select=value)
function environmentVariables(state, req) {
    const filter = req.query.get('$filter');
    let rows = variableRows(state);
    if (filter !== null) {
        const f = /^\s*schemaname\s+eq\s+'((?:[^']|'')*)'\s*$/.exec(filter);
        if (!f) return syntaxError();
        rows = rows.filter((v) => v.schemaname.toLowerCase() === f[1].replace(/''/g, "'").toLowerCase());
    }
    const expand = req.query.get('$expand');
    let expandSelect = null;
    if (expand !== null) {
        const e = /^\s*([a-z_]+)(?:\(\$select=([a-z_,]+)\))?\s*$/.exec(expand);
        if (!e) return syntaxError();
        if (e[1] !== VALUES_NAV)
            return err(400, '0x80060888', `Could not find a property named '${e[1]}' on type 'Microsoft.Dynamics.CRM.environmentvariabledefinition'.`);
        expandSelect = e[2] || '';
    }
    const value = [];
    for (const v of rows) {
        const p = pick(v, req.query.get('$select'), DEFINITION_COLUMNS, 'environmentvariabledefinition');
        if (p.error) return p.error;
        const out = { '@odata.etag': 'W/"1024"', ...p.value, environmentvariabledefinitionid: v.environmentvariabledefinitionid };
        if (expandSelect !== null) {
            const values = v.environmentvariablevalueid
                ? [{ environmentvariablevalueid: v.environmentvariablevalueid, value: v.value, schemaname: v.schemaname }]
                : [];
            const projected = [];
            for (const item of values) {
                const q = pick(item, expandSelect || null, VALUE_COLUMNS, 'environmentvariablevalue');
                if (q.error) return q.error;
                projected.push({ '@odata.etag': 'W/"2048"', ...q.value, environmentvariablevalueid: item.environmentvariablevalueid });
            }
            out[VALUES_NAV] = projected;
        }
        value.push(out);
    }
    return json(200, { '@odata.context': `https://${req.host}/api/data/v9.2/$metadata#environmentvariabledefinitions`, value }, ODATA);
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
            return {
                kind: 'workflow',
                ...err(
                    403,
                    '0x80040220',
                    `Principal user (Id=${user.systemuserid}, type=8, roleCount=1, privilegeCount=437, accessMode=0), is missing prvReadWorkflow privilege (Id=0d2aaf6d-3a42-4ad0-9c58-a6c2cc6b7d2a) on OTC=4703 for entity 'workflow'. context.Caller=${user.systemuserid}`,
                ),
            };
        }
        const flow = Object.values(T.FLOWS).find((f) => f.cloud === cloud && !f.deleted && f.workflowid === k[1].toLowerCase());
        if (!flow) return { kind: 'workflow', ...err(404, '0x80040217', `workflow With Id = ${k[1]} Does Not Exist`) };
        const p = project(workflowRow(flow), req.query, WORKFLOW_COLUMNS, 'workflow', 'workflowid', prefer);
        if (p.error) return { kind: 'workflow', ...p.error };
        return {
            kind: 'workflow',
            ...json(200, { '@odata.context': `${ctx}workflows(${p.cols.join(',')})/$entity`, '@odata.etag': 'W/"4711"', ...p.body }, ODATA),
        };
    }
    k = /^systemusers\((.*)\)$/.exec(segment);
    if (k) {
        if (!GUID.test(k[1])) return { kind: 'systemuser', ...syntaxError() };
        const u = Object.values(T.USERS).find((x) => x.systemuserid === k[1].toLowerCase());
        if (!u) return { kind: 'systemuser', ...err(404, '0x80040217', `systemuser With Id = ${k[1]} Does Not Exist`) };
        const row = {
            systemuserid: u.systemuserid,
            fullname: u.name,
            windowsliveid: u.upn,
            domainname: u.upn,
            internalemailaddress: u.email || u.upn,
            azureactivedirectoryobjectid: u.oid,
            isdisabled: false,
        };
        const p = project(row, req.query, USER_COLUMNS, 'systemuser', 'systemuserid', prefer);
        if (p.error) return { kind: 'systemuser', ...p.error };
        return {
            kind: 'systemuser',
            ...json(200, { '@odata.context': `${ctx}systemusers(${p.cols.join(',')})/$entity`, '@odata.etag': 'W/"815"', ...p.body }, ODATA),
        };
    }
    k = /^RetrieveCurrentOrganization\(AccessType=(.+)\)$/.exec(segment);
    if (k) {
        const value = k[1].startsWith('@') ? req.query.get(k[1]) : k[1];
        if (value !== "Microsoft.Dynamics.CRM.EndpointAccessType'Default'" && value !== "Microsoft.Dynamics.CRM.EndpointAccessType'Internet'") {
            return { kind: 'organization', ...syntaxError() };
        }
        return { kind: 'organization', ...retrieveOrganization(req, cloud) };
    }
    if (segment === T.QUEUE_TABLE.entitySet && req.method === 'POST') return { kind: 'queueCreate', ...createQueueRow(state, req, user) };
    k = new RegExp(`^${T.QUEUE_TABLE.entitySet}\\((.*)\\)$`).exec(segment);
    if (k && req.method === 'GET') return { kind: 'queueRead', ...readQueueRow(state, req, user, k[1], prefer) };
    if (segment === 'environmentvariabledefinitions' && req.method === 'GET') return { kind: 'environmentVariable', ...environmentVariables(state, req) };
    if (segment === 'environmentvariablevalues' && req.method === 'POST') return { kind: 'environmentVariableWrite', ...writeVariableValue(state, req, user) };
    k = /^environmentvariablevalues\((.*)\)$/.exec(segment);
    if (k && req.method === 'PATCH') return { kind: 'environmentVariableWrite', ...writeVariableValue(state, req, user, k[1]) };
    if (segment === 'WhoAmI' || segment === 'WhoAmI()') {
        return {
            kind: 'whoami',
            ...json(
                200,
                {
                    '@odata.context': `${ctx}Microsoft.Dynamics.CRM.WhoAmIResponse`,
                    BusinessUnitId: '1b2c3d4e-0000-4000-8000-0000000000b0',
                    UserId: user.systemuserid,
                    OrganizationId: orgId(cloud),
                },
                ODATA,
            ),
        };
    }
    return err(404, '0x8006088a', `Resource not found for the segment '${segment.split(/[(/]/)[0]}'.`);
}

module.exports = { handle, cloudOfOrg };
