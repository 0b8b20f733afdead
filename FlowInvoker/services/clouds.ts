/**
 * The one table of sovereign-cloud facts (platform-facts §2). Audiences must match exactly, trailing slash included.
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
        portalHost: "make.powerautomate.com",
    },
    GCC: {
        name: "GCC",
        audience: "https://gov.service.flow.microsoft.us/",
        flowApiHost: "gov.api.flow.microsoft.us",
        // GCC signs in through commercial Entra.
        authorityHost: "login.microsoftonline.com",
        triggerHostSuffixes: [".environment.api.gov.powerplatform.microsoft.us", ".logic.azure.us"],
        portalHost: "make.gov.powerautomate.us",
    },
    GCCHigh: {
        name: "GCCHigh",
        audience: "https://high.service.flow.microsoft.us/",
        flowApiHost: "high.api.flow.microsoft.us",
        authorityHost: "login.microsoftonline.us",
        triggerHostSuffixes: [".environment.api.high.powerplatform.microsoft.us", ".logic.azure.us"],
        portalHost: "make.high.powerautomate.us",
    },
    DoD: {
        name: "DoD",
        audience: "https://service.flow.appsplatform.us/",
        flowApiHost: "api.flow.appsplatform.us",
        authorityHost: "login.microsoftonline.us",
        triggerHostSuffixes: [".environment.api.appsplatform.us", ".logic.azure.us"],
        portalHost: "make.powerautomate.appsplatform.us",
    },
    China: {
        name: "China",
        audience: "https://service.powerautomate.cn/",
        flowApiHost: "api.powerautomate.cn",
        authorityHost: "login.partner.microsoftonline.cn",
        triggerHostSuffixes: [".environment.api.powerplatform.partner.microsoftonline.cn", ".logic.azure.cn"],
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
