'use strict';
// The fixture flows: what each trigger and Response action is, and the stable ids the emulators give them.
// The workflow columns follow docs/platform-facts.md, "Ids from the model-driven app".
const { triggerHostFor } = require('./clouds');
const { USERS } = require('./users');

// Flows. Each becomes a Dataverse workflow row in its cloud's environment and a flow behind the flow API.
// trigger: { key, kind: Http|Button|PowerAppV2|Recurrence|Dataverse, auth: Tenant|User|All, allowed, schema, method,
// legacy (an Http trigger saved before OAuth: no triggerAuthenticationType, so Anyone) }; response: null (no Response
// action → 202) or { status, body: 'echo' | object, skipped (its Condition sends it down the branch without a Response),
// failsBefore (an action before it fails) }; delayMs: time until the Response action answers. owner (default diego) and
// coOwners are user keys; deleted: gone from Dataverse and the flow API, its old URL answers 'Deleted';
// formerLogicAppIds: URLs of earlier incarnations (a re-created or re-imported flow), which answer 'Deleted' too.
const G = (n) => `${n}-0000-4000-8000-000000000000`.slice(0, 36); // readable fixture GUIDs
const http = (auth, extra) => ({ key: 'manual', kind: 'Http', auth, ...extra });
const echo = { status: 200, body: 'echo' };

// A trigger schema as exported flows carry it (docs/platform-facts.md, "Trigger authentication types and the definition"):
// titles, descriptions, enum, format, and x-ms-dynamically-added on what the designer's "Add an input" wrote.
const CONTRACT_SCHEMA = {
    type: 'object',
    properties: {
        recordId: { type: 'string', title: 'Record', description: 'The account the request is about' },
        amount: { type: 'number', title: 'Amount', description: 'Requested credit, in the account currency', 'x-ms-dynamically-added': true },
        licences: { type: 'integer', title: 'Licences', 'x-ms-dynamically-added': true },
        priority: { type: 'string', title: 'Priority', enum: ['low', 'normal', 'high'], 'x-ms-dynamically-added': true },
        due: { type: 'string', title: 'Due date', format: 'date', 'x-ms-dynamically-added': true },
        urgent: { type: 'boolean', title: 'Urgent', description: 'Skip the approval queue', 'x-ms-dynamically-added': true },
        comment: { type: 'string', title: 'Comment', description: 'Why the credit is needed', maxLength: 2000, 'x-ms-dynamically-added': true },
    },
    required: ['recordId', 'amount', 'priority'],
};

const FLOWS = {
    echo: { cloud: 'Public', name: 'Echo (any user in tenant)', trigger: http('Tenant'), response: echo },
    fireAndForget: { cloud: 'Public', name: 'Fire and forget', trigger: http('Tenant'), response: null },
    specificUsers: { cloud: 'Public', name: 'Specific users (Adele)', trigger: http('User', { allowed: 'AdeleV@contoso.onmicrosoft.com' }), response: echo },
    specificUsersByOid: { cloud: 'Public', name: 'Specific users by object id (Adele)', trigger: http('User', { allowed: USERS.adele.oid }), response: echo },
    specificUsersBlank: { cloud: 'Public', name: 'Specific users, blank list', trigger: http('User', { allowed: '' }), response: echo },
    anyone: { cloud: 'Public', name: 'Anyone (SAS)', trigger: http('All'), response: echo },
    slow: { cloud: 'Public', name: 'Slow flow', trigger: http('Tenant'), response: echo, delayMs: 3000 },
    created: {
        cloud: 'Public',
        name: 'Creates a record',
        trigger: http('Tenant'),
        response: { status: 201, body: { id: 'a1b2c3d4-0000-4000-8000-000000000001', message: 'Created' } },
    },
    flowError: { cloud: 'Public', name: 'Returns an error', trigger: http('Tenant'), response: { status: 400, body: { error: 'Amount must be positive' } } },
    schema: {
        cloud: 'Public',
        name: 'Validates its input',
        response: echo,
        trigger: http('Tenant', {
            schema: { type: 'object', properties: { amount: { type: 'number' } }, required: ['amount'] },
            validate: true,
        }),
    },
    renamedTrigger: { cloud: 'Public', name: 'Trigger not called manual', response: echo, trigger: http('Tenant', { key: 'When_a_HTTP_request_is_received' }) },
    recurrence: {
        cloud: 'Public',
        name: 'Scheduled (Recurrence)',
        response: null,
        trigger: { key: 'Recurrence', kind: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } },
    },
    off: { cloud: 'Public', name: 'Turned off', trigger: http('Tenant'), response: echo, statecode: 0, statuscode: 1 },
    // Dataverse pairs statecode 2 (Suspended) with statuscode 3 (CompanyDLPViolation): a suspended flow is a DLP one.
    dlp: { cloud: 'Public', name: 'Suspended by DLP', trigger: http('Tenant'), response: echo, statecode: 2, statuscode: 3 },
    classic: { cloud: 'Public', name: 'Classic workflow', category: 0, trigger: null, response: null },
    compressed: { cloud: 'Public', name: 'clientdata unreadable', trigger: http('Tenant'), response: echo, clientdataCompressed: true },
    // In Dataverse but unknown to the flow API (e.g. deleted behind Dataverse's back): FlowNotFound.
    orphan: { cloud: 'Public', name: 'Orphaned row', trigger: http('Tenant'), response: echo, inFlowApi: false },
    gcc: { cloud: 'GCC', name: 'Echo (GCC)', trigger: http('Tenant'), response: echo },
    gcchigh: { cloud: 'GCCHigh', name: 'Echo (GCC High)', trigger: http('Tenant'), response: echo },
    dod: { cloud: 'DoD', name: 'Echo (DoD)', trigger: http('Tenant'), response: echo },
    china: { cloud: 'China', name: 'Echo (China)', trigger: http('Tenant'), response: echo },
    chinaAnyone: { cloud: 'China', name: 'Anyone (China)', trigger: http('All'), response: echo },
    // A Response action returning about 1 MB of JSON: 2,000 orders with lines, one deep marker value.
    bigResponse: { cloud: 'Public', name: 'Large answer (1 MB)', trigger: http('Tenant'), response: { status: 200, body: 'big' } },
    // What real definitions and services say beyond the happy path (docs/platform-facts.md, "What we could not verify without a tenant").
    legacyAnyone: { cloud: 'Public', name: 'Saved before OAuth (no authentication type)', trigger: http('All', { legacy: true }), response: echo },
    specificUsersMixed: {
        cloud: 'Public',
        name: 'Specific users (Megan; adele in other case)',
        response: echo,
        trigger: http('User', { allowed: ' MeganB@contoso.onmicrosoft.com;adelev@CONTOSO.onmicrosoft.com ' }),
    },
    specificUsersHidden: {
        cloud: 'Public',
        name: 'Specific users (Adele), definition unreadable',
        response: echo,
        trigger: http('User', { allowed: 'AdeleV@contoso.onmicrosoft.com' }),
        clientdataCompressed: true,
    },
    getTrigger: { cloud: 'Public', name: 'GET trigger', trigger: http('Tenant', { method: 'GET' }), response: echo },
    getTriggerHidden: {
        cloud: 'Public',
        name: 'GET trigger, definition unreadable',
        trigger: http('Tenant', { method: 'GET' }),
        response: echo,
        clientdataCompressed: true,
    },
    button: { cloud: 'Public', name: 'Instant (button) flow', trigger: { key: 'manual', kind: 'Button' }, response: null },
    powerApps: { cloud: 'Public', name: 'Called from Power Apps', trigger: { key: 'manual', kind: 'PowerAppV2' }, response: null },
    automated: {
        cloud: 'Public',
        name: 'When an account is added',
        response: null,
        trigger: { key: 'When_a_row_is_added,_modified_or_deleted', kind: 'Dataverse' },
    },
    buttonHidden: {
        cloud: 'Public',
        name: 'Instant (button) flow, definition unreadable',
        trigger: { key: 'manual', kind: 'Button' },
        response: null,
        clientdataCompressed: true,
    },
    responseSkipped: { cloud: 'Public', name: 'Response in the other branch', trigger: http('Tenant'), response: { ...echo, skipped: true } },
    failsBeforeResponse: { cloud: 'Public', name: 'Fails before its Response', trigger: http('Tenant'), response: { ...echo, failsBefore: 'Get_a_row_by_ID' } },
    coOwned: { cloud: 'Public', name: 'Echo, co-owned by Adele', trigger: http('Tenant'), response: echo, coOwners: ['adele'] },
    recreated: {
        cloud: 'Public',
        name: 'Re-imported (new trigger URL)',
        trigger: http('Tenant'),
        response: echo,
        formerLogicAppIds: ['c2d3f0f0'.padEnd(32, 'e')],
    },
    gone: { cloud: 'Public', name: 'Deleted flow', trigger: http('Tenant'), response: echo, deleted: true },
    // Response action set to Asynchronous response: 202 + Location, answered after delayMs of emulated time (services/trigger.js).
    longRunning: {
        cloud: 'Public',
        name: 'Long-running (asynchronous Response, 3 minutes)',
        trigger: http('Tenant'),
        response: { ...echo, asynchronous: true },
        delayMs: 3 * 60_000,
    },
    veryLongRunning: {
        cloud: 'Public',
        name: 'Runs for 2 hours (asynchronous Response)',
        trigger: http('Tenant'),
        response: { ...echo, asynchronous: true },
        delayMs: 2 * 3600_000,
    },
    // A definition of about 200 KB (definitionKb Compose actions of 1 KB), for what a form load downloads.
    bigDefinition: { cloud: 'Public', name: 'Large definition (200 KB)', trigger: http('Tenant'), response: echo, definitionKb: 200 },
    // The flow's own contract (README "BodyDoesNotMatchSchema"): a schema shaped as real exports write it, checked by the
    // trigger too; and a sample payload pasted where the schema belongs, which neither the trigger nor the control enforces.
    contract: {
        cloud: 'Public',
        name: 'Credit request (schema with titles, enum, format)',
        response: echo,
        trigger: http('Tenant', { schema: CONTRACT_SCHEMA, validate: true }),
    },
    samplePayload: {
        cloud: 'Public',
        name: 'Sample payload instead of a schema',
        response: echo,
        trigger: http('Tenant', { schema: { recordId: '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', amount: 12.5, priority: 'high', type: 'credit' } }),
    },
};

// Stable ids: workflowid, resourceid (differs per environment) and the Logic Apps workflow name in trigger URLs.
Object.entries(FLOWS).forEach(([key, f], i) => {
    const n = String(i + 1).padStart(4, '0');
    f.key = key;
    f.workflowid = G(`a0f1${n}`);
    f.resourceid = G(`b1e2${n}`);
    f.logicAppId = `c2d3${n}`.padEnd(32, 'e');
    f.sig = `SiG${n}xYz-sandbox-shared-access-signature`;
    f.category = f.category ?? 5;
    f.statecode = f.statecode ?? 1;
    f.statuscode = f.statuscode ?? 2;
    f.inFlowApi = !f.deleted && (f.inFlowApi ?? true);
    f.owner = f.owner ?? 'diego';
    f.coOwners = f.coOwners ?? [];
});

/** The trigger's type as definitions carry it. */
const TRIGGER_TYPES = { Http: 'Request', Button: 'Request', PowerAppV2: 'Request', Recurrence: 'Recurrence', Dataverse: 'OpenApiConnectionWebhook' };
const triggerTypeOf = (t) => TRIGGER_TYPES[t.kind];

/** The URL a trigger of an earlier incarnation (or of a deleted flow) had: the same shape with its old workflow name. */
function formerUrlOf(flow, logicAppId = flow.formerLogicAppIds[0]) {
    return `https://${triggerHostFor(flow.cloud)}:443/powerautomate/automations/direct/workflows/${logicAppId}/triggers/${flow.trigger.key}/paths/invoke?api-version=1`;
}

module.exports = { FLOWS, G, triggerTypeOf, formerUrlOf };
