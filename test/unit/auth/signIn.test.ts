/** @jest-environment node */
import type { AccountInfo, AuthenticationResult } from "@azure/msal-browser";
import { CacheLookupPolicy } from "@azure/msal-browser";
import { MsalClient, SignInRequired, acquireInteractively, acquireSilently, checkFormUser, findAccount } from "../../../FlowInvoker/auth/signIn";
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";

const request = {
    scope: "https://service.flow.microsoft.com//.default",
    authority: "https://login.microsoftonline.com/t",
    redirectUri: "https://o/r.html",
    tenantId: "t",
};
const adele = {
    homeAccountId: "oid.t",
    localAccountId: "oid-adele",
    tenantId: "t",
    username: "adele@contoso.com",
    environment: "login.microsoftonline.com",
} as AccountInfo;
const megan = { ...adele, homeAccountId: "oid-megan.t", localAccountId: "oid-megan", username: "megan@contoso.com" } as AccountInfo;
const result = (token: string, account: AccountInfo = adele): AuthenticationResult =>
    ({ accessToken: token, expiresOn: new Date(0), account }) as AuthenticationResult;

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
        expect(client.acquireTokenSilent).toHaveBeenCalledWith(
            expect.objectContaining({ scopes: ["https://service.flow.microsoft.com//.default"], account: adele }),
        );
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

    it("keeps MSAL's own silent renewal out of a hidden iframe when only the cache is allowed", async () => {
        const client = fakeClient();
        await acquireSilently(client, { objectId: "oid-adele" }, request, { cacheOnly: true });
        expect(client.acquireTokenSilent).toHaveBeenCalledWith(expect.objectContaining({ cacheLookupPolicy: CacheLookupPolicy.AccessTokenAndRefreshToken }));
    });

    it("does not take the token of another account that ssoSilent found without a hint", async () => {
        const client = fakeClient({ getAccount: jest.fn(() => null), ssoSilent: jest.fn(async () => result("megan's", megan)) });
        const error = await acquireSilently(client, { objectId: "oid-adele" }, request).catch((e: SignInRequired) => e);
        expect(error).toBeInstanceOf(SignInRequired);
        expect((error as SignInRequired).reason).toBe("other_account");
    });
});

describe("acquireInteractively", () => {
    it("opens the popup with the login hint", async () => {
        const client = fakeClient();
        expect((await acquireInteractively(client, { loginHint: "adele@contoso.com" }, request, false)).token).toBe("popup");
        expect(client.acquireTokenPopup).toHaveBeenCalledWith(expect.objectContaining({ loginHint: "adele@contoso.com", scopes: [request.scope] }));
    });

    it("reports whom the popup signed in", async () => {
        const client = fakeClient({ acquireTokenPopup: jest.fn(async () => result("popup", megan)) });
        const found = await acquireInteractively(client, {}, request, false);
        expect(found.account).toEqual({ objectId: "oid-megan", tenantId: "t", username: "megan@contoso.com" });
    });

    it("turns a blocked popup into PopupBlocked", async () => {
        const client = fakeClient({ acquireTokenPopup: jest.fn(async () => Promise.reject({ errorCode: "popup_window_error" })) });
        const error = await acquireInteractively(client, {}, request, false).catch((e: FlowInvokerError) => e);
        expect((error as FlowInvokerError).code).toBe("PopupBlocked");
    });
});

describe("checkFormUser", () => {
    const adeleUser = { objectId: "OID-ADELE", loginHint: "adele@contoso.com" };

    it("accepts the form's user (ids compared without case) and an account it cannot tell apart", () => {
        const token = { token: "x", account: { objectId: "oid-adele", tenantId: "T", username: "adele@contoso.com" } };
        expect(checkFormUser(token, adeleUser, "t")).toBe(token);
        expect(checkFormUser({ token: "x" }, adeleUser, "t").token).toBe("x");
        expect(checkFormUser(token, {}, undefined)).toBe(token);
    });

    it.each([
        ["another object id", { objectId: "oid-megan", tenantId: "t", username: "megan@contoso.com" }, "megan@contoso.com"],
        ["the same object id in another tenant", { objectId: "oid-adele", tenantId: "other", username: "adele@fabrikam.com" }, "adele@fabrikam.com"],
    ])("names %s and never returns its token", (_, account, named) => {
        let thrown: unknown;
        try {
            checkFormUser({ token: "secret-token", account }, adeleUser, "t");
        } catch (error) {
            thrown = error;
        }
        expect((thrown as FlowInvokerError).code).toBe("SignedInAsOtherUser");
        expect((thrown as FlowInvokerError).details.values).toEqual({ account: named, user: "adele@contoso.com" });
        expect(JSON.stringify((thrown as FlowInvokerError).details)).not.toContain("secret-token");
    });
});
