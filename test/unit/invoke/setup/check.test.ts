/** @jest-environment node */
import { PageSignIn } from "../../../../FlowInvoker/auth/pageSignIn";
import { makeTranslate } from "../../../../FlowInvoker/errors/describe";
import { FlowInvokerError } from "../../../../FlowInvoker/errors/FlowInvokerError";
import { checkInvalidSettings, runSetupCheck } from "../../../../FlowInvoker/invoke/setup/check";
import { SetupCheckDeps, SetupStep } from "../../../../FlowInvoker/invoke/setup/steps";
import { testRunStep } from "../../../../FlowInvoker/invoke/setup/trigger";
import { reportText, viewSteps } from "../../../../FlowInvoker/invoke/setup/report";
import { Settings } from "../../../../FlowInvoker/settings/settings";
import { fakeJwt, fakeMsal, httpSettings, memoryStore, Reply, scriptedFetch, SentRequest } from "../../fakes";
import { IDS } from "../../mockContext";

const ENV = "Default-72f988bf";
const TRIGGER =
    "https://default72f988.bf.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?api-version=1";
const CLAIMS = { aud: "https://service.flow.microsoft.com/", tid: IDS.tenantId, oid: "oid-adele", scp: "User" };
const settings: Settings = httpSettings({ showSetupCheck: true });
const definition = (inputs: Record<string, unknown>): string =>
    JSON.stringify({ properties: { definition: { triggers: { manual: { type: "Request", kind: "Http", inputs } } } } });
const activeRow = {
    name: "Approve",
    resourceid: "res-1",
    category: 5,
    statecode: 1,
    statuscode: 2,
    clientdata: definition({ triggerAuthenticationType: "Tenant" }),
};

const msal = fakeMsal;

interface Options {
    claims?: Record<string, unknown>;
    row?: Record<string, unknown> | Error;
    callbackUrl?: string | Reply;
    trigger?: Reply | ((request: SentRequest) => Reply);
    page?: Reply;
    script?: Reply;
    signedIn?: boolean;
    over?: Partial<SetupCheckDeps>;
}

function check(options: Options = {}) {
    const token = fakeJwt({ ...CLAIMS, ...options.claims });
    const callback = options.callbackUrl ?? TRIGGER;
    const fetch = scriptedFetch([
        [
            /\/r\.html$/,
            options.page ?? {
                status: 200,
                body: "<html><body></body></html>",
                headers: { "Content-Type": "text/html; charset=utf-8", "X-Content-Type-Options": "nosniff" },
            },
        ],
        [/\/helper\.js$/, options.script ?? { status: 200, body: "", headers: { "Content-Type": "application/javascript" } }],
        [/RetrieveCurrentOrganization/, { status: 200, body: { Detail: { EnvironmentId: ENV, TenantId: IDS.tenantId } } }],
        [/listCallbackUrl/, typeof callback === "string" ? { status: 200, body: { response: { value: callback } } } : callback],
        [/paths\/invoke/, options.trigger ?? { status: 401, body: { error: { code: "MisMatchingOAuthClaims" } }, headers: { "x-ms-workflow-run-id": "none" } }],
    ]);
    const client = msal(token, options.signedIn ?? true);
    const store = memoryStore();
    const deps: SetupCheckDeps = {
        settings,
        app: { orgUrl: "https://contoso.crm.dynamics.com", userId: IDS.userId, isFramedCrossOrigin: false },
        webApi: {
            retrieveRecord: async (entity) => {
                if (entity !== "workflow") return { azureactivedirectoryobjectid: "oid-adele", windowsliveid: "adele@contoso.com" };
                if (options.row instanceof Error) throw options.row;
                return options.row ?? activeRow;
            },
        },
        fetch,
        msal: async () => client,
        pageSignIn: new PageSignIn(),
        store,
        now: () => 0,
        sleep: async () => undefined,
        newTrackingId: () => "tracking-1",
        cspViolations: () => [],
        silentFailedAtLoad: false,
        ...options.over,
    };
    const byId = (steps: SetupStep[]) => Object.fromEntries(steps.map((s) => [s.id, s]));
    return { run: async () => byId(await runSetupCheck(deps)), fetch, client, store, token };
}

const t = makeTranslate((key) => key);

describe("runSetupCheck", () => {
    it("a correct setup: every read-only step ✓, the trigger gets only the invalid-bearer probe, nothing is cached", async () => {
        const { run, fetch, store, token } = check();
        const steps = await run();
        expect(Object.values(steps).map((s) => `${s.id}:${s.status}`)).toEqual([
            "properties:ok",
            "redirectPage:ok",
            "signIn:ok",
            "flow:ok",
            "flowApi:ok",
            "trigger:ok",
            "csp:ok",
            "testRun:notChecked",
        ]);
        const probe = fetch.sent.filter((r) => r.url.includes("paths/invoke"));
        expect(probe).toHaveLength(1);
        expect(probe[0].headers.authorization).not.toContain(token);
        expect(probe[0].headers["x-ms-client-tracking-id"]).toBeDefined();
        expect(steps.properties.facts).toContainEqual(["environmentId", `${ENV} (RetrieveCurrentOrganization)`]);
        expect(steps.flowApi.facts).toContainEqual(["ownHost", "yes"]);
        expect(store.data.size).toBe(0);
    });

    it("the redirect page: not 200, not HTML, COOP, or a script refused under nosniff is RedirectPageUnusable", async () => {
        const html = (headers: Record<string, string>, body = "<html></html>"): Reply => ({
            status: 200,
            body,
            headers: { "Content-Type": "text/html", ...headers },
        });
        const variant = async (page: Reply, script?: Reply): Promise<string | undefined> => {
            const steps = await check({ page, script }).run();
            expect(steps.redirectPage.error?.code ?? "RedirectPageUnusable").toBe("RedirectPageUnusable");
            return steps.redirectPage.error?.details.variant;
        };
        expect(await variant({ status: 404, body: "" })).toBe("Status");
        expect(await variant({ status: 200, body: "x", headers: { "Content-Type": "application/javascript" } })).toBe("NotHtml");
        expect(await variant(html({ "Cross-Origin-Opener-Policy": "same-origin" }))).toBe("Coop");
        const withScript = '<html><script src="helper.js"></script></html>';
        expect(
            await variant(html({}, withScript), { status: 200, body: "", headers: { "Content-Type": "text/html", "X-Content-Type-Options": "nosniff" } }),
        ).toBe("Script");
        expect(await variant(html({}, withScript))).toBeUndefined();
        const ok = await check().run();
        expect(ok.redirectPage.facts).toContainEqual(["coop", "none"]);
        expect(ok.redirectPage.facts).toContainEqual(["scripts", "none"]);
    });

    it("names the claim that is off: aud without the trailing slash, and scp without the Power Automate permission", async () => {
        const aud = await check({ claims: { aud: "https://service.flow.microsoft.com" } }).run();
        expect(aud.signIn.error?.code).toBe("MisMatchingOAuthClaims");
        expect(aud.signIn.error?.details.variant).toBe("aud");
        expect(aud.flowApi.status).toBe("notChecked");
        const scp = await check({ claims: { scp: "openid" } }).run();
        expect(scp.signIn.error?.code).toBe("ClientScopeAuthorizationFailed");
    });

    it("opens the popup when the cache has no token, and says a silent sign-in had failed", async () => {
        const { run, client } = check({ signedIn: false, over: { silentFailedAtLoad: true } });
        const steps = await run();
        expect(client.popups).toBe(1);
        expect(steps.signIn.status).toBe("warning");
        expect(steps.signIn.reasonKey).toBe("Setup_Note_SilentFailed");
    });

    it("the flow step: no Read on workflow, off, GET trigger, user not on the list; later steps are not checked", async () => {
        const denied = await check({ row: Object.assign(new Error("x"), { errorCode: 0x80040220, status: 403 }) }).run();
        expect(denied.flow.error?.code).toBe("WorkflowReadDenied");
        expect(denied.flowApi.status).toBe("notChecked");
        expect(denied.trigger.status).toBe("notChecked");
        expect((await check({ row: { ...activeRow, statecode: 0, statuscode: 1 } }).run()).flow.error?.code).toBe("FlowOff");
        expect(
            (await check({ row: { ...activeRow, clientdata: definition({ triggerAuthenticationType: "Tenant", method: "GET" }) } }).run()).flow.error?.code,
        ).toBe("TriggerMethodNotPost");
        const listed = { ...activeRow, clientdata: definition({ triggerAuthenticationType: "User", triggerAllowedUsers: "megan@contoso.com" }) };
        expect((await check({ row: listed }).run()).flow.error?.code).toBe("NotAnAllowedUser");
    });

    it("never probes an Anyone trigger, even when allowAnonymousTrigger lets it run", async () => {
        const anyone = { ...activeRow, clientdata: definition({ triggerAuthenticationType: "All" }) };
        const refused = await check({ row: anyone }).run();
        expect(refused.flow.error?.code).toBe("AnonymousTriggerRefused");
        const signed = `${TRIGGER}&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SECRETSIG`;
        const allowed = check({ row: anyone, callbackUrl: signed, over: { settings: { ...settings, allowAnonymousTrigger: true } } });
        const steps = await allowed.run();
        expect(steps.trigger.status).toBe("notChecked");
        expect(allowed.fetch.sent.some((r) => r.url.includes("paths/invoke"))).toBe(false);
        expect(JSON.stringify(steps)).not.toContain("SECRETSIG");
    });

    it("listCallbackUrl refused is CallbackUrlDenied at the Power Automate API step", async () => {
        const steps = await check({ callbackUrl: { status: 403, body: { error: { code: "Forbidden" } } } }).run();
        expect(steps.flowApi.error?.code).toBe("CallbackUrlDenied");
    });

    it("a preflight refusing only the tracking header is a warning naming it; hidden response headers are a warning", async () => {
        const refusing = (request: SentRequest): Reply =>
            request.headers["x-ms-client-tracking-id"] ? new TypeError("Failed to fetch") : { status: 401, body: {} };
        const steps = await check({ trigger: refusing }).run();
        expect(steps.trigger.status).toBe("warning");
        expect(steps.trigger.error?.code).toBe("CorsBlocked");
        expect(steps.trigger.facts).toContainEqual(["corsPreflight", "refused x-ms-client-tracking-id"]);
        const hidden = await check({ trigger: { status: 401, body: {} } }).run();
        expect(hidden.trigger.status).toBe("ok");
        expect(hidden.trigger.facts).toContainEqual(["readableHeaders", "none on this refusal (step 8 shows the run's)"]);
    });

    it("a confirmed test run without a readable run id is reported as a warning about hidden headers", () => {
        const run = { outcome: "completed" as const, status: 200, durationMs: 80, body: {}, trackingId: "t-1" };
        expect(testRunStep(run)).toMatchObject({ status: "warning", reasonKey: "Setup_Note_HeadersHidden" });
        expect(testRunStep({ ...run, runId: "08584" })).toMatchObject({ status: "ok" });
        expect(testRunStep(new Error("boom"))).toMatchObject({ status: "failed" });
    });

    it("lists the page's CSP violations with the catalogue's fix", async () => {
        const steps = await check({ over: { cspViolations: () => [{ host: "x.environment.api.powerplatform.com", directive: "connect-src" }] } }).run();
        expect(steps.csp.status).toBe("failed");
        expect(steps.csp.error?.code).toBe("BlockedByContentSecurityPolicy");
    });

    it("the report has ids, hosts and codes, and no token or signature", async () => {
        const { run, token } = check({ claims: { aud: "https://service.flow.microsoft.com" } });
        const steps = await run();
        const text = reportText(viewSteps(Object.values(steps), t), t, new Date(0));
        expect(text).toContain("MisMatchingOAuthClaims");
        expect(text).toContain(IDS.workflowId);
        expect(text).not.toContain(token);
        expect(text).not.toMatch(/eyJ/);
    });
});

describe("checkInvalidSettings", () => {
    const page = (violations = [] as Array<{ host: string; directive: string }>) => {
        const fetch = scriptedFetch([[/redirect\.html$/, { status: 200, body: "<html></html>", headers: { "Content-Type": "text/html" } }]]);
        return { fetch, page: { orgUrl: "https://contoso.crm.dynamics.com", fetch, cspViolations: () => violations } };
    };

    it("step 1 is the configuration error with its cause and fix; the redirect page and CSP are checked; the rest say why not", async () => {
        const { fetch, page: p } = page([{ host: "api.flow.microsoft.com", directive: "connect-src" }]);
        const error = new FlowInvokerError("InvalidClientId", { values: { property: "clientId", value: "nope" } });
        const steps = await checkInvalidSettings(error, p);
        expect(steps.map((s) => `${s.id}:${s.status}`)).toEqual([
            "properties:failed",
            "redirectPage:ok",
            "signIn:notChecked",
            "flow:notChecked",
            "flowApi:notChecked",
            "trigger:notChecked",
            "csp:failed",
            "testRun:notChecked",
        ]);
        expect(steps[0].error).toBe(error);
        expect(steps[0].facts).toContainEqual(["org", "contoso.crm.dynamics.com"]);
        expect(steps.slice(2, 6).every((s) => s.reasonKey === "Setup_Reason_Settings")).toBe(true);
        expect(fetch.sent.map((r) => new URL(r.url).pathname)).toEqual(["/webresources/cc_FlowInvoker.FlowInvoker/auth/redirect.html"]);
        const text = reportText(viewSteps(steps, t), t, new Date(0));
        expect(text).toContain("InvalidClientId");
    });

    it("a redirectUri that is itself invalid is not fetched: the redirect page step waits for step 1", async () => {
        const { fetch, page: p } = page();
        const error = new FlowInvokerError("InvalidRedirectUri", { values: { property: "redirectUri", value: "http://evil.example/r" } });
        const steps = await checkInvalidSettings(error, p);
        expect(steps[1]).toMatchObject({ id: "redirectPage", status: "notChecked", reasonKey: "Setup_Reason_Settings" });
        expect(fetch.sent).toHaveLength(0);
    });
});

describe("storing the trigger URL in callbackUrlVariable", () => {
    const VARIABLE = "fi_ApprovalUrl";
    const withVariable: Settings = { ...settings, callbackUrlVariable: VARIABLE };
    /** An environment variable in memory, as Dataverse keeps it: a definition, and a value row once one is written. */
    function variable(start: { value?: string; refuse?: Error } = {}) {
        const held = { value: start.value, valueId: start.value ? "v-1" : undefined };
        const writes: string[] = [];
        const webApi = {
            retrieveRecord: async (entity: string) =>
                entity === "workflow" ? activeRow : { azureactivedirectoryobjectid: "oid-adele", windowsliveid: "adele@contoso.com" },
            retrieveMultipleRecords: async () => ({
                entities: [
                    {
                        environmentvariabledefinitionid: "d-1",
                        schemaname: VARIABLE,
                        defaultvalue: null,
                        environmentvariabledefinition_environmentvariablevalue: held.valueId
                            ? [{ environmentvariablevalueid: held.valueId, value: held.value }]
                            : [],
                    },
                ],
            }),
            createRecord: async (entity: string, data: Record<string, unknown>) => {
                if (start.refuse) throw start.refuse;
                writes.push(`create ${entity} ${String(data["EnvironmentVariableDefinitionId@odata.bind"])}`);
                Object.assign(held, { value: data.value, valueId: "v-new" });
                return { id: "v-new" };
            },
            updateRecord: async (entity: string, id: string, data: Record<string, unknown>) => {
                if (start.refuse) throw start.refuse;
                writes.push(`update ${entity}(${id})`);
                held.value = data.value as string;
                return { id };
            },
        };
        return { webApi, writes, held };
    }

    it("offers to store listCallbackUrl's URL in an empty variable, and stores it only on the click: created, read back", async () => {
        const v = variable();
        const steps = await check({ over: { settings: withVariable, webApi: v.webApi } }).run();
        expect(steps.flow.status).toBe("ok");
        expect(steps.flowApi.facts).toContainEqual(["source", "listCallbackUrl"]);
        expect(steps.flowApi.facts).toContainEqual(["variableHolds", "EnvironmentVariableEmpty"]);
        expect(steps.flowApi.store?.variable).toBe(VARIABLE);
        expect(v.writes).toEqual([]);
        const stored = await steps.flowApi.store!.run();
        expect(stored).toMatchObject({
            status: "ok",
            facts: [
                ["storedIn", `${VARIABLE} (created)`],
                ["readBack", "this URL"],
            ],
        });
        expect(v.writes).toEqual(["create environmentvariablevalue /environmentvariabledefinitions(d-1)"]);
        expect(v.held.value).toBe(new URL(TRIGGER).href);
    });

    it("updates a variable that holds another URL, and offers nothing when it already holds this one", async () => {
        const old = variable({
            value: "https://default72f988.bf.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/old/triggers/manual/paths/invoke",
        });
        const steps = await check({ over: { settings: withVariable, webApi: old.webApi } }).run();
        expect(steps.flowApi.facts).toContainEqual(["variableHolds", "another URL (default72f988.bf.environment.api.powerplatform.com)"]);
        expect((await steps.flowApi.store!.run()).facts).toContainEqual(["storedIn", `${VARIABLE} (updated)`]);
        expect(old.writes).toEqual(["update environmentvariablevalue(v-1)"]);
        const same = await check({ over: { settings: withVariable, webApi: variable({ value: TRIGGER }).webApi } }).run();
        expect(same.flowApi.facts).toContainEqual(["variableHolds", "this URL"]);
        expect(same.flowApi.store).toBeUndefined();
    });

    it("offers to replace a value that is not a URL (a placeholder), saying what it holds", async () => {
        const v = variable({ value: "TBD" });
        const steps = await check({ over: { settings: withVariable, webApi: v.webApi } }).run();
        expect(steps.flowApi.status).toBe("ok");
        expect(steps.flowApi.facts).toContainEqual(["variableHolds", "not a URL"]);
        expect(steps.flowApi.store?.variable).toBe(VARIABLE);
    });

    it("offers to replace the same trigger's old signed (Anyone) URL: a secret must not stay in the variable", async () => {
        const v = variable({ value: `${TRIGGER}&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=secret` });
        const steps = await check({ over: { settings: withVariable, webApi: v.webApi } }).run();
        expect(steps.flowApi.facts).toContainEqual(["variableHolds", "a signed (Anyone) URL (default72f988.bf.environment.api.powerplatform.com)"]);
        expect(JSON.stringify(steps.flowApi.facts)).not.toContain("secret");
        expect(steps.flowApi.store?.variable).toBe(VARIABLE);
    });

    it("without the write privilege: a ✗ naming the privilege, and nothing is written", async () => {
        const refuse = Object.assign(new Error("Principal user is missing prvCreateEnvironmentVariableValue privilege on OTC=381"), {
            errorCode: 0x80040220,
            status: 403,
        });
        const v = variable({ refuse });
        const steps = await check({ over: { settings: withVariable, webApi: v.webApi } }).run();
        const stored = await steps.flowApi.store!.run();
        expect(stored.status).toBe("failed");
        expect(stored.error).toMatchObject({ code: "EnvironmentVariableWriteDenied", details: { values: { privilege: "prvCreateEnvironmentVariableValue" } } });
        expect(v.writes).toEqual([]);
        expect(v.held.value).toBeUndefined();
    });

    it("never offers a signed (Anyone) URL, a Logic Apps URL no host binds to this environment, or a URL from the variable alone", async () => {
        const anyone = { ...activeRow, clientdata: definition({ triggerAuthenticationType: "All" }) };
        const signed = `${TRIGGER}&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SECRETSIG`;
        const allowAnyone = { ...withVariable, allowAnonymousTrigger: true };
        const v = variable();
        const anyoneApi = { ...v.webApi, retrieveRecord: async (entity: string) => (entity === "workflow" ? anyone : {}) };
        const unsigned = await check({ callbackUrl: signed, over: { settings: allowAnyone, webApi: anyoneApi } }).run();
        expect(unsigned.flowApi.status).toBe("ok");
        expect(unsigned.flowApi.store).toBeUndefined();
        const logicApps = "https://prod-07.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01";
        const foreign = await check({ callbackUrl: logicApps, over: { settings: withVariable, webApi: variable().webApi } }).run();
        expect(foreign.flowApi.status).toBe("ok");
        expect(foreign.flowApi.store).toBeUndefined();
        const alone = await check({ over: { settings: { ...withVariable, workflowId: "" }, webApi: variable({ value: TRIGGER }).webApi } }).run();
        expect(alone.flow.status).toBe("notChecked");
        expect(alone.flowApi.store).toBeUndefined();
        expect(v.writes).toEqual([]);
    });
});

describe("what the check keeps", () => {
    it("asks listCallbackUrl itself and keeps nothing for later sessions, even for a flow row with a version", async () => {
        const kept = memoryStore();
        const { run, fetch, store } = check({ row: { ...activeRow, versionnumber: 4711 }, over: { keptStore: kept } });
        const steps = await run();
        expect(steps.flowApi.status).toBe("ok");
        expect(fetch.sent.filter((r) => r.url.includes("listCallbackUrl"))).toHaveLength(1);
        expect(kept.data.size).toBe(0);
        expect(store.data.size).toBe(0);
    });
});
