/** @jest-environment node */
import { formUser } from "../../../FlowInvoker/invoke/keptUser";
import { KeyValueStore } from "../../../FlowInvoker/invoke/callbackCache";
import { memoryStore } from "../fakes";

const ROW = {
    azureactivedirectoryobjectid: "C1A7E0D2-4B3F-4E6A-9D8C-1B2A3C4D5E6F",
    windowsliveid: "AdeleV@contoso.onmicrosoft.com",
    internalemailaddress: "adele@contoso.com",
};

function form(store: KeyValueStore, reply: () => Promise<Record<string, unknown>>) {
    const reads: string[] = [];
    // a fresh Web API object per load, as each page load has its own
    const webApi = { retrieveRecord: async (entity: string) => (reads.push(entity), reply()) };
    return { deps: { webApi, keptStore: store, app: { orgUrl: "https://contoso.crm.dynamics.com", userId: "8d3f0c1e-1111-4222-8333-444455556666" } }, reads };
}

describe("the form user's ids for a returning user", () => {
    it("are read from Dataverse once, then taken from the kept copy on the next load", async () => {
        const store = memoryStore();
        const first = form(store, async () => ROW);
        expect(await formUser(first.deps, () => 1_000)).toMatchObject({
            objectId: "c1a7e0d2-4b3f-4e6a-9d8c-1b2a3c4d5e6f",
            loginHint: "AdeleV@contoso.onmicrosoft.com",
        });
        const next = form(store, async () => ROW);
        expect(await formUser(next.deps, () => 2_000)).toMatchObject({ objectId: "c1a7e0d2-4b3f-4e6a-9d8c-1b2a3c4d5e6f", email: "adele@contoso.com" });
        expect([first.reads, next.reads]).toEqual([["systemuser"], []]);
    });

    it("are read again after a day", async () => {
        const store = memoryStore();
        await formUser(form(store, async () => ROW).deps, () => 0);
        const later = form(store, async () => ROW);
        await formUser(later.deps, () => 25 * 3600 * 1000);
        expect(later.reads).toEqual(["systemuser"]);
    });

    it("keep nothing when the read fails, so the next load asks again", async () => {
        const store = memoryStore();
        expect(await formUser(form(store, async () => Promise.reject(new Error("403"))).deps)).toEqual({});
        expect(store.data.size).toBe(0);
    });

    it("treat an unreadable kept copy as none", async () => {
        const store = memoryStore();
        const first = form(store, async () => ROW);
        await formUser(first.deps, () => 0);
        for (const key of store.data.keys()) store.data.set(key, "{not json");
        const next = form(store, async () => ROW);
        await formUser(next.deps, () => 1);
        expect(next.reads).toEqual(["systemuser"]);
    });
});
