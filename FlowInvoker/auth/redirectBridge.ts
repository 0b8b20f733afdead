/**
 * The redirect page's script (bundled to auth/redirect.js): MSAL v5 popups and hidden iframes finish here and hand the
 * answer to the form through the redirect bridge. It must be served from the app's own origin, never a CDN.
 */
import { broadcastResponseToMainFrame } from "@azure/msal-browser/redirect-bridge";

broadcastResponseToMainFrame().catch(() => {
    const status = document.getElementById("status");
    // No error text from MSAL here: it could echo the URL fragment, which holds the authorization code.
    if (status) status.textContent = "Sign-in could not be handed back to the form. Close this window and click Sign in again.";
});
