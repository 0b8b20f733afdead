/** @jest-environment node */
// A token goes only to this environment's flows: docs/platform-facts.md, "Trigger hosts and binding a URL to an environment".
import type { AuthenticationResult } from "@azure/msal-browser";
import { MsalClient } from "../../../FlowInvoker/auth/signIn";
import { KeyValueStore, cacheKey } from "../../../FlowInvoker/invoke/callbackCache";
import { FlowRunner } from "../../../FlowInvoker/invoke/runner";
import { CLOUDS, CloudName } from "../../../FlowInvoker/settings/clouds";
import { Reply, failure, fakeJwt, httpSettings, memoryStore, runnerDeps, scriptedFetch, workflowRow } from "../fakes";
import { IDS } from "../mockContext";

const ENV_ID = "0a1b2c3d-4e5f-6789-abcd-ef0123456789";
const OWN_HOST = "0a1b2c3d4e5f6789abcdef01234567.89.environment.api.powerplatform.com";
// Another customer's environment under the same shared suffix.
const FOREIGN_HOST = "9f8e7d6c5b4a39281706f5e4d3c2b1.a0.environment.api.powerplatform.com";
const LEGACY_HOST = "prod-12.westus.logic.azure.com";
const GCC_HOST = "prod-27.usgovtexas.logic.azure.us";
const direct = (host: string, id = "abc"): string =>
    `https://${host}/powerautomate/automations/direct/workflows/${id}/triggers/manual/paths/invoke?api-version=1`;
const logicApps = (host: string, id = "abc"): string =>
    `https://${host}:443/workflows/${id}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0`;
const OWN = direct(OWN_HOST);
const ADELE = { azureactivedirectoryobjectid: "oid-adele", windowsliveid: "adele@contoso.com" };
const TOKEN = fakeJwt({ aud: "https://service.flow.microsoft.com/", tid: IDS.tenantId, oid: "oid-adele" });
const clientData = JSON.stringify({
    properties: { definition: { triggers: { manual: { type: "Request", kind: "Http", inputs: { triggerAuthenticationType: "Tenant" } } } } },
});

const msal: MsalClient = {
    getAccount: () => ({ localAccountId: "oid-adele" }) as never,
    acquireTokenSilent: async () => ({ accessToken: TOKEN }) as AuthenticationResult,
    ssoSilent: async () => Promise.reject({ errorCode: "login_required" }),
    acquireTokenPopup: async () => ({ accessToken: TOKEN }) as AuthenticationResult,
};

interface Setup {
    cloud?: CloudName;
    variable?: string;
    workflowId?: string;
    environmentId?: string;
    listCallbackUrl?: string;
    store?: KeyValueStore;
}

/** A runner whose every request is recorded; any host but the API's answers 200, as a foreign Logic App would. */
function setup(options: Setup = {}) {
    const fetch = scriptedFetch([
        [/RetrieveCurrentOrganization/, { status: 200, body: { Detail: { EnvironmentId: ENV_ID, TenantId: IDS.tenantId } } }],
        [/listCallbackUrl/, { status: 200, body: { response: { value: options.listCallbackUrl ?? OWN } } }],
        [/./, { status: 200, body: { stolen: true } } as Reply],
    ]);
    const settings = httpSettings({
        workflowId: options.workflowId ?? (options.variable ? "" : IDS.workflowId),
        cloud: CLOUDS[options.cloud ?? "Public"],
        tenantId: IDS.tenantId,
        environmentId: "environmentId" in options ? options.environmentId : ENV_ID,
        callbackUrlVariable: options.variable ? "fi_ApprovalUrl" : undefined,
    });
    const rows: string[] = [];
    const store = options.store ?? memoryStore();
    const runner = new FlowRunner(
        runnerDeps({
            settings,
            webApi: {
                retrieveRecord: async (entity) => {
                    rows.push(entity);
                    return entity === "workflow" ? workflowRow(clientData, { name: "Approve" }) : ADELE;
                },
                retrieveMultipleRecords: async () => ({ entities: [{ schemaname: "fi_ApprovalUrl", defaultvalue: options.variable }] }),
            },
            fetch,
            msal: async () => msal,
            store,
            newTrackingId: () => "tracking-1",
        }),
    );
    const sentTo = (host: string): number => fetch.sent.filter((request) => new URL(request.url).hostname === host).length;
    const count = (pattern: RegExp): number => fetch.sent.filter((request) => pattern.test(request.url)).length;
    return { runner, fetch, rows, store, sentTo, count };
}

describe("a URL from callbackUrlVariable must be this environment's", () => {
    it("runs a URL on this environment's own host and direct-trigger path, without listCallbackUrl", async () => {
        const { runner, sentTo, count } = setup({ variable: OWN });
        expect((await runner.run({})).outcome).toBe("completed");
        expect(sentTo(OWN_HOST)).toBe(1);
        expect(count(/listCallbackUrl/)).toBe(0);
    });

    it("refuses another environment's host under the same suffix, naming the variable and both hosts; nothing is sent there", async () => {
        const { runner, sentTo } = setup({ variable: direct(FOREIGN_HOST) });
        const error = await failure(runner.run({}));
        expect(error.code).toBe("CallbackUrlNotInEnvironment");
        expect(error.details.values).toMatchObject({ name: "fi_ApprovalUrl", host: FOREIGN_HOST, expected: OWN_HOST });
        expect(error.details.variant).toBeUndefined();
        expect(sentTo(FOREIGN_HOST)).toBe(0);
    });

    it("refuses this environment's host outside /powerautomate/automations/direct/workflows/", async () => {
        const { runner, sentTo } = setup({ variable: `https://${OWN_HOST}/powerapps/apis/x?api-version=1` });
        const error = await failure(runner.run({}));
        expect(error.code).toBe("CallbackUrlNotInEnvironment");
        expect(error.details.variant).toBe("Path");
        expect(sentTo(OWN_HOST)).toBe(0);
    });

    it("refuses a legacy logic.azure.com URL when no workflowId can confirm it", async () => {
        const { runner, sentTo } = setup({ variable: logicApps(LEGACY_HOST) });
        const error = await failure(runner.run({}));
        expect(error.code).toBe("CallbackUrlNotInEnvironment");
        expect(error.details.variant).toBe("LogicApps");
        expect(error.details.values).toMatchObject({ name: "fi_ApprovalUrl", host: LEGACY_HOST });
        expect(sentTo(LEGACY_HOST)).toBe(0);
    });

    it("refuses a Logic Apps URL that this environment's listCallbackUrl does not give for workflowId", async () => {
        const { runner, sentTo, count } = setup({ variable: logicApps(LEGACY_HOST), workflowId: IDS.workflowId });
        const error = await failure(runner.run({}));
        expect(error.code).toBe("CallbackUrlNotInEnvironment");
        expect(error.details.variant).toBe("NotConfirmed");
        expect(error.details.values).toMatchObject({ name: "fi_ApprovalUrl", host: LEGACY_HOST, flowName: "Approve" });
        expect(count(/listCallbackUrl/)).toBe(1);
        expect(sentTo(LEGACY_HOST)).toBe(0);
        expect(sentTo(OWN_HOST)).toBe(0);
    });

    it("sovereign cloud: runs a Logic Apps URL once listCallbackUrl confirms it for workflowId", async () => {
        const own = logicApps(GCC_HOST, "f00d");
        const { runner, sentTo } = setup({ cloud: "GCC", variable: own, workflowId: IDS.workflowId, listCallbackUrl: `${own}&extra=1` });
        expect((await runner.run({})).outcome).toBe("completed");
        expect(sentTo(GCC_HOST)).toBe(1);
    });

    it("sovereign cloud: without workflowId a Logic Apps URL from a variable is refused, saying how to confirm it", async () => {
        const { runner, sentTo } = setup({ cloud: "GCC", variable: logicApps(GCC_HOST) });
        const error = await failure(runner.run({}));
        expect(error.code).toBe("CallbackUrlNotInEnvironment");
        expect(error.details.variant).toBe("LogicAppsSovereign");
        expect(sentTo(GCC_HOST)).toBe(0);
    });

    it("binds to the environment id from RetrieveCurrentOrganization when no property gives it", async () => {
        const own = setup({ variable: OWN, environmentId: undefined });
        expect((await own.runner.run({})).outcome).toBe("completed");
        const foreign = setup({ variable: direct(FOREIGN_HOST), environmentId: undefined });
        expect((await failure(foreign.runner.run({}))).code).toBe("CallbackUrlNotInEnvironment");
        expect(foreign.sentTo(FOREIGN_HOST)).toBe(0);
    });

    it("names the variable when its URL is not on the cloud's trigger hosts at all", async () => {
        const { runner, sentTo } = setup({ variable: "https://evil.example.com/powerautomate/automations/direct/workflows/x" });
        const error = await failure(runner.run({}));
        expect(error.code).toBe("UntrustedCallbackUrl");
        expect(error.details.variant).toBe("Variable");
        expect(error.details.values).toMatchObject({ name: "fi_ApprovalUrl", host: "evil.example.com" });
        expect(sentTo("evil.example.com")).toBe(0);
    });
});

describe("a cached URL is re-checked on read", () => {
    const tampered = (store: KeyValueStore, url: string, source: string = IDS.workflowId): void =>
        store.setItem(cacheKey("Public", ENV_ID, source), JSON.stringify({ url, environmentId: ENV_ID, flowName: "Approve", resourceId: "res-1" }));

    it.each([
        ["another environment's host", direct(FOREIGN_HOST)],
        ["a legacy Logic Apps host", logicApps(LEGACY_HOST)],
        ["this host with a signature in upper case", `${direct(OWN_HOST, "sas")}&SIG=secret`],
    ])("an entry on %s is not used: the URL is discovered again", async (_name, url) => {
        const store = memoryStore();
        tampered(store, url);
        const { runner, fetch, count } = setup({ store });
        expect((await runner.run({})).outcome).toBe("completed");
        expect(count(/listCallbackUrl/)).toBe(1);
        expect(fetch.sent.filter((request) => request.url.startsWith(url.split("?")[0]))).toEqual([]);
        expect(fetch.sent[fetch.sent.length - 1].url.split("?")[0]).toBe(OWN.split("?")[0]);
        expect([...store.data.values()].join()).not.toMatch(/secret|9f8e7d|logic\.azure/);
    });

    it("a variable's entry on another environment's host is not used: the variable is read again", async () => {
        const store = memoryStore();
        tampered(store, direct(FOREIGN_HOST), "variable:fi_ApprovalUrl");
        const { runner, sentTo } = setup({ store, variable: OWN });
        expect((await runner.run({})).outcome).toBe("completed");
        expect(sentTo(FOREIGN_HOST)).toBe(0);
        expect(sentTo(OWN_HOST)).toBe(1);
    });

    it("an entry bound to this environment is used: the click sends only the trigger POST", async () => {
        const store = memoryStore();
        tampered(store, OWN);
        const { runner, fetch, rows } = setup({ store });
        expect((await runner.run({})).outcome).toBe("completed");
        expect(fetch.sent.map((request) => new URL(request.url).hostname)).toEqual([OWN_HOST]);
        expect(rows).not.toContain("workflow");
    });
});

describe("listCallbackUrl's own answer", () => {
    it("is trusted on the cloud's Logic Apps hosts but kept in memory only, since no host check can bind it later", async () => {
        const store = memoryStore();
        const first = setup({ cloud: "GCC", store, listCallbackUrl: logicApps(GCC_HOST) });
        await first.runner.run({});
        await first.runner.run({});
        expect(first.count(/listCallbackUrl/)).toBe(1);
        expect(first.sentTo(GCC_HOST)).toBe(2);
        expect([...store.data.values()]).toEqual([]);
        const reloaded = setup({ cloud: "GCC", store, listCallbackUrl: logicApps(GCC_HOST) });
        await reloaded.runner.run({});
        expect(reloaded.count(/listCallbackUrl/)).toBe(1);
    });

    it("is refused when signed, whatever the letter case of sig", async () => {
        const { runner, sentTo } = setup({ listCallbackUrl: `${OWN}&sp=%2Ftriggers&sv=1.0&SIG=secret` });
        expect((await failure(runner.run({}))).code).toBe("AnonymousTriggerRefused");
        expect(sentTo(OWN_HOST)).toBe(0);
    });
});
