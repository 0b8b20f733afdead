/** @jest-environment node */
import { Discovery } from "../../../FlowInvoker/invoke/discovery";
import { Reply, failure, httpSettings, runnerDeps, scriptedFetch, workflowRow } from "../fakes";
import { IDS } from "../mockContext";

const TRIGGER =
    "https://default72f988.bf.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?api-version=1";
const OWNER = "Megan Bowen";
const definition = (inputs: Record<string, unknown>, key = "manual"): string =>
    JSON.stringify({ properties: { definition: { triggers: { [key]: { type: "Request", kind: "Http", inputs } } } } });
const ADELE = {
    windowsliveid: "AdeleV@contoso.onmicrosoft.com",
    internalemailaddress: "AdeleV@contoso.onmicrosoft.com",
    azureactivedirectoryobjectid: "c1a7e0d2-4b3f-4e6a-9d8c-1b2a3c4d5e6f",
};

interface Setup {
    clientData?: string;
    owner?: string | null;
    user?: Record<string, unknown> | Error;
    listCallbackUrl?: Reply;
}

function setup(options: Setup = {}) {
    const reads: string[] = [];
    const owner = options.owner === undefined ? OWNER : options.owner;
    const row = workflowRow(options.clientData ?? definition({ triggerAuthenticationType: "Tenant" }), {
        ...(owner ? { "_ownerid_value@OData.Community.Display.V1.FormattedValue": owner } : {}),
    });
    const fetch = scriptedFetch([[/listCallbackUrl/, options.listCallbackUrl ?? { status: 200, body: { response: { value: TRIGGER } } }]]);
    const deps = runnerDeps({
        settings: httpSettings({ environmentId: "Default-72f988bf", tenantId: IDS.tenantId }),
        webApi: {
            retrieveRecord: async (entity: string) => {
                reads.push(entity);
                if (entity === "workflow") return row;
                if (options.user instanceof Error) throw options.user;
                return options.user ?? ADELE;
            },
        },
        fetch,
    });
    return { discovery: new Discovery(deps), fetch, reads };
}

const specificUsers = (list: string): string => definition({ triggerAuthenticationType: "User", triggerAllowedUsers: list });

describe("Discovery: what the definition says before any sign-in", () => {
    it("tells a user not on 'Specific users' whom to ask, before a token is needed", async () => {
        const { discovery, fetch } = setup({ clientData: specificUsers("MeganB@contoso.onmicrosoft.com") });
        const error = await failure(discovery.precheck());
        expect(error.code).toBe("NotAnAllowedUser");
        expect(error.details.values).toMatchObject({ flowName: "Approve order", user: "AdeleV@contoso.onmicrosoft.com", owner: OWNER });
        expect(error.details.variant).toBeUndefined();
        expect(fetch.sent).toEqual([]);
    });

    it("says 'ask the flow's owner' without a name when the row does not give one", async () => {
        const { discovery } = setup({ clientData: specificUsers("MeganB@contoso.onmicrosoft.com"), owner: null });
        expect((await failure(discovery.precheck())).details.variant).toBe("NoOwner");
    });

    it.each([
        ["the UPN in other case, among others", "meganb@contoso.onmicrosoft.com; adelev@CONTOSO.onmicrosoft.com"],
        ["the object id", "C1A7E0D2-4B3F-4E6A-9D8C-1B2A3C4D5E6F"],
        ["a blank list (the whole tenant)", ""],
    ])("lets a listed user through: %s", async (_name, list) => {
        await expect(setup({ clientData: specificUsers(list) }).discovery.precheck()).resolves.toBeUndefined();
    });

    it("leaves the judgement to the trigger when the user's own row cannot be read", async () => {
        await expect(
            setup({ clientData: specificUsers("MeganB@contoso.onmicrosoft.com"), user: new Error("403") }).discovery.precheck(),
        ).resolves.toBeUndefined();
    });

    it("asks listCallbackUrl for the trigger's own key", async () => {
        const { discovery, fetch } = setup({ clientData: definition({ triggerAuthenticationType: "Tenant" }, "When_a_HTTP_request_is_received") });
        await discovery.callbackUrl(Promise.resolve("TOKEN"));
        expect(fetch.sent[0].url).toContain("/triggers/When_a_HTTP_request_is_received/listCallbackUrl");
    });
});

describe("Discovery: listCallbackUrl refused for a flow that is on", () => {
    it.each([401, 403, 404])("%s names the flow and its owner, and the two fixes", async (status) => {
        const { discovery, fetch } = setup({
            listCallbackUrl: { status, body: { error: { code: status === 404 ? "FlowNotFound" : "Forbidden", message: "m" } } },
        });
        const error = await failure(discovery.callbackUrl(Promise.resolve("TOKEN")));
        expect(error.code).toBe("CallbackUrlDenied");
        expect(error.details.values).toMatchObject({ flowName: "Approve order", owner: OWNER, status: String(status) });
        expect(fetch.sent.length).toBe(1);
    });

    it("uses the text without a name when the owner is unknown", async () => {
        const { discovery } = setup({ owner: null, listCallbackUrl: { status: 403, body: "" } });
        expect((await failure(discovery.callbackUrl(Promise.resolve("TOKEN")))).details.variant).toBe("NoOwner");
    });
});
