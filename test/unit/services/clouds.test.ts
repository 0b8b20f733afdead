import * as fs from "fs";
import { CLOUDS, CLOUD_NAMES, authorityUrl, flowScope, isTrustedTriggerUrl } from "../../../FlowInvoker/services/clouds";

describe("cloud table", () => {
    it.each([
        ["Public", "https://service.flow.microsoft.com/", "https://service.flow.microsoft.com//.default", "api.flow.microsoft.com", "login.microsoftonline.com"],
        ["GCC", "https://gov.service.flow.microsoft.us/", "https://gov.service.flow.microsoft.us//.default", "gov.api.flow.microsoft.us", "login.microsoftonline.com"],
        ["GCCHigh", "https://high.service.flow.microsoft.us/", "https://high.service.flow.microsoft.us//.default", "high.api.flow.microsoft.us", "login.microsoftonline.us"],
        ["DoD", "https://service.flow.appsplatform.us/", "https://service.flow.appsplatform.us//.default", "api.flow.appsplatform.us", "login.microsoftonline.us"],
        ["China", "https://service.powerautomate.cn/", "https://service.powerautomate.cn//.default", "api.powerautomate.cn", "login.partner.microsoftonline.cn"],
    ] as const)("%s: audience, double-slash scope, API host and authority", (name, audience, scope, apiHost, authorityHost) => {
        const cloud = CLOUDS[name];
        expect(cloud.audience).toBe(audience);
        expect(flowScope(cloud)).toBe(scope);
        // Entra takes the resource as everything before the last "/": the audience must come back with its slash.
        expect(scope.slice(0, scope.lastIndexOf("/"))).toBe(audience);
        expect(cloud.flowApiHost).toBe(apiHost);
        expect(authorityUrl(cloud, "tenant")).toBe(`https://${authorityHost}/tenant`);
    });

    it("lists exactly the five clouds of the manifest's enum", () => {
        expect(CLOUD_NAMES).toEqual(["Public", "GCC", "GCCHigh", "DoD", "China"]);
    });
});

describe("isTrustedTriggerUrl", () => {
    const trusted = (cloud: keyof typeof CLOUDS, url: string): boolean => isTrustedTriggerUrl(CLOUDS[cloud], new URL(url));

    it("trusts the cloud's trigger hosts over https", () => {
        expect(trusted("Public", "https://default72f988bf.00.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/x/triggers/manual/paths/invoke?api-version=1")).toBe(true);
        expect(trusted("Public", "https://prod-27.westus.logic.azure.com:443/workflows/x/triggers/manual/paths/invoke")).toBe(true);
        expect(trusted("GCCHigh", "https://prod-01.usgovtexas.logic.azure.us/workflows/x")).toBe(true);
        expect(trusted("China", "https://prod-03.chinaeast2.logic.azure.cn/workflows/x")).toBe(true);
    });

    it("refuses other hosts, other clouds' hosts, plain http and look-alikes", () => {
        expect(trusted("Public", "https://evil.example.com/workflows/x")).toBe(false);
        expect(trusted("Public", "http://prod-27.westus.logic.azure.com/workflows/x")).toBe(false);
        expect(trusted("Public", "https://prod-27.westus.logic.azure.com.evil.com/workflows/x")).toBe(false);
        expect(trusted("Public", "https://evillogic.azure.com/workflows/x")).toBe(false);
        expect(trusted("Public", "https://prod-01.usgovtexas.logic.azure.us/workflows/x")).toBe(false);
        expect(trusted("GCCHigh", "https://prod-27.westus.logic.azure.com/workflows/x")).toBe(false);
        expect(trusted("Public", "https://prod-27.westus.logic.azure.com:8443/workflows/x")).toBe(false);
        expect(trusted("Public", "https://user:pw@prod-27.westus.logic.azure.com/workflows/x")).toBe(false);
    });
});

describe("the manifest's external-service-usage", () => {
    // The one cloud table decides where requests go; the manifest must declare exactly those hosts to the platform.
    const manifest = fs.readFileSync(`${__dirname}/../../../FlowInvoker/ControlManifest.Input.xml`, "utf8");
    const declared = [...manifest.matchAll(/<domain>([^<]+)<\/domain>/g)].map((m) => m[1]).sort();
    const used = [...new Set(Object.values(CLOUDS).flatMap((cloud) => [cloud.authorityHost, cloud.flowApiHost, ...cloud.triggerHostSuffixes.map((s) => s.replace(/^\./, ""))]))].sort();

    it("declares every host the cloud table sends requests to, and no other", () => {
        expect(declared).toEqual(used);
    });
});
