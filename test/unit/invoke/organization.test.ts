/** @jest-environment node */
import { Discovery } from "../../../FlowInvoker/invoke/discovery";
import { runnerDeps, scriptedFetch } from "../fakes";
import { IDS } from "../mockContext";

function discovery(replies: Array<{ status: number; body?: unknown }>) {
    let call = 0;
    const fetch = scriptedFetch([[/RetrieveCurrentOrganization/, () => replies[Math.min(call++, replies.length - 1)]]]);
    const deps = runnerDeps({
        app: { orgUrl: "https://contoso.crm.dynamics.com", isFramedCrossOrigin: false },
        webApi: { retrieveRecord: async () => ({}) },
        fetch,
    });
    return { discovery: new Discovery(deps), fetch };
}

describe("the organisation's ids (RetrieveCurrentOrganization)", () => {
    it("are asked again after a failed read instead of being remembered as unknown for the life of the control", async () => {
        // three tries (the read's retries), all 503: this click goes on without the ids; the next one reads again
        const down = { status: 503, body: { error: { code: "ServiceUnavailable", message: "down" } } };
        const { discovery: d } = discovery([
            down,
            down,
            down,
            { status: 200, body: { Detail: { EnvironmentId: "Default-72f988bf", TenantId: IDS.tenantId } } },
        ]);
        expect(await d.org()).toEqual({ tenantId: undefined, environmentId: undefined });
        expect(await d.org()).toEqual({ tenantId: IDS.tenantId, environmentId: "Default-72f988bf" });
    });

    it("are read once when the read succeeds", async () => {
        const { discovery: d, fetch } = discovery([{ status: 200, body: { Detail: { EnvironmentId: "Default-72f988bf", TenantId: IDS.tenantId } } }]);
        await d.org();
        await d.org();
        expect(fetch.sent).toHaveLength(1);
    });
});
