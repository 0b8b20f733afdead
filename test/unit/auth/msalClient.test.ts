/** @jest-environment node */
const created: Array<{ auth: { clientId: string; authority: string } }> = [];
let failNextInitialize = false;

jest.mock("@azure/msal-browser", () => ({
    BrowserCacheLocation: { LocalStorage: "localStorage" },
    PublicClientApplication: class {
        constructor(readonly config: { auth: { clientId: string; authority: string } }) {
            created.push(config);
        }
        async initialize(): Promise<void> {
            if (failNextInitialize) {
                failNextInitialize = false;
                throw { errorCode: "crypto_nonexistent" };
            }
        }
    },
}));

import { getMsalClient } from "../../../FlowInvoker/auth/msalClient";

const options = (clientId: string, tenant: string) => ({ clientId, authority: `https://login.microsoftonline.com/${tenant}`, redirectUri: "https://o/r.html" });

describe("getMsalClient", () => {
    it("gives every control of one client id the same client, whatever authority it asks for (requests carry their own)", async () => {
        const [a, b] = await Promise.all([getMsalClient(options("app-1", "tenant-a")), getMsalClient(options("APP-1", "tenant-b"))]);
        expect(a).toBe(b);
        expect(created.filter((config) => config.auth.clientId.toLowerCase() === "app-1")).toHaveLength(1);
        expect(await getMsalClient(options("app-2", "tenant-a"))).not.toBe(a);
    });

    it("forgets a failed initialise, so the next click tries again", async () => {
        failNextInitialize = true;
        await expect(getMsalClient(options("app-3", "t"))).rejects.toEqual({ errorCode: "crypto_nonexistent" });
        await new Promise((resolve) => setTimeout(resolve, 0));
        await expect(getMsalClient(options("app-3", "t"))).resolves.toBeDefined();
    });
});
