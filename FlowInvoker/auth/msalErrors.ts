import { FlowInvokerError } from "../errors/FlowInvokerError";
import { ErrorCode } from "../errors/catalogue";

interface MsalLikeError {
    errorCode?: string;
    errorMessage?: string;
    subError?: string;
    errorNo?: string;
}

/** Entra's AADSTS numbers that a maker can fix, and the code we show for each (README "Troubleshooting" lists them). */
export const AADSTS_CODES: Readonly<Record<string, ErrorCode>> = {
    "65001": "ConsentRequired",
    "65002": "ConsentRequired",
    "65004": "ConsentRequired",
    "50011": "RedirectUriNotRegistered",
    "700016": "UnknownClient",
};

/** MSAL v5 error codes (its messages are only links: branch on errorCode). */
export const MSAL_CODES: Readonly<Record<string, ErrorCode>> = {
    popup_window_error: "PopupBlocked",
    empty_window_error: "PopupBlocked",
    user_cancelled: "PopupClosed",
    timed_out: "PopupClosed",
    interaction_in_progress: "InteractionInProgress",
    consent_required: "ConsentRequired",
};

function aadstsNumber(error: MsalLikeError): string | undefined {
    if (error.errorNo) return String(error.errorNo);
    const match = /AADSTS(\d+)/.exec(`${error.errorMessage ?? ""} ${error.subError ?? ""}`);
    return match?.[1];
}

/**
 * Turns an MSAL failure into our catalogue. In a cross-origin frame, a sign-in window that opened (`windowLost`: the click's
 * activation is used up) while MSAL got no handle on it is the embedding page's doing, e.g. its
 * Cross-Origin-Opener-Policy: same-origin (docs/platform-facts.md, "MSAL browser").
 */
export function translateMsalError(error: unknown, isFramedCrossOrigin: boolean, windowLost = false): FlowInvokerError {
    const msal: MsalLikeError = typeof error === "object" && error !== null ? (error as MsalLikeError) : {};
    const errorCode = msal.errorCode ?? "unknown";
    const aadsts = aadstsNumber(msal);
    const serviceCode = aadsts ? `AADSTS${aadsts}` : errorCode;
    const byAadsts = aadsts ? AADSTS_CODES[aadsts] : undefined;
    let code: ErrorCode = byAadsts ?? MSAL_CODES[errorCode] ?? "SignInFailed";
    if (code === "PopupBlocked" && isFramedCrossOrigin && windowLost) code = "CrossOriginFrame";
    // In a frame the block may be the embedding page's iframe sandbox, which the frame cannot tell from the browser's blocker.
    const variant = code === "PopupBlocked" && isFramedCrossOrigin ? "Framed" : undefined;
    return new FlowInvokerError(code, { serviceCode, variant, values: { serviceCode }, cause: error });
}
