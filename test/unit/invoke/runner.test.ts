/** @jest-environment node */
import type { AuthenticationResult } from "@azure/msal-browser";
import { PageSignIn } from "../../../FlowInvoker/auth/pageSignIn";
import { MsalClient } from "../../../FlowInvoker/auth/signIn";
import { KeyValueStore } from "../../../FlowInvoker/invoke/callbackCache";
import { FlowRunner, RunnerDeps } from "../../../FlowInvoker/invoke/runner";
import { Settings } from "../../../FlowInvoker/settings/settings";
import { failure, fakeJwt, fakeMsal, httpSettings, memoryStore, Reply, scriptedFetch, SentRequest } from "../fakes";
import { IDS } from "../mockContext";

const TRIGGER =
    "https://default72f988.bf.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?api-version=1";
const TOKEN = fakeJwt({ aud: "https://service.flow.microsoft.com/", tid: IDS.tenantId, oid: "oid-adele" });
const settings: Settings = httpSettings();
const clientData = JSON.stringify({
    properties: { definition: { triggers: { manual: { type: "Request", kind: "Http", inputs: { triggerAuthenticationType: "Tenant" } } } } },
});
const activeRow = { name: "Approve", resourceid: "res-1", category: 5, statecode: 1, statuscode: 2, clientdata: clientData };

const msal = (signedIn = true): MsalClient & { popups: number } => fakeMsal(TOKEN, signedIn);

interface Setup {
    pageSignIn?: PageSignIn;
    orgReply?: Reply | ((request: SentRequest) => Reply);
    trigger?: Reply | ((request: SentRequest) => Reply);
    callbackUrl?: string;
    row?: Record<string, unknown>;
    store?: KeyValueStore;
    client?: MsalClient;
    over?: Partial<RunnerDeps>;
}

function setup(options: Setup = {}) {
    const fetch = scriptedFetch([
        [/RetrieveCurrentOrganization/, options.orgReply ?? { status: 200, body: { Detail: { EnvironmentId: "Default-72f988bf", TenantId: IDS.tenantId } } }],
        [/listCallbackUrl/, { status: 200, body: { response: { value: options.callbackUrl ?? TRIGGER } } }],
        [/paths\/invoke/, options.trigger ?? { status: 200, body: { ok: true } }],
    ]);
    const rows: string[] = [];
    const client = options.client ?? msal();
    const runner = new FlowRunner({
        settings,
        app: { orgUrl: "https://contoso.crm.dynamics.com", userId: IDS.userId, isFramedCrossOrigin: false },
        webApi: {
            retrieveRecord: async (entity) => {
                rows.push(entity);
                return entity === "workflow" ? (options.row ?? activeRow) : { azureactivedirectoryobjectid: "oid-adele", windowsliveid: "adele@contoso.com" };
            },
        },
        fetch,
        msal: async () => client,
        pageSignIn: options.pageSignIn ?? new PageSignIn(),
        store: options.store ?? memoryStore(),
        now: () => 0,
        sleep: async () => undefined,
        newTrackingId: () => "tracking-1",
        ...options.over,
    });
    const count = (pattern: RegExp): number => fetch.sent.filter((request) => pattern.test(request.url)).length;
    return { runner, fetch, rows, count };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe("FlowRunner", () => {
    describe("at load: everything a click needs is ready before it", () => {
        it("prefetches at load so a click sends only the trigger request", async () => {
            const { runner, fetch, count } = setup();
            runner.prefetch();
            await settle();
            expect(count(/listCallbackUrl/)).toBe(1);
            const before = fetch.sent.length;
            const result = await runner.run({ recordId: "r" });
            expect(result).toMatchObject({ outcome: "completed", status: 200, body: { ok: true } });
            expect(fetch.sent.slice(before).map((request) => new URL(request.url).pathname)).toEqual([new URL(TRIGGER).pathname]);
            expect(fetch.sent[fetch.sent.length - 1].headers.authorization).toBe(`Bearer ${TOKEN}`);
        });

        it("serves discovery from the session cache after a reload", async () => {
            const store = memoryStore();
            await setup({ store }).runner.run({});
            const reloaded = setup({ store });
            reloaded.runner.prefetch();
            await settle();
            await reloaded.runner.run({});
            expect(reloaded.count(/listCallbackUrl/)).toBe(0);
            expect(reloaded.rows).not.toContain("workflow");
            expect(reloaded.count(/paths\/invoke/)).toBe(1);
        });
    });

    describe("finding the flow's trigger", () => {
        it("asks listCallbackUrl for the flow's resourceid in the organisation's environment", async () => {
            const { runner, fetch } = setup();
            await runner.run({});
            const call = fetch.sent.find((request) => request.url.includes("listCallbackUrl"));
            expect(call?.url).toContain("/environments/Default-72f988bf/flows/res-1/triggers/manual/listCallbackUrl");
        });

        it("prefers the environmentId property, then the platform's id, over RetrieveCurrentOrganization", async () => {
            const configured = setup({ over: { settings: { ...settings, environmentId: "Default-configured", tenantId: IDS.tenantId } } });
            await configured.runner.run({});
            expect(configured.count(/RetrieveCurrentOrganization/)).toBe(0);
            expect(configured.fetch.sent.some((request) => request.url.includes("/environments/Default-configured/"))).toBe(true);

            const platform = setup({
                over: {
                    app: {
                        orgUrl: "https://contoso.crm.dynamics.com",
                        userId: IDS.userId,
                        environmentId: "Default-platform",
                        tenantId: IDS.tenantId,
                        isFramedCrossOrigin: false,
                    },
                },
            });
            await platform.runner.run({});
            expect(platform.count(/RetrieveCurrentOrganization/)).toBe(0);
            expect(platform.fetch.sent.some((request) => request.url.includes("/environments/Default-platform/"))).toBe(true);
        });

        it("reports EnvironmentIdNotFound when nothing knows the environment", async () => {
            const { runner } = setup({ over: { fetch: scriptedFetch([[/RetrieveCurrentOrganization/, { status: 404 }]]) } });
            expect((await failure(runner.run({}))).code).toBe("EnvironmentIdNotFound");
        });

        it("takes the trigger URL from an environment variable without reading the workflow or calling listCallbackUrl", async () => {
            const { runner, count, rows } = setup({
                over: {
                    settings: { ...settings, workflowId: "", callbackUrlVariable: "fi_ApprovalUrl" },
                    webApi: {
                        retrieveRecord: async () => ({}),
                        retrieveMultipleRecords: async () => ({
                            entities: [{ defaultvalue: TRIGGER, environmentvariabledefinition_environmentvariablevalue: [] }],
                        }),
                    },
                },
            });
            expect((await runner.run({})).outcome).toBe("completed");
            expect(count(/listCallbackUrl/)).toBe(0);
            expect(rows).not.toContain("workflow");
            expect(count(/paths\/invoke/)).toBe(1);
        });

        it("retries reads on 503 with backoff, and gives up after three tries", async () => {
            let calls = 0;
            const flaky = setup({
                orgReply: () =>
                    ++calls < 3 ? { status: 503 } : { status: 200, body: { Detail: { EnvironmentId: "Default-72f988bf", TenantId: IDS.tenantId } } },
            });
            await flaky.runner.run({});
            expect(flaky.count(/RetrieveCurrentOrganization/)).toBe(3);
            const downFetch = scriptedFetch([
                [/RetrieveCurrentOrganization/, { status: 200, body: { Detail: { EnvironmentId: "E", TenantId: IDS.tenantId } } }],
                [/listCallbackUrl/, { status: 503 }],
            ]);
            const error = await failure(setup({ over: { fetch: downFetch } }).runner.run({}));
            expect(error.code).toBe("ServiceUnavailable");
            expect(downFetch.sent.filter((request) => request.url.includes("listCallbackUrl"))).toHaveLength(3);
        });
    });

    describe("a flow that cannot run is said before anyone signs in", () => {
        it("refuses an off flow before asking for its URL", async () => {
            const { runner, count } = setup({ row: { ...activeRow, statecode: 0 } });
            expect((await failure(runner.run({}))).code).toBe("FlowOff");
            expect(count(/listCallbackUrl/)).toBe(0);
            expect(count(/paths\/invoke/)).toBe(0);
        });

        it("refuses an Anyone trigger known from the definition before asking for its URL", async () => {
            const anyone = JSON.stringify({
                properties: { definition: { triggers: { manual: { type: "Request", kind: "Http", inputs: { triggerAuthenticationType: "All" } } } } },
            });
            const { runner, count } = setup({ row: { ...activeRow, clientdata: anyone } });
            expect((await failure(runner.run({}))).code).toBe("AnonymousTriggerRefused");
            expect(count(/listCallbackUrl/)).toBe(0);
        });

        it("says a flow is off before asking a first-time user to sign in", async () => {
            const client = msal(false);
            const { runner } = setup({ client, row: { ...activeRow, statecode: 0 } });
            runner.prefetch();
            await settle();
            expect((await failure(runner.run({}))).code).toBe("FlowOff");
            expect(client.popups).toBe(0);
        });
    });

    describe("sign-in order: silent at load, the popup only from a click", () => {
        it("says sign-in is required without opening a popup at load, and signs in on the click", async () => {
            const client = msal(false);
            const { runner, count } = setup({ client });
            const changes = jest.fn();
            runner.onChange(changes);
            runner.prefetch();
            await settle();
            await settle();
            expect(runner.signInState).toBe("required");
            expect(changes).toHaveBeenCalled();
            expect(client.popups).toBe(0);
            expect(count(/listCallbackUrl/)).toBe(0);

            await runner.run({});
            expect(client.popups).toBe(1);
            expect(runner.signInState).toBe("signedIn");
            expect(count(/paths\/invoke/)).toBe(1);
        });

        it("shares one popup between two controls that need sign-in at once", async () => {
            const page = new PageSignIn();
            const client = msal(false);
            const first = setup({ client, pageSignIn: page });
            const second = setup({ client, pageSignIn: page });
            first.runner.prefetch();
            second.runner.prefetch();
            await settle();
            await settle();
            await Promise.all([first.runner.signIn(), second.runner.signIn()]);
            expect(client.popups).toBe(1);
            expect(second.runner.signInState).toBe("signedIn");
        });

        it("opens the popup in a frame of another site too (sessionFrame.test.ts has the frame's failures)", async () => {
            const client = msal(false);
            const { runner } = setup({ client, over: { app: { orgUrl: "https://contoso.crm.dynamics.com", userId: IDS.userId, isFramedCrossOrigin: true } } });
            await runner.signIn();
            expect(client.popups).toBe(1);
        });

        it("names the identityScope when no token can be had for it, and sends nothing", async () => {
            const client = msal();
            client.acquireTokenSilent = async (request: { scopes: string[] }) =>
                request.scopes[0].startsWith("api://") ? Promise.reject({ errorCode: "consent_required" }) : ({ accessToken: TOKEN } as AuthenticationResult);
            const { runner, count } = setup({ client, over: { settings: { ...settings, identityScope: "api://my-api/user_impersonation" } } });
            const error = await failure(runner.run({}));
            expect(error.code).toBe("IdentityTokenFailed");
            expect(error.details.values?.scope).toBe("api://my-api/user_impersonation");
            expect(count(/paths\/invoke/)).toBe(0);
        });
    });

    describe("where a token may go", () => {
        it("never sends the token to an Anyone (sig=) URL or a host outside the cloud", async () => {
            const anonymous = setup({ callbackUrl: `${TRIGGER}&sp=%2Ftriggers&sv=1.0&sig=SECRET` });
            expect((await failure(anonymous.runner.run({}))).code).toBe("AnonymousTriggerRefused");
            expect(anonymous.count(/paths\/invoke/)).toBe(0);

            const foreign = setup({ callbackUrl: "https://evil.example.com/paths/invoke" });
            const error = await failure(foreign.runner.run({}));
            expect(error.code).toBe("UntrustedCallbackUrl");
            expect(error.details.values?.host).toBe("evil.example.com");
            expect(foreign.count(/paths\/invoke/)).toBe(0);
        });

        it("applies the URL rules to a URL from an environment variable", async () => {
            const { runner, count } = setup({
                over: {
                    settings: { ...settings, workflowId: "", callbackUrlVariable: "fi_ApprovalUrl" },
                    webApi: {
                        retrieveRecord: async () => ({}),
                        retrieveMultipleRecords: async () => ({ entities: [{ defaultvalue: "https://evil.example.com/x" }] }),
                    },
                },
            });
            expect((await failure(runner.run({}))).code).toBe("UntrustedCallbackUrl");
            expect(count(/evil/)).toBe(0);
        });

        it("does not cache a signed URL", async () => {
            const store = memoryStore();
            await failure(setup({ store, callbackUrl: `${TRIGGER}&sig=SECRET` }).runner.run({}));
            expect([...store.data.values()].join()).not.toContain("SECRET");
        });

        it("runs an Anyone trigger without a token when the maker allowed it, and keeps its URL out of storage", async () => {
            const store = memoryStore();
            const { runner, fetch } = setup({
                store,
                callbackUrl: `${TRIGGER}&sig=SECRET`,
                trigger: { status: 202 },
                over: { settings: { ...settings, allowAnonymousTrigger: true } },
            });
            await runner.run({});
            expect(fetch.sent[fetch.sent.length - 1].headers.authorization).toBeUndefined();
            expect([...store.data.values()].join()).not.toContain("SECRET");
        });

        it("sends the identityScope token in its own header beside the flow token", async () => {
            const identity = fakeJwt({ aud: "api://my-api", oid: "oid-adele" });
            const client = msal();
            client.acquireTokenSilent = async (request: { scopes: string[] }) =>
                ({ accessToken: request.scopes[0].startsWith("api://") ? identity : TOKEN }) as AuthenticationResult;
            const { runner, fetch } = setup({ client, over: { settings: { ...settings, identityScope: "api://my-api/user_impersonation" } } });
            await runner.run({});
            const post = fetch.sent[fetch.sent.length - 1];
            expect(post.headers.authorization).toBe(`Bearer ${TOKEN}`);
            expect(post.headers["x-flowinvoker-identity"]).toBe(identity);
        });

        it("never sends the identity token to an Anyone (sig=) trigger", async () => {
            const client = msal();
            const { runner, fetch } = setup({
                client,
                callbackUrl: `${TRIGGER}&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&SIG=SECRET`,
                over: { settings: { ...settings, allowAnonymousTrigger: true, identityScope: "api://my-api/user_impersonation" } },
            });
            await runner.run({});
            const post = fetch.sent[fetch.sent.length - 1];
            expect(post.url).toContain("SIG=SECRET");
            expect(post.headers.authorization).toBeUndefined();
            expect(post.headers["x-flowinvoker-identity"]).toBeUndefined();
        });
    });

    describe("one click, at most one run: what is resent and what never is", () => {
        it("rediscovers once when the trigger says the cached URL no longer exists, and runs once", async () => {
            let calls = 0;
            const { runner, count } = setup({
                trigger: () => (++calls === 1 ? { status: 404, body: { error: { code: "WorkflowNotFound" } } } : { status: 202 }),
            });
            const result = await runner.run({});
            expect(result.outcome).toBe("started");
            expect(count(/listCallbackUrl/)).toBe(2);
            expect(count(/paths\/invoke/)).toBe(2);
        });

        it("never resends after a 404 or 401 that the flow itself answered, with or without a readable run id", async () => {
            for (const trigger of [
                { status: 404, body: { message: "no such order" } },
                { status: 404, body: { message: "no such order" }, headers: { "x-ms-workflow-run-id": "RUN" } },
                { status: 401, body: { error: { code: "ExpiredAuthenticationToken", message: "the flow's own answer" } } },
            ]) {
                const { runner, count } = setup({ trigger });
                expect((await failure(runner.run({}))).code).toBe("FlowReturnedError");
                expect(count(/paths\/invoke/)).toBe(1);
            }
        });

        it("never retries a request that got no answer", async () => {
            const { runner, fetch } = setup({ trigger: new TypeError("network") });
            const error = await failure(runner.run({}));
            expect(error.code).toBe("RunOutcomeUnknown");
            expect(error.details.mayHaveRun).toBe(true);
            // the probes that rule out a refused preflight carry no token: one POST with the user's token, never resent
            expect(fetch.sent.filter((r) => /paths\/invoke/.test(r.url) && r.headers.authorization === `Bearer ${TOKEN}`)).toHaveLength(1);
        });

        it("does not retry a policy refusal (MisMatchingOAuthClaims, DirectApiAuthorizationRequired)", async () => {
            for (const code of ["MisMatchingOAuthClaims", "DirectApiAuthorizationRequired", "OAuthAccessPolicyNotFound"]) {
                const { runner, count } = setup({ trigger: { status: 401, body: { error: { code } } } });
                expect((await failure(runner.run({}))).code).toBe(code);
                expect(count(/paths\/invoke/)).toBe(1);
            }
        });

        it("waits out a short Retry-After on 429 once, and shows a long one", async () => {
            let calls = 0;
            const sleeps: number[] = [];
            const short = setup({
                trigger: () =>
                    ++calls === 1 ? { status: 429, body: { error: { code: "WorkflowRequestsThrottled" } }, headers: { "retry-after": "2" } } : { status: 202 },
                over: { sleep: async (ms: number) => void sleeps.push(ms) },
            });
            expect((await short.runner.run({})).outcome).toBe("started");
            expect(sleeps).toEqual([2000]);

            const long = setup({ trigger: { status: 429, body: { error: { code: "WorkflowRequestsThrottled" } }, headers: { "retry-after": "300" } } });
            const error = await failure(long.runner.run({}));
            expect(error.code).toBe("Throttled");
            expect(error.details.retryAfterSeconds).toBe(300);
            expect(long.count(/paths\/invoke/)).toBe(1);
        });

        it("does not retry a 429 whose Retry-After the browser could not read", async () => {
            const { runner, count } = setup({ trigger: { status: 429, body: { error: { code: "WorkflowRequestsThrottled" } } } });
            expect((await failure(runner.run({}))).code).toBe("Throttled");
            expect(count(/paths\/invoke/)).toBe(1);
        });
    });

    describe("what the user can quote or fix", () => {
        it("sends the click's tracking id so the user can quote it", async () => {
            const { runner, fetch } = setup({ trigger: { status: 202 } });
            const result = await runner.run({});
            expect(fetch.sent[fetch.sent.length - 1].headers["x-ms-client-tracking-id"]).toBe("tracking-1");
            expect(result.trackingId).toBe("tracking-1");
        });

        it("names the claim that is off when the trigger answers MisMatchingOAuthClaims", async () => {
            const badAudience = fakeJwt({ aud: "https://service.flow.microsoft.com", tid: IDS.tenantId });
            const client = { ...msal(), acquireTokenSilent: async () => ({ accessToken: badAudience }) as AuthenticationResult };
            const { runner } = setup({ client, trigger: { status: 401, body: { error: { code: "MisMatchingOAuthClaims" } } } });
            const error = await failure(runner.run({}));
            expect(error.code).toBe("MisMatchingOAuthClaims");
            expect(error.details.values).toMatchObject({
                claim: "aud",
                expected: "https://service.flow.microsoft.com/",
                actual: "https://service.flow.microsoft.com",
            });
            expect(error.details.variant).toBe("aud");
            expect(JSON.stringify(error.details)).not.toContain(badAudience);
        });
    });
});
