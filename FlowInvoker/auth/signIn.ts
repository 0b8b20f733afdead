import type { AccountInfo, AuthenticationResult, IPublicClientApplication } from "@azure/msal-browser";
import { translateMsalError } from "./msalErrors";

/** The part of MSAL the sign-in order needs, so tests can stand in for it. */
export type MsalClient = Pick<IPublicClientApplication, "getAccount" | "acquireTokenSilent" | "ssoSilent" | "acquireTokenPopup">;

/** Who is signed in to the model-driven app, as far as Dataverse tells us. */
export interface AppUser {
    /** Entra object id (systemuser.azureactivedirectoryobjectid). */
    objectId?: string;
    /** UPN or e-mail for Entra's login_hint. */
    loginHint?: string;
}

export interface TokenRequest {
    scope: string;
    /** Further scopes to consent to in the same popup (e.g. the maker's own API for identityScope). */
    extraScopesToConsent?: string[];
    authority: string;
    redirectUri: string;
    tenantId?: string;
}

/** Raised when no silent way worked and the user has to click "Sign in". */
export class SignInRequired extends Error {
    constructor(readonly reason: string) {
        super("SignInRequired");
        this.name = "SignInRequired";
    }
}

export interface AccessToken {
    token: string;
    expiresOn?: Date;
}

function toToken(result: AuthenticationResult): AccessToken {
    return { token: result.accessToken, expiresOn: result.expiresOn ?? undefined };
}

/** The cached account of this app user; never MSAL's "active account", which every MSAL on the page shares. */
export function findAccount(client: MsalClient, user: AppUser, tenantId?: string): AccountInfo | null {
    if (user.objectId) {
        const byId = client.getAccount({ localAccountId: user.objectId, ...(tenantId ? { tenantId } : {}) });
        if (byId) return byId;
    }
    return user.loginHint ? client.getAccount({ loginHint: user.loginHint }) ?? client.getAccount({ username: user.loginHint }) : null;
}

/** Cached token (refreshed silently when needed) → ssoSilent with the login hint; never a popup. */
export async function acquireSilently(
    client: MsalClient,
    user: AppUser,
    request: TokenRequest,
    options: { cacheOnly?: boolean; forceRefresh?: boolean } = {},
): Promise<AccessToken> {
    const { cacheOnly = false, forceRefresh = false } = options;
    const common = { scopes: [request.scope], authority: request.authority, redirectUri: request.redirectUri };
    const account = findAccount(client, user, request.tenantId);
    if (account) {
        try {
            return toToken(await client.acquireTokenSilent({ ...common, account, forceRefresh }));
        } catch {
            // Fall through to ssoSilent: an expired refresh token or missing consent is what it is for.
        }
    }
    if (cacheOnly) throw new SignInRequired(account ? "cache_miss" : "no_account");
    try {
        return toToken(await client.ssoSilent({ ...common, loginHint: user.loginHint }));
    } catch (error) {
        // login_required (third-party cookies blocked, no session), consent_required, timed_out: the popup will tell.
        throw new SignInRequired(errorCodeOf(error));
    }
}

/** The popup; call only from a click handler, browsers block popups without a user gesture. */
export async function acquireInteractively(client: MsalClient, user: AppUser, request: TokenRequest, isFramedCrossOrigin: boolean): Promise<AccessToken> {
    try {
        const result = await client.acquireTokenPopup({
            scopes: [request.scope],
            authority: request.authority,
            redirectUri: request.redirectUri,
            loginHint: user.loginHint,
            extraScopesToConsent: request.extraScopesToConsent,
        });
        return toToken(result);
    } catch (error) {
        throw translateMsalError(error, isFramedCrossOrigin);
    }
}

function errorCodeOf(error: unknown): string {
    return typeof error === "object" && error !== null && "errorCode" in error ? String((error as { errorCode: unknown }).errorCode) : "unknown";
}
