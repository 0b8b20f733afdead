import { SignInRequired } from "../../auth/signIn";
import { FlowInvokerError } from "../../errors/FlowInvokerError";
import { AppUserRecord } from "../../services/dataverse";
import { readClaims } from "../claims";
import { TokenSession } from "../session";
import { SetupCheckDeps, SetupStep } from "./steps";

/** The delegated Power Automate permission the app needs (README, "Entra app registration"). */
const FLOW_PERMISSION = "User";

/** The cache, else ssoSilent, else the popup from this click; a silent failure is named, since it costs users a popup. */
export async function signInFor(session: TokenSession, deps: SetupCheckDeps, s: SetupStep): Promise<string> {
    try {
        const token = await session.silent({ cacheOnly: true });
        s.facts.push(["token", "silent (MSAL cache)"]);
        if (deps.silentFailedAtLoad) noteSilentFailure(s);
        return token;
    } catch (error) {
        if (!(error instanceof SignInRequired)) throw error;
    }
    const token = await session.interactive();
    s.facts.push(["token", "popup (this click)"]);
    if (deps.silentFailedAtLoad) noteSilentFailure(s);
    return token;
}

function noteSilentFailure(s: SetupStep): void {
    // ssoSilent needs Entra's cookie in a hidden frame: blocked third-party cookies make every new session ask for a popup.
    s.status = "warning";
    s.facts.push(["silentAtLoad", "failed (third-party cookies blocked, or no Entra session)"]);
    s.reasonKey = "Setup_Note_SilentFailed";
}

export function checkClaims(token: string, user: AppUserRecord, tenantId: string | undefined, deps: SetupCheckDeps, s: SetupStep): void {
    const claims = readClaims(token);
    const scopes = claims.scp?.split(" ").filter(Boolean) ?? [];
    const { audience } = deps.settings.cloud;
    s.facts.push(["aud", claims.aud ?? "(none)"], ["tid", claims.tid ?? "(none)"], ["scp", scopes.join(" ") || "(none)"], ["oid", claims.oid ?? "(none)"]);
    const mismatch = (claim: string, expected: string, actual?: string): FlowInvokerError =>
        new FlowInvokerError("MisMatchingOAuthClaims", { serviceCode: claim, variant: claim, values: { claim, expected, actual: actual ?? "(none)" } });
    if (claims.aud !== audience) throw mismatch("aud", audience, claims.aud);
    if (tenantId && claims.tid?.toLowerCase() !== tenantId.toLowerCase()) throw mismatch("tid", tenantId, claims.tid);
    if (!scopes.includes(FLOW_PERMISSION)) throw new FlowInvokerError("ClientScopeAuthorizationFailed", { serviceCode: "scp", values: { serviceCode: "scp" } });
    if (user.objectId && claims.oid?.toLowerCase() !== user.objectId) {
        throw new FlowInvokerError("SignedInAsOtherUser", { serviceCode: "oid", values: { account: claims.oid ?? "", user: user.loginHint ?? user.objectId } });
    }
}
