/** @jest-environment node */
import { keptKey } from "../../../FlowInvoker/invoke/callbackCache";
import { Discovery } from "../../../FlowInvoker/invoke/discovery";
import { Settings } from "../../../FlowInvoker/settings/settings";
import { MemoryStore, httpSettings, memoryStore, runnerDeps, scriptedFetch, workflowRow } from "../fakes";
import { IDS } from "../mockContext";

const ENV = "Default-72f988bf";
const HOST = "default72f988.bf.environment.api.powerplatform.com";
const TRIGGER = `https://${HOST}/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?api-version=1`;
const SIGNED = `${TRIGGER}&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SECRET`;
const SCHEMA = { type: "object", required: ["recordId"], properties: { recordId: { type: "string" } } };
const ORG = "https://contoso.crm.dynamics.com";
const KEY = keptKey(ORG, "Public", ENV, IDS.workflowId);

/** One browser: localStorage (`kept`) lives on; each page load gets a new Discovery and, in a new session, new sessionStorage. */
function browser() {
    const kept = memoryStore();
    const flow = { version: 1001, auth: "Tenant", url: TRIGGER, deleted: false };
    const load = (session: MemoryStore = memoryStore(), extra: Partial<Settings> = {}) => {
        const selects: string[] = [];
        const fetch = scriptedFetch([[/listCallbackUrl/, () => ({ status: 200, body: { response: { value: flow.url } } })]]);
        const deps = runnerDeps({
            settings: httpSettings({ redirectUri: `${ORG}/r.html`, environmentId: ENV, tenantId: IDS.tenantId, ...extra }),
            app: { orgUrl: ORG, userId: IDS.userId, isFramedCrossOrigin: false },
            webApi: {
                retrieveRecord: async (_entity: string, _id: string, select?: string) => {
                    selects.push(select ?? "");
                    if (flow.deleted) throw { errorCode: 0x80040217, message: "workflow With Id = x Does Not Exist" };
                    const clientdata = JSON.stringify({
                        properties: {
                            definition: {
                                triggers: { manual: { type: "Request", kind: "Http", inputs: { triggerAuthenticationType: flow.auth, schema: SCHEMA } } },
                            },
                        },
                    });
                    const row = workflowRow(clientdata, { versionnumber: flow.version, modifiedon: "2026-01-01T00:00:00Z" });
                    // $select as Dataverse applies it: only the columns asked for.
                    const cols = (select ?? "").replace("?$select=", "").split(",");
                    return Object.fromEntries(Object.entries(row).filter(([k]) => cols.includes(k)));
                },
            },
            fetch,
            store: session,
            keptStore: kept,
        });
        const discovery = new Discovery(deps);
        const open = async () => {
            await discovery.precheck();
            return discovery.callbackUrl(Promise.resolve("TOKEN"));
        };
        return { discovery, open, selects, flowApiCalls: () => fetch.sent.length, session };
    };
    return { kept, flow, load };
}

const fullReads = (selects: string[]) => selects.filter((s) => s.includes("clientdata")).length;
const versionReads = (selects: string[]) => selects.filter((s) => s === "?$select=versionnumber,modifiedon").length;

describe("a returning user's form load", () => {
    it("first load: full discovery, then the URL and facts are kept with the row's version", async () => {
        const b = browser();
        const page = b.load();
        expect((await page.open()).url).toBe(TRIGGER);
        expect([fullReads(page.selects), page.flowApiCalls()]).toEqual([1, 1]);
        expect(JSON.parse(b.kept.getItem(KEY) ?? "{}")).toMatchObject({
            url: TRIGGER,
            version: "1001",
            triggerName: "manual",
            schema: SCHEMA,
            resourceId: "res-1",
        });
    });

    it("next browser session: one version read, no clientdata, no listCallbackUrl; the kept schema is there", async () => {
        const b = browser();
        await b.load().open();
        const page = b.load();
        const target = await page.open();
        expect(target).toEqual({ url: TRIGGER, environmentId: ENV, flowName: "Approve order", resourceId: "res-1" });
        expect(page.selects).toEqual(["?$select=versionnumber,modifiedon"]);
        expect(page.flowApiCalls()).toBe(0);
        expect(await page.discovery.schema()).toEqual(SCHEMA);
        // The session cache now holds it: this page asks nothing more.
        await page.open();
        expect(page.selects).toHaveLength(1);
    });

    it("a saved flow (new version) is read in full again and kept anew", async () => {
        const b = browser();
        await b.load().open();
        b.flow.version = 1002;
        const page = b.load();
        await page.open();
        expect([versionReads(page.selects), fullReads(page.selects), page.flowApiCalls()]).toEqual([1, 1, 1]);
        expect(JSON.parse(b.kept.getItem(KEY) ?? "{}").version).toBe("1002");
    });

    it("a deleted flow: the version read fails, the entry is dropped and the user is told the flow is gone", async () => {
        const b = browser();
        await b.load().open();
        b.flow.deleted = true;
        const page = b.load();
        await expect(page.open()).rejects.toMatchObject({ code: "WorkflowNotFound" });
        expect(b.kept.getItem(KEY)).toBeNull();
    });

    it("the trigger's own stale-URL answer drops the kept entry at once", async () => {
        const b = browser();
        await b.load().open();
        const page = b.load();
        await page.open();
        page.discovery.forget();
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(b.kept.getItem(KEY)).toBeNull();
    });

    it("an entry rewritten to another host is dropped and discovery runs in full", async () => {
        const b = browser();
        await b.load().open();
        const entry = JSON.parse(b.kept.getItem(KEY) ?? "{}");
        b.kept.setItem(KEY, JSON.stringify({ ...entry, url: TRIGGER.replace(HOST, "evil0000.00.environment.api.powerplatform.com") }));
        const page = b.load();
        expect((await page.open()).url).toBe(TRIGGER);
        expect([versionReads(page.selects), page.flowApiCalls()]).toEqual([0, 1]);
    });

    it("never keeps a signed (Anyone) URL", async () => {
        const b = browser();
        b.flow.auth = "All";
        b.flow.url = SIGNED;
        const page = b.load(memoryStore(), { allowAnonymousTrigger: true });
        expect((await page.open()).url).toBe(SIGNED);
        expect(b.kept.data.size).toBe(0);
        expect([...page.session.data.values()].join()).not.toContain("sig=");
    });
});
