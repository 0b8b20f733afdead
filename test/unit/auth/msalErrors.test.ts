import { translateMsalError } from "../../../FlowInvoker/auth/msalErrors";

describe("translateMsalError", () => {
    it.each([
        [{ errorCode: "popup_window_error" }, "PopupBlocked", "popup_window_error"],
        [{ errorCode: "empty_window_error" }, "PopupBlocked", "empty_window_error"],
        [{ errorCode: "timed_out" }, "PopupClosed", "timed_out"],
        [{ errorCode: "user_cancelled" }, "PopupClosed", "user_cancelled"],
        [{ errorCode: "interaction_in_progress" }, "InteractionInProgress", "interaction_in_progress"],
        [
            { errorCode: "invalid_grant", errorMessage: "AADSTS65001: The user or administrator has not consented", errorNo: "65001" },
            "ConsentRequired",
            "AADSTS65001",
        ],
        [{ errorCode: "consent_required", errorMessage: "AADSTS65001: consent" }, "ConsentRequired", "AADSTS65001"],
        [{ errorCode: "invalid_request", errorMessage: "AADSTS50011: The redirect URI does not match" }, "RedirectUriNotRegistered", "AADSTS50011"],
        [{ errorCode: "unauthorized_client", errorMessage: "AADSTS700016: Application not found" }, "UnknownClient", "AADSTS700016"],
        [{ errorCode: "something_new" }, "SignInFailed", "something_new"],
        ["not an object", "SignInFailed", "unknown"],
    ])("%j becomes %s with service code %s", (error, code, serviceCode) => {
        const translated = translateMsalError(error, false);
        expect(translated.code).toBe(code);
        expect(translated.details.serviceCode).toBe(serviceCode);
    });

    // With legacy polling no redirect bridge can time out in a frame: a timeout there blames no embedding page.
    it("says a timeout or a closed window inside a cross-origin frame is a window that did not report back", () => {
        expect(translateMsalError({ errorCode: "timed_out" }, true).code).toBe("PopupClosed");
        expect(translateMsalError({ errorCode: "user_cancelled" }, true).code).toBe("PopupClosed");
    });

    // The embedding page's Cross-Origin-Opener-Policy: same-origin opens the window but hands the frame none (docs/platform-facts.md, "MSAL browser").
    it.each<[string, boolean, boolean, string]>([
        ["a window opened without a handle in a cross-origin frame", true, true, "CrossOriginFrame"],
        ["no window opened in a cross-origin frame (sandbox without allow-popups, blocker)", true, false, "PopupBlocked"],
        ["a window lost outside any frame", false, true, "PopupBlocked"],
    ])("names %s as %s", (_, framed, windowLost, code) => {
        for (const errorCode of ["popup_window_error", "empty_window_error"]) {
            const translated = translateMsalError({ errorCode }, framed, windowLost);
            expect(translated.code).toBe(code);
            expect(translated.details.serviceCode).toBe(errorCode);
        }
    });

    it("gives a popup blocked in a cross-origin frame the fix that names the embedding page too (its iframe sandbox)", () => {
        expect(translateMsalError({ errorCode: "popup_window_error" }, true, false).details.variant).toBe("Framed");
        expect(translateMsalError({ errorCode: "popup_window_error" }, false, false).details.variant).toBeUndefined();
    });
});
