/** @jest-environment node */
import type { AuthenticationResult } from "@azure/msal-browser";
import { MsalClient, SignInRequired } from "../../../FlowInvoker/auth/signIn";
import { TokenSession } from "../../../FlowInvoker/invoke/session";
import { failure, fakeJwt, httpSettings, memoryStore, runnerDeps } from "../fakes";
import { IDS } from "../mockContext";

// The form shown inside a frame of another site (a portal, Teams): the popup is tried there too (docs/platform-facts.md, "MSAL browser").
const ADELE = { oid: "c1a7e0d2-4b3f-4e6a-9d8c-1b2a3c4d5e6f", upn: "AdeleV@contoso.onmicrosoft.com" };
const TOKEN = fakeJwt({ aud: "https://service.flow.microsoft.com/", tid: IDS.tenantId, oid: ADELE.oid });

/** MSAL with nothing cached; the popup either returns Adele's token or fails as `popupError`, ssoSilent as `ssoError`. */
function msal(options: { popupError?: unknown; ssoError?: unknown } = {}) {
    const calls = { popups: 0, ssoSilent: 0 };
    const client = {
        getAccount: () => null,
        acquireTokenSilent: async () => Promise.reject({ errorCode: "no_tokens_found" }),
        ssoSilent: async () => {
            calls.ssoSilent += 1;
            return Promise.reject(options.ssoError ?? { errorCode: "login_required" });
        },
        acquireTokenPopup: async () => {
            calls.popups += 1;
            if (options.popupError) throw options.popupError;
            return {
                accessToken: TOKEN,
                account: { localAccountId: ADELE.oid, tenantId: IDS.tenantId, username: ADELE.upn },
            } as unknown as AuthenticationResult;
        },
    } as unknown as MsalClient;
    return { client, calls };
}

function session(client: MsalClient, isFramedCrossOrigin: boolean): TokenSession {
    const deps = runnerDeps({
        settings: httpSettings({ tenantId: IDS.tenantId }),
        app: { orgUrl: "https://contoso.crm.dynamics.com", userId: IDS.userId, isFramedCrossOrigin },
        webApi: { retrieveRecord: async () => ({ azureactivedirectoryobjectid: ADELE.oid, windowsliveid: ADELE.upn }) },
        fetch: async () => Promise.reject(new TypeError("no network in this test")),
        msal: async () => client,
        store: memoryStore(),
    });
    return new TokenSession(deps, async () => ({ tenantId: IDS.tenantId }));
}

describe("signing in inside a frame of another site", () => {
    it("opens the popup from the click and uses its token", async () => {
        const { client, calls } = msal();
        const tokens = session(client, true);
        await expect(tokens.forClick()).resolves.toBe(TOKEN);
        expect(calls.popups).toBe(1);
        expect(tokens.signInState).toBe("signedIn");
    });

    it("falls back to the Sign in button when ssoSilent fails there (third-party cookies blocked)", async () => {
        const { client, calls } = msal();
        const tokens = session(client, true);
        const error = await failure(tokens.silent());
        expect(error).toBeInstanceOf(SignInRequired);
        expect(error.details.serviceCode).toBe("login_required");
        expect(calls.ssoSilent).toBe(1);
        expect(calls.popups).toBe(0);
        expect(tokens.signInState).toBe("required");
    });

    it("says a sign-in window that did not report back, in a frame as outside one, without blaming the embedding page", async () => {
        const { client } = msal({ popupError: { errorCode: "timed_out" } });
        expect((await failure(session(client, true).forClick())).code).toBe("PopupClosed");
        expect((await failure(session(client, false).forClick())).code).toBe("PopupClosed");
    });

    it("names a blocked popup as blocked, in a frame too", async () => {
        const { client } = msal({ popupError: { errorCode: "popup_window_error" } });
        expect((await failure(session(client, true).forClick())).code).toBe("PopupBlocked");
    });

    it("names the embedding page when the window opened (the click is used up) but MSAL got no handle on it", async () => {
        const activation = { isActive: true };
        Object.defineProperty(globalThis, "navigator", { value: { userActivation: activation }, configurable: true });
        try {
            const { client, calls } = msal({ popupError: { errorCode: "popup_window_error" } });
            const open = client.acquireTokenPopup.bind(client);
            client.acquireTokenPopup = (request) => {
                activation.isActive = false; // Chromium spends the click on a window it opened, even one opened without a handle
                return open(request);
            };
            const error = await failure(session(client, true).forClick());
            expect(error.code).toBe("CrossOriginFrame");
            expect(error.details.serviceCode).toBe("popup_window_error");
            expect(calls.popups).toBe(1);
        } finally {
            Reflect.deleteProperty(globalThis, "navigator");
        }
    });
});
