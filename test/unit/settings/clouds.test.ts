import * as fs from "fs";
import {
    CLOUDS,
    CLOUD_NAMES,
    authorityUrl,
    environmentHost,
    flowScope,
    isEnvironmentTriggerUrl,
    isSameTrigger,
    isTrustedTriggerUrl,
} from "../../../FlowInvoker/settings/clouds";

describe("cloud table", () => {
    it.each([
        [
            "Public",
            "https://service.flow.microsoft.com/",
            "https://service.flow.microsoft.com//.default",
            "api.flow.microsoft.com",
            "login.microsoftonline.com",
        ],
        [
            "GCC",
            "https://gov.service.flow.microsoft.us/",
            "https://gov.service.flow.microsoft.us//.default",
            "gov.api.flow.microsoft.us",
            "login.microsoftonline.com",
        ],
        [
            "GCCHigh",
            "https://high.service.flow.microsoft.us/",
            "https://high.service.flow.microsoft.us//.default",
            "high.api.flow.microsoft.us",
            "login.microsoftonline.us",
        ],
        [
            "DoD",
            "https://service.flow.appsplatform.us/",
            "https://service.flow.appsplatform.us//.default",
            "api.flow.appsplatform.us",
            "login.microsoftonline.us",
        ],
        [
            "China",
            "https://service.powerautomate.cn/",
            "https://service.powerautomate.cn//.default",
            "api.powerautomate.cn",
            "login.partner.microsoftonline.cn",
        ],
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
        expect(
            trusted(
                "Public",
                "https://default72f988bf.00.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/x/triggers/manual/paths/invoke?api-version=1",
            ),
        ).toBe(true);
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

describe('environmentHost (platform-facts, "Trigger hosts and binding a URL to an environment")', () => {
    // The emulated tenant derives its trigger hosts the same way: both must follow the documented format.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sandbox = require("../../sandbox/tenant") as { environmentHostOf: (id: string) => string; CLOUDS: { Public: { env: string } } };

    it.each([
        ["0a1b2c3d-4e5f-6789-abcd-ef0123456789", "0a1b2c3d4e5f6789abcdef01234567.89.environment.api.powerplatform.com"],
        ["Default-5b0c3f6e-2a1d-4e8b-9c47-1f2e3d4c5b6a", "default5b0c3f6e2a1d4e8b9c471f2e3d4c5b.6a.environment.api.powerplatform.com"],
        ["0A1B2C3D-4E5F-6789-ABCD-EF0123456789", "0a1b2c3d4e5f6789abcdef01234567.89.environment.api.powerplatform.com"],
    ])("public cloud: %s → %s, as the sandbox derives it", (id, host) => {
        expect(environmentHost(CLOUDS.Public, id)).toBe(host);
        expect(sandbox.environmentHostOf(id)).toBe(host);
    });

    it("puts one character after the dot in the sovereign clouds, under their own suffix", () => {
        expect(environmentHost(CLOUDS.GCC, "0a1b2c3d-4e5f-6789-abcd-ef0123456789")).toBe(
            "0a1b2c3d4e5f6789abcdef012345678.9.environment.api.gov.powerplatform.microsoft.us",
        );
        expect(environmentHost(CLOUDS.China, "0a1b2c3d-4e5f-6789-abcd-ef0123456789")).toMatch(
            /\.9\.environment\.api\.powerplatform\.partner\.microsoftonline\.cn$/,
        );
        for (const cloud of Object.values(CLOUDS)) expect(cloud.triggerHostSuffixes).toContain(`.environment.${cloud.environmentApiSuffix}`);
    });

    it("names no host for an id that cannot be one", () => {
        expect(environmentHost(CLOUDS.Public, "evil.com/x")).toBeUndefined();
        expect(environmentHost(CLOUDS.Public, "")).toBeUndefined();
    });

    it("binds a URL only on that host, over https, under the direct-trigger path", () => {
        const id = sandbox.CLOUDS.Public.env;
        const host = environmentHost(CLOUDS.Public, id) ?? "";
        const bound = (url: string): boolean => isEnvironmentTriggerUrl(CLOUDS.Public, id, new URL(url));
        expect(bound(`https://${host}:443/powerautomate/automations/direct/workflows/x/triggers/manual/paths/invoke?api-version=1`)).toBe(true);
        expect(bound(`https://${host}/powerautomate/flows/x`)).toBe(false);
        expect(bound(`http://${host}/powerautomate/automations/direct/workflows/x`)).toBe(false);
        expect(bound(`https://x${host}/powerautomate/automations/direct/workflows/x`)).toBe(false);
        expect(bound("https://prod-12.westus.logic.azure.com/workflows/x")).toBe(false);
    });
});

describe("the manifest's external-service-usage", () => {
    // The one cloud table decides where requests go; the manifest must declare exactly those hosts to the platform.
    const manifest = fs.readFileSync(`${__dirname}/../../../FlowInvoker/ControlManifest.Input.xml`, "utf8");
    const declared = [...manifest.matchAll(/<domain>([^<]+)<\/domain>/g)].map((m) => m[1]).sort();
    const used = [
        ...new Set(
            Object.values(CLOUDS).flatMap((cloud) => [cloud.authorityHost, cloud.flowApiHost, ...cloud.triggerHostSuffixes.map((s) => s.replace(/^\./, ""))]),
        ),
    ].sort();

    it("declares every host the cloud table sends requests to, and no other", () => {
        expect(declared).toEqual(used);
    });
});

describe("the README's clouds table", () => {
    // Makers read the hosts to allow in proxies and CSPs from it: it must say what the cloud table does.
    const readme = fs.readFileSync(`${__dirname}/../../../README.md`, "utf8");
    const section = readme.slice(readme.indexOf("### Clouds"), readme.indexOf("\n## ", readme.indexOf("### Clouds")));
    const rows = new Map(
        section
            .split("\n")
            .filter((line) => /^\| (Public|GCC|GCCHigh|DoD|China) \|/.test(line))
            .map((line) => {
                const cells = line
                    .slice(1, -1)
                    .split(" | ")
                    .map((cell) => cell.trim());
                return [cells[0], cells.slice(1)] as const;
            }),
    );
    const ticked = (text: string): string[] => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();

    it.each(CLOUD_NAMES)("%s: audience, flow API host, sign-in host and trigger hosts as in the cloud table", (name) => {
        const cloud = CLOUDS[name];
        const [audience, flowApi, signIn, triggers] = rows.get(name) ?? [];
        expect(ticked(audience ?? "")).toEqual([cloud.audience]);
        expect(ticked(flowApi ?? "")).toEqual([cloud.flowApiHost]);
        expect(ticked(signIn ?? "")).toEqual([cloud.authorityHost]);
        expect(ticked(triggers ?? "")).toEqual(cloud.triggerHostSuffixes.map((suffix) => `*${suffix}`).sort());
    });

    it("has a row for each cloud and no other", () => {
        expect([...rows.keys()].sort()).toEqual([...CLOUD_NAMES].sort());
    });
});

describe("isSameTrigger", () => {
    const url = "https://default72f988.bf.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke";
    it("is the same trigger whatever the query holds, and not another path or host", () => {
        expect(isSameTrigger(new URL(`${url}?api-version=1`), new URL(`${url.replace("/workflows/abc", "/workflows/ABC")}?sig=x&api-version=1`))).toBe(true);
        expect(isSameTrigger(new URL(url), new URL(url.replace("/abc/", "/abd/")))).toBe(false);
        expect(isSameTrigger(new URL(url), new URL(url.replace("default72f988.bf", "default72f988.bg")))).toBe(false);
    });
});
