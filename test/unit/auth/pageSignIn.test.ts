/** @jest-environment node */
import { PageSignIn, PopupRequest } from "../../../FlowInvoker/auth/pageSignIn";
import { deferred, settle } from "../fakes";

const REQUEST: PopupRequest = {
    clientId: "11111111-2222-4333-8444-555555555555",
    authority: "https://login.microsoftonline.com/72f988bf-0000-4000-8000-2d7cd011db47",
    scopes: ["https://service.flow.microsoft.com//.default", "openid"],
};

describe("one popup per page for the same sign-in", () => {
    it("joins the popup already open for the same client id, authority and scopes, in any case and order", async () => {
        const page = new PageSignIn();
        const popup = deferred<string>();
        const open = jest.fn(() => popup.promise);
        const first = page.share(REQUEST, open);
        const second = page.share(
            { clientId: REQUEST.clientId.toUpperCase(), authority: REQUEST.authority.toUpperCase(), scopes: [...REQUEST.scopes].reverse() },
            open,
        );
        popup.resolve("signed in");
        expect(await Promise.all([first, second])).toEqual(["signed in", "signed in"]);
        expect(open).toHaveBeenCalledTimes(1);
    });

    it.each<[string, Partial<PopupRequest>]>([
        ["another client id", { clientId: "99999999-2222-4333-8444-555555555555" }],
        ["another authority", { authority: "https://login.microsoftonline.us/72f988bf-0000-4000-8000-2d7cd011db47" }],
        ["other scopes", { scopes: ["api://my-api/user_impersonation"] }],
    ])("opens a popup of its own for %s: a token is never handed across", async (_, other) => {
        const page = new PageSignIn();
        const popup = deferred<string>();
        const open = jest.fn(() => popup.promise);
        void page.share(REQUEST, open);
        void page.share({ ...REQUEST, ...other }, open);
        expect(open).toHaveBeenCalledTimes(2);
        popup.resolve("done");
        await settle();
    });

    it("opens a new popup once the last one has ended, and after one that failed", async () => {
        const page = new PageSignIn();
        const open = jest.fn().mockRejectedValueOnce(new Error("popup closed")).mockResolvedValue("signed in");
        await expect(page.share(REQUEST, open)).rejects.toThrow("popup closed");
        await settle();
        await expect(page.share(REQUEST, open)).resolves.toBe("signed in");
        await settle();
        await expect(page.share(REQUEST, open)).resolves.toBe("signed in");
        expect(open).toHaveBeenCalledTimes(3);
    });
});

describe("controls hearing that the user signed in", () => {
    it("tells every listener of that client id once the popup succeeded, and no other client id's", async () => {
        const page = new PageSignIn();
        const same = jest.fn();
        const other = jest.fn();
        page.onSignedIn(REQUEST.clientId, same);
        page.onSignedIn("99999999-2222-4333-8444-555555555555", other);
        await page.share(REQUEST, async () => "signed in");
        await settle();
        expect(same).toHaveBeenCalledTimes(1);
        expect(other).not.toHaveBeenCalled();
    });

    it("tells nobody when the popup failed: the failure is the opener's to show", async () => {
        const page = new PageSignIn();
        const listener = jest.fn();
        page.onSignedIn(REQUEST.clientId, listener);
        await expect(page.share(REQUEST, () => Promise.reject(new Error("user_cancelled")))).rejects.toThrow("user_cancelled");
        await settle();
        expect(listener).not.toHaveBeenCalled();
    });

    it("no longer tells a control that stopped listening (a disposed control acquires nothing)", async () => {
        const page = new PageSignIn();
        const gone = jest.fn();
        const live = jest.fn();
        const stop = page.onSignedIn(REQUEST.clientId, gone);
        page.onSignedIn(REQUEST.clientId, live);
        stop();
        await page.share(REQUEST, async () => "signed in");
        await settle();
        expect(gone).not.toHaveBeenCalled();
        expect(live).toHaveBeenCalledTimes(1);
    });
});
