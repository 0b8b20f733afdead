/**
 * The one table of sovereign-cloud facts (docs/platform-facts.md, "Token audience and scope"). Audiences must match exactly, trailing slash included.
 */
export type CloudName = "Public" | "GCC" | "GCCHigh" | "DoD" | "China";

export interface Cloud {
    name: CloudName;
    /** `aud` the trigger and the Power Automate API expect. */
    audience: string;
    /** Host of the Power Automate management API (listCallbackUrl). */
    flowApiHost: string;
    /** Entra authority host for this cloud. */
    authorityHost: string;
    /** Host suffixes a trigger URL may use; a bearer token is sent to no other host. */
    triggerHostSuffixes: readonly string[];
    /** Power Platform API suffix of environment hosts, and how many last id characters form their own label. */
    environmentApiSuffix: string;
    environmentIdTail: 1 | 2;
    /** Trigger URLs live on environment hosts (public cloud since 2025-11-30); elsewhere on Logic Apps hosts. */
    triggersOnEnvironmentHosts: boolean;
    /** The Power Automate portal, for links to a run. */
    portalHost: string;
}

export const CLOUDS: Readonly<Record<CloudName, Cloud>> = {
    Public: {
        name: "Public",
        audience: "https://service.flow.microsoft.com/",
        flowApiHost: "api.flow.microsoft.com",
        authorityHost: "login.microsoftonline.com",
        triggerHostSuffixes: [".environment.api.powerplatform.com", ".logic.azure.com"],
        environmentApiSuffix: "api.powerplatform.com",
        environmentIdTail: 2,
        triggersOnEnvironmentHosts: true,
        portalHost: "make.powerautomate.com",
    },
    GCC: {
        name: "GCC",
        audience: "https://gov.service.flow.microsoft.us/",
        flowApiHost: "gov.api.flow.microsoft.us",
        // GCC signs in through commercial Entra.
        authorityHost: "login.microsoftonline.com",
        triggerHostSuffixes: [".environment.api.gov.powerplatform.microsoft.us", ".logic.azure.us"],
        environmentApiSuffix: "api.gov.powerplatform.microsoft.us",
        environmentIdTail: 1,
        triggersOnEnvironmentHosts: false,
        portalHost: "make.gov.powerautomate.us",
    },
    GCCHigh: {
        name: "GCCHigh",
        audience: "https://high.service.flow.microsoft.us/",
        flowApiHost: "high.api.flow.microsoft.us",
        authorityHost: "login.microsoftonline.us",
        triggerHostSuffixes: [".environment.api.high.powerplatform.microsoft.us", ".logic.azure.us"],
        environmentApiSuffix: "api.high.powerplatform.microsoft.us",
        environmentIdTail: 1,
        triggersOnEnvironmentHosts: false,
        portalHost: "make.high.powerautomate.us",
    },
    DoD: {
        name: "DoD",
        audience: "https://service.flow.appsplatform.us/",
        flowApiHost: "api.flow.appsplatform.us",
        authorityHost: "login.microsoftonline.us",
        triggerHostSuffixes: [".environment.api.appsplatform.us", ".logic.azure.us"],
        environmentApiSuffix: "api.appsplatform.us",
        environmentIdTail: 1,
        triggersOnEnvironmentHosts: false,
        portalHost: "make.powerautomate.appsplatform.us",
    },
    China: {
        name: "China",
        audience: "https://service.powerautomate.cn/",
        flowApiHost: "api.powerautomate.cn",
        authorityHost: "login.partner.microsoftonline.cn",
        triggerHostSuffixes: [".environment.api.powerplatform.partner.microsoftonline.cn", ".logic.azure.cn"],
        environmentApiSuffix: "api.powerplatform.partner.microsoftonline.cn",
        environmentIdTail: 1,
        triggersOnEnvironmentHosts: false,
        portalHost: "make.powerautomate.cn",
    },
};

export const CLOUD_NAMES = Object.keys(CLOUDS) as CloudName[];

/** The delegated scope: `<audience>/.default`. Entra takes the resource as all before the last `/`, keeping the slash. */
export function flowScope(cloud: Cloud): string {
    return `${cloud.audience}/.default`;
}

/** The run's page in Power Automate, from the ids the trigger and discovery gave. */
export function runUrl(cloud: Cloud, environmentId: string, flowName: string, runId: string): string {
    return `https://${cloud.portalHost}/environments/${encodeURIComponent(environmentId)}/flows/${encodeURIComponent(flowName)}/runs/${encodeURIComponent(runId)}`;
}

export function authorityUrl(cloud: Cloud, tenant: string): string {
    return `https://${cloud.authorityHost}/${tenant}`;
}

/** True when a token for this cloud may be sent to `url`: https and a host of this cloud's Power Automate or Logic Apps. */
export function isTrustedTriggerUrl(cloud: Cloud, url: URL): boolean {
    if (url.protocol !== "https:" || url.port !== "" || url.username !== "" || url.password !== "") return false;
    const host = url.hostname.toLowerCase();
    return cloud.triggerHostSuffixes.some((suffix) => host.endsWith(suffix) && host.length > suffix.length);
}

/** The path of every trigger on an environment host ("Trigger hosts and binding a URL to an environment"). */
export const DIRECT_TRIGGER_PATH = "/powerautomate/automations/direct/workflows/";

/**
 * This environment's own host: the id lower-cased without dashes, a dot before its last one or two characters
 * (docs/platform-facts.md, "Trigger hosts and binding a URL to an environment"). Undefined for an id that names no host.
 */
export function environmentHost(cloud: Cloud, environmentId: string): string | undefined {
    const id = environmentId.trim().toLowerCase().replace(/-/g, "");
    if (!/^[0-9a-z]+$/.test(id) || id.length <= cloud.environmentIdTail) return undefined;
    const cut = id.length - cloud.environmentIdTail;
    return `${id.slice(0, cut)}.${id.slice(cut)}.environment.${cloud.environmentApiSuffix}`;
}

/** True for a host under this cloud's shared environment-host suffix, whichever environment it names. */
export function isEnvironmentFamilyHost(cloud: Cloud, url: URL): boolean {
    return url.hostname.toLowerCase().endsWith(`.environment.${cloud.environmentApiSuffix}`);
}

/** True when `url` is a trigger of this environment: a trusted URL on its own host, under the direct-trigger path. */
export function isEnvironmentTriggerUrl(cloud: Cloud, environmentId: string, url: URL): boolean {
    const own = environmentHost(cloud, environmentId);
    return isTrustedTriggerUrl(cloud, url) && url.hostname.toLowerCase() === own && url.pathname.toLowerCase().startsWith(DIRECT_TRIGGER_PATH);
}

/** The same trigger: origin and path agree; the query (api-version, sp, sv, sig) may be ordered or spelt otherwise. */
export function isSameTrigger(a: URL, b: URL): boolean {
    return a.origin === b.origin && a.pathname.toLowerCase() === b.pathname.toLowerCase();
}
