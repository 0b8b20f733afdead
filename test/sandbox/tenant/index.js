'use strict';
/* eslint-disable @microsoft/power-apps/use-cached-webresource -- the sandbox is the server that serves these URLs */
// Fixture data for the emulated tenant: clouds, users, app registrations, flows and form configurations.
// Hosts and audiences follow docs/platform-facts.md, "Token audience and scope"; the workflow columns follow docs/platform-facts.md, "Ids from the model-driven app".

const TENANT_ID = '5b0c3f6e-2a1d-4e8b-9c47-1f2e3d4c5b6a';
const TENANT_NAME = 'Contoso';
const TENANT_DOMAIN = 'contoso.onmicrosoft.com';

// One row per cloud. `env` is the Power Platform environment id of the fixture environment in that cloud.
const CLOUDS = {
    Public: {
        authorityHost: 'login.microsoftonline.com',
        flowApiHost: 'api.flow.microsoft.com',
        audience: 'https://service.flow.microsoft.com/',
        orgHost: 'contoso.crm.dynamics.com',
        env: `Default-${TENANT_ID}`,
        triggerHost: null, // derived from env: see triggerHostFor()
        issuer: `https://sts.windows.net/${TENANT_ID}/`,
        geo: 'NA',
        datacenter: 'westus',
    },
    GCC: {
        authorityHost: 'login.microsoftonline.com',
        flowApiHost: 'gov.api.flow.microsoft.us',
        audience: 'https://gov.service.flow.microsoft.us/',
        orgHost: 'contoso.crm9.dynamics.com',
        env: '0d6a1c2b-7e3f-4a59-b8c1-2f4e6a8b0c9d',
        triggerHost: 'prod-27.usgovtexas.logic.azure.us',
        issuer: `https://sts.windows.net/${TENANT_ID}/`,
        geo: 'GOV',
        datacenter: 'usgovtexas',
    },
    GCCHigh: {
        authorityHost: 'login.microsoftonline.us',
        flowApiHost: 'high.api.flow.microsoft.us',
        audience: 'https://high.service.flow.microsoft.us/',
        orgHost: 'contoso.crm.microsoftdynamics.us',
        env: '3e9b7d5c-1a2f-4c6e-8d0b-5a7c9e1f3b2d',
        triggerHost: 'prod-11.usgovtexas.logic.azure.us',
        issuer: `https://sts.windows.net/${TENANT_ID}/`,
        geo: 'USG',
        datacenter: 'usgovtexas',
    },
    DoD: {
        authorityHost: 'login.microsoftonline.us',
        flowApiHost: 'api.flow.appsplatform.us',
        audience: 'https://service.flow.appsplatform.us/',
        orgHost: 'contoso.crm.appsplatform.us',
        env: '7f2c4e6a-8b1d-4f3a-9e5c-0b2d4f6a8c1e',
        triggerHost: 'prod-04.usgovtexas.logic.azure.us',
        issuer: `https://sts.windows.net/${TENANT_ID}/`,
        geo: 'DOD',
        datacenter: 'usdodcentral',
    },
    China: {
        authorityHost: 'login.partner.microsoftonline.cn',
        flowApiHost: 'api.powerautomate.cn',
        audience: 'https://service.powerautomate.cn/',
        orgHost: 'contoso.crm.dynamics.cn',
        env: '9a4e2c0b-6d8f-4b1a-a3c5-7e9f1b3d5a0c',
        triggerHost: 'prod-03.chinaeast2.logic.azure.cn',
        // v1 tokens from the China cloud carry the chinacloudapi issuer, not sts.windows.net.
        issuer: `https://sts.chinacloudapi.cn/${TENANT_ID}/`,
        geo: 'CHN',
        datacenter: 'chinaeast2',
    },
};

// Public-cloud trigger hosts (docs/platform-facts.md, "Trigger hosts and binding a URL to an environment"): the id
// lower-cased without dashes ("Default-" stays as "default"), its last two characters as their own label.
const environmentHostOf = (envId) => {
    const id = envId.toLowerCase().replace(/-/g, '');
    return `${id.slice(0, -2)}.${id.slice(-2)}.environment.api.powerplatform.com`;
};
function triggerHostFor(cloudName) {
    const c = CLOUDS[cloudName];
    return c.triggerHost || environmentHostOf(c.env);
}

const USERS = {
    adele: {
        oid: 'c1a7e0d2-4b3f-4e6a-9d8c-1b2a3c4d5e6f',
        systemuserid: '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
        upn: 'AdeleV@contoso.onmicrosoft.com',
        name: 'Adele Vance',
        canReadWorkflow: true,
    },
    megan: {
        oid: 'd2b8f1e3-5c4a-4f7b-8e9d-2c3b4d5e6f70',
        systemuserid: '7a2f3e4d-5c6b-4a79-9887-b6c5d4e3f2a1',
        upn: 'MeganB@contoso.onmicrosoft.com',
        name: 'Megan Bowen',
        canReadWorkflow: true,
    },
    noflowread: {
        oid: 'e3c9a2f4-6d5b-4a8c-9fae-3d4c5e6f7081',
        systemuserid: '8b3a4f5e-6d7c-4b8a-a998-c7d6e5f4a3b2',
        upn: 'NoFlowRead@contoso.onmicrosoft.com',
        name: 'Nestor Wilke',
        canReadWorkflow: false,
    },
    // B2B guest: windowsliveid holds the #EXT# UPN, internalemailaddress the real address (docs/platform-facts.md, "Ids from the model-driven app").
    guest: {
        oid: 'f4d0b3a5-7e6c-4b9d-8abf-4e5d6f708192',
        systemuserid: '9c4b5a6f-7e8d-4c9b-8aa9-d8e7f6a5b4c3',
        upn: 'pat_fabrikam.com#EXT#@contoso.onmicrosoft.com',
        email: 'pat@fabrikam.com',
        name: 'Pat Guest',
        guest: true,
        homeTenant: '0f9e8d7c-6b5a-4948-8372-615049382716',
        canReadWorkflow: true,
    },
    // The maker: owns every flow unless a fixture says otherwise (listCallbackUrl variant 'ownersOnly').
    diego: {
        oid: 'b6f2d5c7-9a8e-4dbf-8cd1-60718293a4b5',
        systemuserid: 'be6d7c8b-9a0f-4ebd-8ccb-f0a9b8c7d6e5',
        upn: 'DiegoS@contoso.onmicrosoft.com',
        name: 'Diego Siciliani',
        canReadWorkflow: true,
        // Create and Write on Environment Variable Value (a maker's role): may store a trigger URL in a variable.
        writesVariables: true,
    },
    // A security role without Create on the queue table (fi_flowrequest): QueueWriteDenied.
    noqueue: {
        oid: 'a5e1c4b6-8f7d-4cae-9bc0-5f6e708192a3',
        systemuserid: 'ad5c6b7a-8f9e-4dac-9bba-e9f8a7b6c5d4',
        upn: 'LidiaH@contoso.onmicrosoft.com',
        name: 'Lidia Holloway',
        canReadWorkflow: true,
        queue: { create: false, read: true },
    },
};
// Privileges on the queue table: Create + Read at user level (own rows) unless a user says otherwise.
for (const u of Object.values(USERS)) u.queue = u.queue || { create: true, read: true };

const FLOW_SERVICE_APP_ID = '7df0a125-d3be-4c96-aa54-591f83ff541c'; // "Microsoft Flow Service" (docs/platform-facts.md, "Token audience and scope")

const REDIRECT_PATH = '/webresources/cc_FlowInvoker.FlowInvoker/auth/redirect.html';
const orgRedirects = (path) => Object.values(CLOUDS).map((c) => `https://${c.orgHost}${path}`);

// App registrations. `spaRedirectUris` are of the "Single-page application" platform type (CORS token redemption).
const APPS = {
    flowinvoker: { clientId: '2b5d8e1f-3c4a-4b6d-9e7f-a0b1c2d3e4f5', name: 'FlowInvoker', consent: true, spaRedirectUris: orgRedirects(REDIRECT_PATH) },
    noconsent: {
        clientId: '3c6e9f2a-4d5b-4c7e-8f90-b1c2d3e4f5a6',
        name: 'FlowInvoker (no consent)',
        consent: false,
        spaRedirectUris: orgRedirects(REDIRECT_PATH),
    },
    // Confidential client for app-only tokens (client_credentials): the flow API must refuse them.
    daemon: { clientId: '4d7fa03b-5e6c-4d8f-9a01-c2d3e4f5a6b7', name: 'Daemon', consent: true, secret: 'sandbox-daemon-secret', spaRedirectUris: [] },
};

// The maker's own API (Entra > App registrations > Expose an API): identifierUri api://<appId>, delegated scope
// user_impersonation. The FlowInvoker app holds that permission with admin consent (docs/platform-facts.md, "The chain", README identityScope).
const MAKER_API = { clientId: '5e8a0b4c-6f7d-4e9a-8b12-d3e4f5a6b7c8', name: 'Contoso Approvals API', scopes: ['user_impersonation'] };
MAKER_API.identifierUri = `api://${MAKER_API.clientId}`;
MAKER_API.scope = `${MAKER_API.identifierUri}/user_impersonation`;
APPS.flowinvoker.consentedApis = [MAKER_API.identifierUri];
APPS.noconsent.consentedApis = [];

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

// clientdata as exported flows carry it (docs/platform-facts.md, "Token audience and scope"): a JSON string.
const DEFINITION_TRIGGERS = {
    Http: (t) => ({
        type: 'Request',
        kind: 'Http',
        inputs: {
            ...(t.legacy ? {} : { triggerAuthenticationType: t.auth }),
            ...(t.auth === 'User' ? { triggerAllowedUsers: t.allowed } : {}),
            ...(t.method ? { method: t.method } : {}),
            schema: t.schema || {},
        },
    }),
    Button: () => ({ type: 'Request', kind: 'Button', inputs: { schema: { type: 'object', properties: {}, required: [] } } }),
    PowerAppV2: () => ({
        type: 'Request',
        kind: 'PowerAppV2',
        inputs: {
            schema: {
                type: 'object',
                properties: {
                    text: {
                        title: 'Input',
                        type: 'string',
                        'x-ms-dynamically-added': true,
                        description: 'Please enter your input',
                        'x-ms-content-hint': 'TEXT',
                    },
                },
                required: ['text'],
            },
        },
    }),
    Recurrence: (t) => ({ type: 'Recurrence', recurrence: t.recurrence }),
    Dataverse: () => ({
        type: 'OpenApiConnectionWebhook',
        inputs: {
            host: {
                connectionName: 'shared_commondataserviceforapps',
                operationId: 'SubscribeWebhookTrigger',
                apiId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps',
            },
            parameters: { 'subscriptionRequest/message': 1, 'subscriptionRequest/entityname': 'account', 'subscriptionRequest/scope': 4 },
            authentication: "@parameters('$authentication')",
        },
    }),
};

// The actions around the Response: in a Condition's true branch (skipped), or after a Dataverse read that can fail.
function actionsFor(flow) {
    const r = flow.response;
    if (!r) return {};
    const response = {
        type: 'Response',
        kind: 'Http',
        runAfter: {},
        inputs: { statusCode: r.status, body: '@triggerBody()' },
        ...(r.asynchronous ? { operationOptions: 'Asynchronous' } : {}),
    };
    if (r.skipped) {
        return {
            Condition: {
                type: 'If',
                expression: { and: [{ equals: ["@triggerBody()?['approved']", true] }] },
                runAfter: {},
                actions: { Response: response },
                else: { actions: {} },
            },
        };
    }
    if (r.failsBefore) {
        return {
            [r.failsBefore]: {
                type: 'OpenApiConnection',
                runAfter: {},
                inputs: {
                    host: {
                        connectionName: 'shared_commondataserviceforapps',
                        operationId: 'GetItem',
                        apiId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps',
                    },
                    parameters: { entityName: 'accounts', recordId: "@triggerBody()?['recordId']" },
                    authentication: "@parameters('$authentication')",
                },
            },
            Response: { ...response, runAfter: { [r.failsBefore]: ['Succeeded'] } },
        };
    }
    return { Response: response };
}

function clientdataFor(flow) {
    if (flow.clientdataCompressed || !flow.trigger) return null;
    const t = flow.trigger;
    const trigger = DEFINITION_TRIGGERS[t.kind](t);
    const actions = actionsFor(flow);
    return JSON.stringify({
        properties: {
            connectionReferences: {},
            definition: {
                $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
                contentVersion: '1.0.0.0',
                parameters: { $connections: { defaultValue: {}, type: 'Object' }, $authentication: { defaultValue: {}, type: 'SecureObject' } },
                triggers: { [t.key]: trigger },
                actions: { ...actions, ...paddingFor(flow) },
            },
        },
        schemaVersion: '1.0.0.0',
    });
}

/** definitionKb Compose actions of 1 KB each: a flow whose definition is as large as real ones get. */
function paddingFor(flow) {
    return Object.fromEntries(
        Array.from({ length: flow.definitionKb || 0 }, (_, i) => [`Compose_${i}`, { type: 'Compose', runAfter: {}, inputs: 'x'.repeat(1024) }]),
    );
}

// Form configurations: `?config=<name>` on main.aspx. Every flow gets one by its key; extras override properties.
const BASE = { clientId: APPS.flowinvoker.clientId, tenantId: TENANT_ID, buttonLabel: 'Run flow' };
const CONFIGS = {};
for (const f of Object.values(FLOWS)) {
    CONFIGS[f.key] = { cloud: f.cloud, controls: [{ ...BASE, workflowId: f.workflowid, cloud: f.cloud }] };
}
Object.assign(CONFIGS, {
    default: { ...CONFIGS.echo },
    // No tenantId property, no Xrm global, no undocumented context members: the control must ask Dataverse.
    bare: { cloud: 'Public', xrm: false, undocumented: false, controls: [{ ...BASE, tenantId: null, workflowId: FLOWS.echo.workflowid }] },
    noConsent: { cloud: 'Public', controls: [{ ...BASE, clientId: APPS.noconsent.clientId, workflowId: FLOWS.echo.workflowid }] },
    unknownClient: { cloud: 'Public', controls: [{ ...BASE, clientId: '00000000-1111-4222-8333-444444444444', workflowId: FLOWS.echo.workflowid }] },
    badRedirect: {
        cloud: 'Public',
        controls: [{ ...BASE, workflowId: FLOWS.echo.workflowid, redirectUri: 'https://contoso.crm.dynamics.com/webresources/not-registered.html' }],
    },
    disabled: { cloud: 'Public', disabled: true, controls: [{ ...BASE, workflowId: FLOWS.echo.workflowid }] },
    dark: { cloud: 'Public', dark: true, controls: [{ ...BASE, workflowId: FLOWS.echo.workflowid }] },
    strictCsp: { cloud: 'Public', csp: true, controls: [{ ...BASE, workflowId: FLOWS.echo.workflowid }] },
    twoButtons: {
        cloud: 'Public',
        controls: [
            { ...BASE, workflowId: FLOWS.echo.workflowid, buttonLabel: 'Echo' },
            { ...BASE, workflowId: FLOWS.fireAndForget.workflowid, buttonLabel: 'Fire and forget' },
        ],
    },
    // A maker's typo in each property: the control must say which one and send nothing.
    badWorkflowId: { cloud: 'Public', controls: [{ ...BASE, workflowId: 'Echo flow' }] },
    badClientId: { cloud: 'Public', controls: [{ ...BASE, clientId: 'flowinvoker-app', workflowId: FLOWS.echo.workflowid }] },
    badTenantId: { cloud: 'Public', controls: [{ ...BASE, tenantId: 'contoso.onmicrosoft', workflowId: FLOWS.echo.workflowid }] },
    badCloud: { cloud: 'Public', controls: [{ ...BASE, cloud: 'Azure Germany', workflowId: FLOWS.echo.workflowid }] },
    badEnvironmentId: { cloud: 'Public', controls: [{ ...BASE, environmentId: 'contoso-prod', workflowId: FLOWS.echo.workflowid }] },
    httpRedirect: {
        cloud: 'Public',
        controls: [
            {
                ...BASE,
                workflowId: FLOWS.echo.workflowid,
                redirectUri: 'http://contoso.crm.dynamics.com/webresources/cc_FlowInvoker.FlowInvoker/auth/redirect.html',
            },
        ],
    },
    // The environmentId property set to an environment this tenant does not have.
    wrongEnvironment: { cloud: 'Public', controls: [{ ...BASE, workflowId: FLOWS.echo.workflowid, environmentId: '11111111-2222-4333-8444-555555555555' }] },
    // A workflowid that exists in no environment (e.g. the solution was not imported here).
    missingWorkflow: { cloud: 'Public', controls: [{ ...BASE, workflowId: '0c6e3d0a-5b0e-4a57-9d1e-8a5c2c1f7b21' }] },
    // "Anyone" flow accepted by the maker (allowAnonymousTrigger): no Authorization header may be sent.
    anyoneAllowed: { cloud: 'Public', controls: [{ ...BASE, workflowId: FLOWS.anyone.workflowid, allowAnonymousTrigger: true }] },
});

// Columns of the account the form shows, bound to input1..input5 by the configs below. Each has its PCF type, the
// stored value and what the page shows (formatted); the page lets a test edit them (an unsaved edit) before clicking.
const CONTACTS = [
    { id: '{4C3B2A19-0000-4000-8000-00000000C001}', name: 'Yvonne McKay', entityType: 'contact' },
    { id: '{4C3B2A19-0000-4000-8000-00000000C002}', name: 'Susanna Stubberod', entityType: 'contact' },
];
const COLUMNS = {
    name: { type: 'SingleLine.Text', label: 'Account name', value: 'Fourth Coffee', maxLength: 160 },
    numberofemployees: { type: 'Whole.None', label: 'Employees', value: 1250 },
    creditlimit: { type: 'Currency', label: 'Credit limit', value: 25000.5 },
    fi_duedate: { type: 'DateAndTime.DateOnly', label: 'Due date', value: '2025-05-08' },
    industrycode: {
        type: 'OptionSet',
        label: 'Industry',
        value: 3,
        options: [
            { Value: 1, Label: 'Accounting' },
            { Value: 3, Label: 'Consulting' },
            { Value: 7, Label: 'Financial' },
        ],
    },
    primarycontactid: { type: 'Lookup.Simple', label: 'Primary contact', value: CONTACTS[0], targets: CONTACTS },
    donotemail: {
        type: 'TwoOptions',
        label: 'Do not allow emails',
        value: false,
        options: [
            { Value: 0, Label: 'Allow' },
            { Value: 1, Label: 'Do Not Allow' },
        ],
    },
};

// Queue mode (README "Queue mode"): table fi_flowrequest with fi_input, fi_status (a Choice), fi_result.
const QUEUE_TABLE = {
    logicalName: 'fi_flowrequest',
    entitySet: 'fi_flowrequests',
    key: 'fi_flowrequestid',
    status: { Pending: 863500000, Running: 863500001, Completed: 863500002, Failed: 863500003 },
};
const QUEUE_PROPS = {
    mode: 'Queue',
    queueTable: 'fi_flowrequest',
    queueInputColumn: 'fi_input',
    queueStatusColumn: 'fi_status',
    queueResultColumn: 'fi_result',
    clientId: null,
    tenantId: null,
    workflowId: null,
};
// The imitation automated flow "When a row is added" on fi_flowrequest: picks a row up after pickupMs (Running),
// finishes after workMs more. What it does follows the input's "scenario": none → Completed with a result,
// "fail" → Failed with a text result, "hang" → stays Running. Turned off (`on: false`), it never picks anything up.
const QUEUE_FLOW = { name: 'Process FlowInvoker requests', on: true, pickupMs: 700, workMs: 500 };

// Environment variables (environmentvariabledefinition + environmentvariablevalue), Text type.
const publicTriggerUrl = (flowKey) => {
    // the same shape trigger.callbackUrlFor gives (kept here to avoid a cycle)
    const f = FLOWS[flowKey];
    return `https://${triggerHostFor(f.cloud)}:443/powerautomate/automations/direct/workflows/${f.logicAppId}/triggers/${f.trigger.key}/paths/invoke?api-version=1`;
};
const UNTRUSTED_HOST = 'prod-12.westus.logic.azure.com.flows-contoso.net'; // a look-alike: not a Power Automate host
const EMBEDDER_HOST = 'intranet.contoso.com'; // another site that shows the app in an iframe (form/embedder.js)
// Trigger hosts of OTHER customers under the shared suffixes: another tenant's environment, a Logic App in another tenant
// (commercial and GCC). The emulated trigger answers there like a hostile Logic App: 200, and it keeps what it was sent.
const FOREIGN_ENV_ID = '6e1d2c3b-4a59-4876-9f0e-1d2c3b4a5968';
const FOREIGN_HOSTS = {
    environment: environmentHostOf(FOREIGN_ENV_ID),
    logicApps: 'prod-12.westus.logic.azure.com',
    gccLogicApps: 'prod-31.usgovvirginia.logic.azure.us',
};
const FOREIGN_TRIGGER_HOSTS = Object.values(FOREIGN_HOSTS);
const logicAppsUrl = (
    host,
    logicAppId, // Logic Apps style, OAuth: sp and sv without sig (facts, "Trigger hosts…")
) => `https://${host}:443/workflows/${logicAppId}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0`;
const OTHER_ID = 'f0e1d2c3'.padEnd(32, 'a');
const ENV_VARS = [
    // current value = the echo flow's URL; the default (an older deployment's) must lose to it
    { schemaname: 'fi_EchoFlowUrl', displayname: 'Echo flow URL', defaultvalue: publicTriggerUrl('fireAndForget'), value: publicTriggerUrl('echo') },
    { schemaname: 'fi_DefaultOnlyUrl', displayname: 'Default-only URL', defaultvalue: publicTriggerUrl('echo'), value: null },
    { schemaname: 'fi_EmptyFlowUrl', displayname: 'Empty URL', defaultvalue: null, value: null },
    {
        schemaname: 'fi_UntrustedFlowUrl',
        displayname: 'Untrusted URL',
        defaultvalue: null,
        value: `https://${UNTRUSTED_HOST}/workflows/${'c2d3'.padEnd(32, 'f')}/triggers/manual/paths/invoke?api-version=1`,
    },
    // URLs no discovery checks first: a flow turned off, one suspended, one deleted, one whose trigger wants GET.
    { schemaname: 'fi_OffFlowUrl', displayname: 'Off flow URL', defaultvalue: null, value: publicTriggerUrl('off') },
    { schemaname: 'fi_SuspendedFlowUrl', displayname: 'Suspended flow URL', defaultvalue: null, value: publicTriggerUrl('dlp') },
    { schemaname: 'fi_DeletedFlowUrl', displayname: 'Deleted flow URL', defaultvalue: null, value: publicTriggerUrl('gone') },
    { schemaname: 'fi_GetFlowUrl', displayname: 'GET flow URL', defaultvalue: null, value: publicTriggerUrl('getTrigger') },
    // Binding to this environment: URLs on trigger hosts that are not this environment's (facts, "Trigger hosts…").
    {
        schemaname: 'fi_ForeignEnvFlowUrl',
        displayname: "Another environment's URL",
        defaultvalue: null,
        value: `https://${FOREIGN_HOSTS.environment}:443/powerautomate/automations/direct/workflows/${OTHER_ID}/triggers/manual/paths/invoke?api-version=1`,
    },
    {
        schemaname: 'fi_WrongPathFlowUrl',
        displayname: 'This host, not a trigger path',
        defaultvalue: null,
        value: `https://${triggerHostFor('Public')}:443/powerautomate/flows/${FLOWS.echo.logicAppId}/triggers/manual/paths/invoke?api-version=1`,
    },
    {
        schemaname: 'fi_LegacyFlowUrl',
        displayname: 'Legacy logic.azure.com URL',
        defaultvalue: null,
        value: logicAppsUrl(FOREIGN_HOSTS.logicApps, FLOWS.echo.logicAppId),
    },
    {
        schemaname: 'fi_GccFlowUrl',
        displayname: 'GCC flow URL (its own)',
        defaultvalue: null,
        value: logicAppsUrl(triggerHostFor('GCC'), FLOWS.gcc.logicAppId),
    },
    {
        schemaname: 'fi_GccForeignFlowUrl',
        displayname: 'GCC URL of another tenant',
        defaultvalue: null,
        value: logicAppsUrl(FOREIGN_HOSTS.gccLogicApps, FLOWS.gcc.logicAppId),
    },
    // Empty until a maker stores the echo flow's URL in it from the setup check.
    { schemaname: 'fi_StoredFlowUrl', displayname: 'Stored by the setup check', defaultvalue: null, value: null },
].map((v, i) => ({
    ...v,
    environmentvariabledefinitionid: G(`e7a1${String(i + 1).padStart(4, '0')}`),
    environmentvariablevalueid: v.value === null ? null : G(`e8b2${String(i + 1).padStart(4, '0')}`),
    type: 100000000,
}));

// Form pages with the columns above and configs for the form and modes suites.
const ECHO = { ...BASE, workflowId: FLOWS.echo.workflowid, cloud: 'Public' };
// Unquoted placeholders insert the typed value, quoted ones the text the form shows (README requestBody).
const TYPED_TEMPLATE =
    '{"recordId": {{recordId}}, "name": {{input1}}, "amount": {{input2}}, "due": {{input3}}, ' +
    '"industry": {{input4}}, "contact": {{input5}}, "shown": {"name": "{{input1}}", "amount": "{{input2}}", ' +
    '"due": "{{input3}}", "industry": "{{input4}}", "contact": "{{input5}}"}, "note": "Due {{input3}} for {{input1}}"}';
Object.assign(CONFIGS, {
    // Two buttons: the first passes text, currency, date, choice and lookup; the second yes/no and a whole number.
    formValues: {
        cloud: 'Public',
        columns: COLUMNS,
        controls: [
            {
                ...ECHO,
                buttonLabel: 'Send typed values',
                requestBody: TYPED_TEMPLATE,
                bind: { input1: 'name', input2: 'creditlimit', input3: 'fi_duedate', input4: 'industrycode', input5: 'primarycontactid' },
            },
            {
                ...ECHO,
                buttonLabel: 'Send flags',
                requestBody: '{"noEmail": {{input1}}, "noEmailShown": "{{input1}}", "employees": {{input2}}, "employeesShown": "{{input2}}"}',
                bind: { input1: 'donotemail', input2: 'numberofemployees' },
            },
        ],
    },
    // resultPath: the created record's id goes into the control's own column.
    resultPath: { cloud: 'Public', controls: [{ ...BASE, workflowId: FLOWS.created.workflowid, resultPath: 'body.id' }] },
    bigResponse: { cloud: 'Public', controls: [{ ...BASE, workflowId: FLOWS.bigResponse.workflowid }] },
    veryLongRunningLimit: { cloud: 'Public', controls: [{ ...BASE, workflowId: FLOWS.veryLongRunning.workflowid, asyncTimeoutSeconds: 10 }] },
    confirm: { cloud: 'Public', controls: [{ ...ECHO, confirmationText: 'Send this account for approval?' }] },
    // The resx's own button text (no buttonLabel), for the language scenarios.
    plain: { cloud: 'Public', controls: [{ ...ECHO, buttonLabel: null }] },
    plainFlowError: { cloud: 'Public', controls: [{ ...BASE, buttonLabel: null, workflowId: FLOWS.flowError.workflowid }] },
    badTemplate: { cloud: 'Public', controls: [{ ...ECHO, buttonLabel: null, requestBody: '{"id": {{recordId}}, "amount": {{amount}}}' }] },
    // Queue mode: no app registration, no Entra at all.
    queue: {
        cloud: 'Public',
        controls: [
            {
                ...QUEUE_PROPS,
                buttonLabel: 'Request approval',
                queueTimeoutSeconds: 20,
                requestBody: '{"recordId": {{recordId}}, "amount": {{input1}}}',
                bind: { input1: 'creditlimit' },
            },
        ],
        columns: COLUMNS,
    },
    queueFail: { cloud: 'Public', controls: [{ ...QUEUE_PROPS, queueTimeoutSeconds: 20, requestBody: '{"recordId": {{recordId}}, "scenario": "fail"}' }] },
    queueHang: { cloud: 'Public', controls: [{ ...QUEUE_PROPS, queueTimeoutSeconds: 5, requestBody: '{"recordId": {{recordId}}, "scenario": "hang"}' }] },
    queueShort: { cloud: 'Public', controls: [{ ...QUEUE_PROPS, queueTimeoutSeconds: 5 }] },
    // Verifiable identity: a second token for the maker's API travels in x-flowinvoker-identity.
    identity: { cloud: 'Public', controls: [{ ...ECHO, identityScope: MAKER_API.scope }] },
    // The trigger URL from an environment variable (no workflow read, no listCallbackUrl).
    urlVariable: { cloud: 'Public', controls: [{ ...BASE, workflowId: null, callbackUrlVariable: 'fi_EchoFlowUrl' }] },
    urlVariableDefault: { cloud: 'Public', controls: [{ ...BASE, workflowId: null, callbackUrlVariable: 'fi_DefaultOnlyUrl' }] },
    urlVariableEmpty: { cloud: 'Public', controls: [{ ...BASE, workflowId: null, callbackUrlVariable: 'fi_EmptyFlowUrl' }] },
    urlVariableUntrusted: { cloud: 'Public', controls: [{ ...BASE, workflowId: null, callbackUrlVariable: 'fi_UntrustedFlowUrl' }] },
    urlVariableMissing: { cloud: 'Public', controls: [{ ...BASE, workflowId: null, callbackUrlVariable: 'fi_NoSuchUrl' }] },
    urlVariableOff: { cloud: 'Public', controls: [{ ...BASE, workflowId: null, callbackUrlVariable: 'fi_OffFlowUrl' }] },
    urlVariableSuspended: { cloud: 'Public', controls: [{ ...BASE, workflowId: null, callbackUrlVariable: 'fi_SuspendedFlowUrl' }] },
    urlVariableDeleted: { cloud: 'Public', controls: [{ ...BASE, workflowId: null, callbackUrlVariable: 'fi_DeletedFlowUrl' }] },
    urlVariableGet: { cloud: 'Public', controls: [{ ...BASE, workflowId: null, callbackUrlVariable: 'fi_GetFlowUrl' }] },
    legacyAnyoneAllowed: { cloud: 'Public', controls: [{ ...BASE, workflowId: FLOWS.legacyAnyone.workflowid, allowAnonymousTrigger: true }] },
    // A variable's URL must be this environment's; a Logic Apps URL only as confirmed by listCallbackUrl for workflowId.
    urlVariableForeignEnv: { cloud: 'Public', controls: [{ ...BASE, workflowId: null, callbackUrlVariable: 'fi_ForeignEnvFlowUrl' }] },
    urlVariableWrongPath: { cloud: 'Public', controls: [{ ...BASE, workflowId: null, callbackUrlVariable: 'fi_WrongPathFlowUrl' }] },
    urlVariableLegacy: { cloud: 'Public', controls: [{ ...BASE, workflowId: null, callbackUrlVariable: 'fi_LegacyFlowUrl' }] },
    urlVariableLegacyWithFlow: { cloud: 'Public', controls: [{ ...BASE, workflowId: FLOWS.echo.workflowid, callbackUrlVariable: 'fi_LegacyFlowUrl' }] },
    urlVariableGcc: { cloud: 'GCC', controls: [{ ...BASE, cloud: 'GCC', workflowId: null, callbackUrlVariable: 'fi_GccFlowUrl' }] },
    urlVariableGccConfirmed: { cloud: 'GCC', controls: [{ ...BASE, cloud: 'GCC', workflowId: FLOWS.gcc.workflowid, callbackUrlVariable: 'fi_GccFlowUrl' }] },
    urlVariableGccForeign: {
        cloud: 'GCC',
        controls: [{ ...BASE, cloud: 'GCC', workflowId: FLOWS.gcc.workflowid, callbackUrlVariable: 'fi_GccForeignFlowUrl' }],
    },
});

// The contract flow fed right and wrong: what the control refuses before sending names the property and its source.
const CONTRACT = { ...BASE, workflowId: FLOWS.contract.workflowid, cloud: 'Public' };
Object.assign(CONFIGS, {
    contractOk: {
        cloud: 'Public',
        columns: COLUMNS,
        controls: [
            {
                ...CONTRACT,
                bind: { input1: 'creditlimit', input2: 'fi_duedate' },
                requestBody: '{"recordId": {{recordId}}, "amount": {{input1}}, "priority": "normal", "due": {{input2}}}',
            },
        ],
    },
    contractMissing: {
        cloud: 'Public',
        columns: COLUMNS,
        controls: [{ ...CONTRACT, bind: { input1: 'creditlimit' }, requestBody: '{"recordId": {{recordId}}, "amount": {{input1}}}' }],
    },
    contractWrongType: {
        cloud: 'Public',
        columns: COLUMNS,
        controls: [{ ...CONTRACT, bind: { input1: 'creditlimit' }, requestBody: '{"recordId": {{recordId}}, "amount": "{{input1}}", "priority": "normal"}' }],
    },
    contractEnum: {
        cloud: 'Public',
        columns: COLUMNS,
        controls: [{ ...CONTRACT, bind: { input1: 'creditlimit' }, requestBody: '{"recordId": {{recordId}}, "amount": {{input1}}, "priority": "urgent"}' }],
    },
    contractBadDate: {
        cloud: 'Public',
        columns: COLUMNS,
        controls: [
            {
                ...CONTRACT,
                bind: { input1: 'creditlimit', input2: 'name' },
                requestBody: '{"recordId": {{recordId}}, "amount": {{input1}}, "priority": "low", "due": "{{input2}}"}',
            },
        ],
    },
    samplePayload: { cloud: 'Public', controls: [{ ...BASE, workflowId: FLOWS.samplePayload.workflowid, requestBody: '{"note": "no amount"}' }] },
    // askForInputs: the dialog asks for every contract property the template leaves out (number, whole number, choice, date, yes/no, multi-line).
    contractAsk: { cloud: 'Public', controls: [{ ...CONTRACT, askForInputs: true, requestBody: '{"recordId": {{recordId}}}' }] },
    samplePayloadAsk: {
        cloud: 'Public',
        controls: [{ ...BASE, workflowId: FLOWS.samplePayload.workflowid, askForInputs: true, requestBody: '{"note": "no amount"}' }],
    },
});

// The record the form shows (mode.contextInfo).
const RECORD = { entityTypeName: 'account', entityId: 'e5f6a7b8-0000-4000-8000-00000000c0de', name: 'Fourth Coffee' };

module.exports = {
    TENANT_ID,
    TENANT_NAME,
    TENANT_DOMAIN,
    CLOUDS,
    USERS,
    APPS,
    FLOWS,
    CONFIGS,
    RECORD,
    FLOW_SERVICE_APP_ID,
    REDIRECT_PATH,
    triggerHostFor,
    clientdataFor,
    triggerTypeOf,
    formerUrlOf,
    MAKER_API,
    COLUMNS,
    CONTACTS,
    QUEUE_TABLE,
    QUEUE_FLOW,
    ENV_VARS,
    UNTRUSTED_HOST,
    EMBEDDER_HOST,
    FOREIGN_ENV_ID,
    FOREIGN_HOSTS,
    FOREIGN_TRIGGER_HOSTS,
    environmentHostOf,
    LANGUAGES: [1033, 1031, 1029],
};
