'use strict';
// Environment variables holding trigger URLs: this environment's own, and ones a maker must not be able to use.
const { triggerHostFor, UNTRUSTED_HOST, FOREIGN_HOSTS } = require('./clouds');
const { FLOWS, G } = require('./flows');

// Environment variables (environmentvariabledefinition + environmentvariablevalue), Text type.
const publicTriggerUrl = (flowKey) => {
    // the same shape trigger.callbackUrlFor gives (kept here to avoid a cycle)
    const f = FLOWS[flowKey];
    return `https://${triggerHostFor(f.cloud)}:443/powerautomate/automations/direct/workflows/${f.logicAppId}/triggers/${f.trigger.key}/paths/invoke?api-version=1`;
};
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

module.exports = { ENV_VARS };
