'use strict';
/* eslint-disable @microsoft/power-apps/use-cached-webresource -- the sandbox is the server that serves these URLs */
// Form configurations (`?config=<name>` on main.aspx): one per flow, then the setups the suites need.
const { TENANT_ID } = require('./clouds');
const { APPS, MAKER_API } = require('./users');
const { FLOWS } = require('./flows');
const { COLUMNS } = require('./tables');

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

// Queue mode's control properties (README "Queue mode"): the queue table of tables.js, no app registration.
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

// Form pages with the bound columns (tables.js) and configs for the form and modes suites.
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

module.exports = { CONFIGS };
