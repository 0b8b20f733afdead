/** @jest-environment node */
import type { AccountInfo, AuthenticationResult } from "@azure/msal-browser";
import { MsalClient, SignInRequired, acquireInteractively, acquireSilently, findAccount } from "../../../FlowInvoker/auth/signIn";
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";

const request = { scope: "https://service.flow.microsoft.com//.default", authority: "https://login.microsoftonline.com/t", redirectUri: "https://o/r.html", tenantId: "t" };
const adele = { homeAccountId: "oid.t", localAccountId: "oid-adele", tenantId: "t", username: "adele@contoso.com", environment: "login.microsoftonline.com" } as AccountInfo;
const result = (token: string): AuthenticationResult => ({ accessToken: token, expiresOn: new Date(0) }) as AuthenticationResult;

function fakeClient(over: Partial<Record<keyof MsalClient, jest.Mock>> = {}): MsalClient & Record<keyof MsalClient, jest.Mock> {
    return {
        getAccount: jest.fn((filter: { localAccountId?: string; loginHint?: string }) => (filter.localAccountId === "oid-adele" ? adele : null)),
        acquireTokenSilent: jest.fn(async () => result("cached")),
        ssoSilent: jest.fn(async () => result("sso")),
        acquireTokenPopup: jest.fn(async () => result("popup")),
        ...over,
    } as unknown as MsalClient & Record<keyof MsalClient, jest.Mock>;
}

describe("findAccount", () => {
    it("matches the app user by Entra object id in the tenant, never the active account", () => {
        const client = fakeClient();
        expect(findAccount(client, { objectId: "oid-adele" }, "t")).toBe(adele);
        expect(client.getAccount).toHaveBeenCalledWith({ localAccountId: "oid-adele", tenantId: "t" });
    });

    it("falls back to the login hint", () => {
        const client = fakeClient({ getAccount: jest.fn((filter: { loginHint?: string }) => (filter.loginHint ? adele : null)) });
        expect(findAccount(client, { loginHint: "adele@contoso.com" })).toBe(adele);
    });
});

describe("acquireSilently", () => {
    it("uses the cached account's token with the exact double-slash scope", async () => {
        const client = fakeClient();
        expect((await acquireSilently(client, { objectId: "oid-adele" }, request)).token).toBe("cached");
        expect(client.acquireTokenSilent).toHaveBeenCalledWith(expect.objectContaining({ scopes: ["https://service.flow.microsoft.com//.default"], account: adele }));
        expect(client.ssoSilent).not.toHaveBeenCalled();
        expect(client.acquireTokenPopup).not.toHaveBeenCalled();
    });

    it("tries ssoSilent with the login hint when the cache cannot help", async () => {
        const client = fakeClient({ acquireTokenSilent: jest.fn(async () => Promise.reject({ errorCode: "interaction_required" })) });
        expect((await acquireSilently(client, { objectId: "oid-adele", loginHint: "adele@contoso.com" }, request)).token).toBe("sso");
        expect(client.ssoSilent).toHaveBeenCalledWith(expect.objectContaining({ loginHint: "adele@contoso.com", redirectUri: "https://o/r.html" }));
    });

    it("asks for a click (never a popup) when ssoSilent needs interaction", async () => {
        const client = fakeClient({ getAccount: jest.fn(() => null), ssoSilent: jest.fn(async () => Promise.reject({ errorCode: "login_required" })) });
        await expect(acquireSilently(client, { loginHint: "a@b.c" }, request)).rejects.toBeInstanceOf(SignInRequired);
        expect(client.acquireTokenPopup).not.toHaveBeenCalled();
    });

    it("does not try ssoSilent when only the cache is allowed", async () => {
        const client = fakeClient({ getAccount: jest.fn(() => null) });
        await expect(acquireSilently(client, { loginHint: "a@b.c" }, request, { cacheOnly: true })).rejects.toBeInstanceOf(SignInRequired);
        expect(client.ssoSilent).not.toHaveBeenCalled();
    });
});

describe("acquireInteractively", () => {
    it("opens the popup with the login hint", async () => {
        const client = fakeClient();
        expect((await acquireInteractively(client, { loginHint: "adele@contoso.com" }, request, false)).token).toBe("popup");
        expect(client.acquireTokenPopup).toHaveBeenCalledWith(expect.objectContaining({ loginHint: "adele@contoso.com", scopes: [request.scope] }));
    });

    it("turns a blocked popup into PopupBlocked", async () => {
        const client = fakeClient({ acquireTokenPopup: jest.fn(async () => Promise.reject({ errorCode: "popup_window_error" })) });
        const error = await acquireInteractively(client, {}, request, false).catch((e: FlowInvokerError) => e);
        expect((error as FlowInvokerError).code).toBe("PopupBlocked");
    });
});
