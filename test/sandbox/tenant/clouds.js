'use strict';
// The fixture tenant and its clouds: authority, flow API, audience, org and trigger hosts, and hosts that are not ours.
// Hosts and audiences follow docs/platform-facts.md, "Token audience and scope".

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

module.exports = {
    TENANT_ID,
    TENANT_NAME,
    TENANT_DOMAIN,
    CLOUDS,
    environmentHostOf,
    triggerHostFor,
    UNTRUSTED_HOST,
    EMBEDDER_HOST,
    FOREIGN_ENV_ID,
    FOREIGN_HOSTS,
    FOREIGN_TRIGGER_HOSTS,
};
