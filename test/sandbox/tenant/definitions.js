'use strict';
// A flow's definition (Dataverse workflow clientdata) built from its fixture row in flows.js.

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

module.exports = { clientdataFor };
