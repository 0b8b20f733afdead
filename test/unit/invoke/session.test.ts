/** @jest-environment node */
import type { AuthenticationResult } from "@azure/msal-browser";
import { PageSignIn } from "../../../FlowInvoker/auth/pageSignIn";
import { MsalClient } from "../../../FlowInvoker/auth/signIn";
import { FlowRunner, RunnerDeps } from "../../../FlowInvoker/invoke/runner";
import { CLOUDS } from "../../../FlowInvoker/settings/clouds";
import { parseBodyTemplate } from "../../../FlowInvoker/settings/requestBody";
import { Settings } from "../../../FlowInvoker/settings/settings";
import { deferred, failure, fakeJwt, memoryStore, scriptedFetch, settle, until } from "../fakes";
import { IDS } from "../mockContext";

// The form's user, as Dataverse's systemuser row and Entra's account name her.
const ADELE = { oid: "c1a7e0d2-4b3f-4e6a-9d8c-1b2a3c4d5e6f", upn: "AdeleV@contoso.onmicrosoft.com" };
const MEGAN = { oid: "d2b8f1e3-5c4a-4f7b-8e9d-2c3b4d5e6f70", upn: "MeganB@contoso.onmicrosoft.com" };
const TRIGGER =
    "https://default72f988bf.00.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?api-version=1";
const token = (who: string): string => fakeJwt({ aud: "https://service.flow.microsoft.com/", tid: IDS.tenantId, oid: who });
const clientData = JSON.stringify({
    properties: { definition: { triggers: { manual: { type: "Request", kind: "Http", inputs: { triggerAuthenticationType: "Tenant" } } } } },
});
const settings: Settings = {
    mode: "Http",
    workflowId: IDS.workflowId,
    clientId: IDS.clientId,
    tenantId: IDS.tenantId,
    environmentId: "Default-72f988bf",
    cloud: CLOUDS.Public,
    redirectUri: "https://contoso.crm.dynamics.com/r.html",
    allowAnonymousTrigger: false,
    body: parseBodyTemplate(undefined),
};

type Account = { localAccountId: string; tenantId: string; username: string };
const account = (user: typeof ADELE, tenantId: string = IDS.tenantId): Account => ({ localAccountId: user.oid, tenantId, username: user.upn });

/** MSAL as a first-time user meets it: nothing cached until the popup returns `popupUser`; ssoSilent as given. */
function firstTimeMsal(options: { popupUser?: typeof ADELE; silentAfterPopup?: boolean; ssoSilent?: () => Promise<AuthenticationResult> } = {}) {
    const cached: Account[] = [];
    const calls = { popups: 0, silent: 0, getAccount: 0, popupRequests: [] as Array<Record<string, unknown>> };
    const popupUser = options.popupUser ?? ADELE;
    const client: MsalClient = {
        getAccount: (filter: { localAccountId?: string; loginHint?: string; username?: string }) => {
            calls.getAccount += 1;
            return (cached.find((a) => a.localAccountId === filter.localAccountId || (filter.loginHint ?? filter.username) === a.username) ?? null) as never;
        },
        acquireTokenSilent: async (request: { account: Account }) => {
            calls.silent += 1;
            if (options.silentAfterPopup === false) throw { errorCode: "no_tokens_found" };
            return { accessToken: token(request.account.localAccountId), account: request.account } as unknown as AuthenticationResult;
        },
        ssoSilent: options.ssoSilent ?? (async () => Promise.reject({ errorCode: "login_required" })),
        acquireTokenPopup: async (request: { authority?: string }) => {
            calls.popups += 1;
            calls.popupRequests.push(request);
            // Entra signs the user in to the authority's tenant.
            const signedIn = account(popupUser, request.authority?.split("/").pop() ?? IDS.tenantId);
            cached.push(signedIn);
            return { accessToken: token(popupUser.oid), account: signedIn } as unknown as AuthenticationResult;
        },
    } as unknown as MsalClient;
    return { client, calls };
}

interface Setup {
    client: MsalClient;
    pageSignIn?: PageSignIn;
    systemuser?: () => Promise<Record<string, unknown>>;
    workflow?: () => Promise<Record<string, unknown>>;
    settings?: Partial<Settings>;
    over?: Partial<RunnerDeps>;
}

function setup(options: Setup) {
    const fetch = scriptedFetch([
        [/listCallbackUrl/, { status: 200, body: { response: { value: TRIGGER } } }],
        [/paths\/invoke/, { status: 200, body: { ok: true } }],
    ]);
    const reads: string[] = [];
    const deps: RunnerDeps = {
        settings: { ...settings, ...options.settings },
        app: { orgUrl: "https://contoso.crm.dynamics.com", userId: IDS.userId, isFramedCrossOrigin: false },
        webApi: {
            retrieveRecord: async (entity) => {
                reads.push(entity);
                if (entity === "workflow")
                    return options.workflow
                        ? options.workflow()
                        : { name: "Approve", resourceid: "res-1", category: 5, statecode: 1, statuscode: 2, clientdata: clientData };
                return options.systemuser ? options.systemuser() : { azureactivedirectoryobjectid: ADELE.oid, windowsliveid: ADELE.upn };
            },
        },
        fetch,
        msal: async () => options.client,
        pageSignIn: options.pageSignIn ?? new PageSignIn(),
        store: memoryStore(),
        now: () => 0,
        sleep: () => new Promise((resolve) => setTimeout(resolve, 0)),
        newTrackingId: () => "tracking-1",
        ...options.over,
    };
    const runner = new FlowRunner(deps);
    const posts = () => fetch.sent.filter((request) => /paths\/invoke/.test(request.url));
    return { runner, fetch, posts, reads };
}

describe("a click that needs the sign-in popup", () => {
    it("goes on with the popup's token even when the cache cannot give it again at once", async () => {
        const { client, calls } = firstTimeMsal({ silentAfterPopup: false });
        const { runner, posts } = setup({ client });
        runner.prefetch();
        await settle();
        expect(runner.signInState).toBe("required");
        const result = await runner.run({});
        expect(result.outcome).toBe("completed");
        expect(calls.popups).toBe(1);
        expect(posts()).toHaveLength(1);
        expect(posts()[0].headers.authorization).toBe(`Bearer ${token(ADELE.oid)}`);
    });

    it("names another account the popup returned, and neither uses it nor counts the user as signed in", async () => {
        const { client } = firstTimeMsal({ popupUser: MEGAN });
        const { runner, posts, fetch } = setup({ client });
        runner.prefetch();
        await settle();
        const error = await failure(runner.run({}));
        expect(error.code).toBe("SignedInAsOtherUser");
        expect(error.details.values).toMatchObject({ account: MEGAN.upn, user: ADELE.upn });
        expect(posts()).toHaveLength(0);
        expect(fetch.sent.filter((request) => request.headers.authorization)).toHaveLength(0);
        expect(runner.signInState).toBe("required");
        expect(JSON.stringify(error.details)).not.toContain(token(MEGAN.oid));
    });

    it("reads the user again after a failed systemuser read, so a signed-in user gets no popup", async () => {
        let reads = 0;
        const { client, calls } = firstTimeMsal();
        // Signed in before: MSAL has Adele cached.
        await client.acquireTokenPopup({ scopes: [] });
        calls.popups = 0;
        const systemuser = async () => {
            reads += 1;
            if (reads === 1) throw Object.assign(new Error("Service unavailable"), { status: 503 });
            return { azureactivedirectoryobjectid: ADELE.oid, windowsliveid: ADELE.upn };
        };
        const { runner, posts } = setup({ client, systemuser });
        runner.prefetch();
        await settle();
        expect((await runner.run({})).outcome).toBe("completed");
        expect(calls.popups).toBe(0);
        expect(posts()).toHaveLength(1);
    });

    it("opens the popup at once while the load's ssoSilent is still going on", async () => {
        const sso = deferred<AuthenticationResult>();
        const { client, calls } = firstTimeMsal({ ssoSilent: () => sso.promise });
        const { runner } = setup({ client });
        runner.prefetch();
        await settle();
        expect(runner.signInState).toBe("checking");
        const started = Date.now();
        const run = runner.run({});
        await until(() => calls.popups > 0);
        expect(calls.popups).toBe(1);
        expect(Date.now() - started).toBeLessThan(1000);
        expect((await run).outcome).toBe("completed");
    });

    it("opens the popup on the click's activation even while the flow row is still being read, and checks the row after", async () => {
        const row = deferred<Record<string, unknown>>();
        const { client, calls } = firstTimeMsal();
        const { runner, posts } = setup({ client, workflow: () => row.promise });
        runner.prefetch();
        await settle();
        const started = Date.now();
        const run = runner.run({});
        await until(() => calls.popups > 0);
        expect(calls.popups).toBe(1);
        expect(Date.now() - started).toBeLessThan(1000);
        row.resolve({ name: "Approve", resourceid: "res-1", category: 5, statecode: 0, statuscode: 1, clientdata: clientData });
        expect((await failure(run)).code).toBe("FlowOff");
        expect(posts()).toHaveLength(0);
    });
});

describe("popups shared by the controls of a page", () => {
    it("joins one popup for the same client id, authority and scopes", async () => {
        const page = new PageSignIn();
        const { client, calls } = firstTimeMsal();
        const first = setup({ client, pageSignIn: page });
        const second = setup({ client, pageSignIn: page });
        first.runner.prefetch();
        second.runner.prefetch();
        await settle();
        await Promise.all([first.runner.signIn(), second.runner.signIn()]);
        expect(calls.popups).toBe(1);
    });

    it.each<[string, Partial<Settings>, Record<string, unknown>]>([
        [
            "another tenant (authority)",
            { tenantId: "0f9e8d7c-6b5a-4948-8372-615049382716" },
            { authority: expect.stringContaining("0f9e8d7c-6b5a-4948-8372-615049382716") },
        ],
        [
            "an identityScope to consent to (scopes)",
            { identityScope: "api://my-api/user_impersonation" },
            { extraScopesToConsent: ["api://my-api/user_impersonation"] },
        ],
    ])("never hands one control's token to a control with %s", async (_, other, asked) => {
        const page = new PageSignIn();
        const a = firstTimeMsal();
        const b = firstTimeMsal();
        const first = setup({ client: a.client, pageSignIn: page });
        const second = setup({ client: b.client, pageSignIn: page, settings: other });
        first.runner.prefetch();
        second.runner.prefetch();
        await settle();
        await Promise.all([first.runner.signIn(), second.runner.signIn()]);
        expect(a.calls.popups).toBe(1);
        expect(b.calls.popups).toBe(1);
        expect(b.calls.popupRequests[0]).toMatchObject(asked);
    });
});

describe("a disposed runner", () => {
    it("stops listening to the page's sign-ins", async () => {
        const page = new PageSignIn();
        const gone = firstTimeMsal();
        const other = firstTimeMsal();
        const disposed = setup({ client: gone.client, pageSignIn: page });
        const live = setup({ client: other.client, pageSignIn: page });
        disposed.runner.prefetch();
        live.runner.prefetch();
        await settle();
        (disposed.runner as unknown as { dispose(): void }).dispose();
        const before = gone.calls.getAccount;
        await live.runner.signIn();
        await settle();
        expect(gone.calls.getAccount).toBe(before);
    });

    it("sends nothing once disposed, even for a click already past sign-in", async () => {
        const row = deferred<Record<string, unknown>>();
        const { client } = firstTimeMsal();
        await client.acquireTokenPopup({ scopes: [] });
        const { runner, posts } = setup({ client, workflow: () => row.promise });
        const run = runner.run({});
        await settle();
        (runner as unknown as { dispose(): void }).dispose();
        row.resolve({ name: "Approve", resourceid: "res-1", category: 5, statecode: 1, statuscode: 2, clientdata: clientData });
        await expect(run).rejects.toThrow();
        expect(posts()).toHaveLength(0);
    });
});
