import { CacheLookupPolicy } from "@azure/msal-browser";
import type { AccountInfo, AuthenticationResult, IPublicClientApplication } from "@azure/msal-browser";
import { FlowInvokerError } from "../errors/FlowInvokerError";
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

/** Raised when no silent way worked and the user has to click "Sign in"; shown as SignInFailed if it ends a click. */
export class SignInRequired extends FlowInvokerError {
    constructor(readonly reason: string) {
        super("SignInFailed", { serviceCode: reason, values: { serviceCode: reason } });
    }
}

/** Whom Entra signed in: the account's object id and tenant, and the name the user knows it by. */
export interface SignedInAccount {
    objectId?: string;
    tenantId?: string;
    username?: string;
}

export interface AccessToken {
    token: string;
    expiresOn?: Date;
    account?: SignedInAccount;
}

function toToken(result: AuthenticationResult): AccessToken {
    const account = result.account
        ? { objectId: result.account.localAccountId, tenantId: result.account.tenantId, username: result.account.username }
        : undefined;
    return { token: result.accessToken, expiresOn: result.expiresOn ?? undefined, account };
}

/**
 * True unless the account is provably someone other than the form's user: another object id, or another tenant than the
 * organisation's. The sign-in window lets the user pick any account, and ssoSilent without a hint takes whoever is signed in.
 */
export function isFormUser(account: SignedInAccount | undefined, user: AppUser, tenantId?: string): boolean {
    const same = (a?: string, b?: string): boolean => !a || !b || a.toLowerCase() === b.toLowerCase();
    return same(account?.objectId, user.objectId) && same(account?.tenantId, tenantId);
}

/** The popup's account must be the form's user: another one is named and its token never used. */
export function checkFormUser(token: AccessToken, user: AppUser, tenantId?: string): AccessToken {
    if (isFormUser(token.account, user, tenantId)) return token;
    const values = { account: token.account?.username ?? token.account?.objectId ?? "", user: user.loginHint ?? user.objectId ?? "" };
    throw new FlowInvokerError("SignedInAsOtherUser", { serviceCode: "other_account", values });
}

/** The cached account of this app user; never MSAL's "active account", which every MSAL on the page shares. */
export function findAccount(client: MsalClient, user: AppUser, tenantId?: string): AccountInfo | null {
    if (user.objectId) {
        const byId = client.getAccount({ localAccountId: user.objectId, ...(tenantId ? { tenantId } : {}) });
        if (byId) return byId;
    }
    return user.loginHint ? (client.getAccount({ loginHint: user.loginHint }) ?? client.getAccount({ username: user.loginHint })) : null;
}

/**
 * Cached token (refreshed silently when needed) → ssoSilent with the login hint; never a popup. `cacheOnly` uses no hidden
 * iframe at all (MSAL's own silent renewal included): a click must reach its popup while the browser still counts the click.
 */
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
            const cacheLookupPolicy = cacheOnly ? CacheLookupPolicy.AccessTokenAndRefreshToken : undefined;
            return toToken(await client.acquireTokenSilent({ ...common, account, forceRefresh, cacheLookupPolicy }));
        } catch {
            // Fall through to ssoSilent: an expired refresh token or missing consent is what it is for.
        }
    }
    if (cacheOnly) throw new SignInRequired(account ? "cache_miss" : "no_account");
    let found: AccessToken;
    try {
        found = toToken(await client.ssoSilent({ ...common, loginHint: user.loginHint }));
    } catch (error) {
        // login_required (third-party cookies blocked, no session), consent_required, timed_out: the popup will tell.
        throw new SignInRequired(errorCodeOf(error));
    }
    // Without a hint Entra answers for whoever holds its session: someone else's token is not ours to use.
    if (!isFormUser(found.account, user, request.tenantId)) throw new SignInRequired("other_account");
    return found;
}

/** Whether the page still has the click's transient activation; undefined where the browser cannot tell. */
function clickActive(): boolean | undefined {
    return (globalThis.navigator as { userActivation?: { isActive?: boolean } } | undefined)?.userActivation?.isActive;
}

/** The popup; call only from a click handler, browsers block popups without a user gesture. */
export async function acquireInteractively(client: MsalClient, user: AppUser, request: TokenRequest, isFramedCrossOrigin: boolean): Promise<AccessToken> {
    const activeBefore = clickActive();
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
        // A blocked window leaves the click unused; one that opened used it, even if MSAL got no handle (docs/platform-facts.md, "MSAL browser").
        throw translateMsalError(error, isFramedCrossOrigin, activeBefore === true && clickActive() === false);
    }
}

function errorCodeOf(error: unknown): string {
    return typeof error === "object" && error !== null && "errorCode" in error ? String((error as { errorCode: unknown }).errorCode) : "unknown";
}
