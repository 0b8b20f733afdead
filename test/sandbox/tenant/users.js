'use strict';
/* eslint-disable @microsoft/power-apps/use-cached-webresource -- the sandbox is the server that serves these URLs */
// Entra side of the fixture tenant: users (with their Dataverse systemuser ids and privileges), app registrations and the maker's API.
const { CLOUDS } = require('./clouds');

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

module.exports = { USERS, FLOW_SERVICE_APP_ID, REDIRECT_PATH, APPS, MAKER_API };
