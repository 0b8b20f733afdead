import { FlowInvokerError } from "../../errors/FlowInvokerError";
import type { CspViolation } from "../../host/contentSecurityPolicy";
import { AppUserRecord, readAppUser } from "../../services/dataverse";
import { FetchFn } from "../../services/http";
import { REDIRECT_PAGE_PATH } from "../../settings/settings";
import { isSignedUrl } from "../../shared/signedUrl";
import { Discovery } from "../discovery";
import { TokenSession } from "../session";
import { RunnerDeps } from "../types";
import { checkCallbackUrl, checkFlow } from "./flow";
import { checkCsp, checkProperties, checkRedirectPage } from "./page";
import { checkClaims, signInFor } from "./signIn";
import { SetupCheckDeps, SetupStep, notChecked, step, timed } from "./steps";
import { probeTrigger } from "./trigger";

/**
 * The setup check: read-only steps in order, each ✓ / ✗ / not checked with the facts found. Nothing here runs the flow:
 * the trigger only gets a POST with an invalid bearer, which the gateway refuses before any run.
 */
export async function runSetupCheck(deps: SetupCheckDeps): Promise<SetupStep[]> {
    // With workflowId beside callbackUrlVariable the check asks listCallbackUrl for the flow: the URL it may offer to store.
    const settings = deps.settings.workflowId ? { ...deps.settings, callbackUrlVariable: undefined } : deps.settings;
    // No session cache, no entries kept across browser sessions: the check looks at what the services say now, and
    // writes nothing the runner reads.
    const checkDeps: RunnerDeps = { ...deps, settings, store: undefined, keptStore: undefined };
    const discovery = new Discovery(checkDeps);
    const session = new TokenSession(checkDeps, () => discovery.org());
    try {
        return await steps(deps, discovery, session);
    } finally {
        session.dispose();
    }
}

async function steps(deps: SetupCheckDeps, discovery: Discovery, session: TokenSession): Promise<SetupStep[]> {
    const { settings, app, now } = deps;
    // The popup must open while the browser still counts the click (docs/platform-facts.md, "MSAL browser"): sign-in
    // starts first, the read-only steps 1 and 2 run beside it.
    const userRead = app.userId ? readAppUser(deps.webApi, app.userId).catch((): AppUserRecord => ({})) : Promise.resolve<AppUserRecord>({});
    let token: string | undefined;
    let user: AppUserRecord = {};
    const signingIn = timed(
        "signIn",
        async (s) => {
            token = await signInFor(session, deps, s);
            user = await userRead;
            checkClaims(token, user, (await discovery.org()).tenantId, deps, s);
        },
        now,
    );
    const out: SetupStep[] = await Promise.all([
        timed("properties", (s) => checkProperties(deps, s), now),
        timed("redirectPage", (s) => checkRedirectPage(deps.fetch, deps.settings.redirectUri, s), now),
    ]);
    const signIn = await signingIn;
    user = await userRead;
    out.push(signIn);
    const flow =
        settings.callbackUrlVariable && !settings.workflowId
            ? notChecked("flow", "Setup_Reason_Variable")
            : await timed("flow", (s) => checkFlow(deps, user, s), now);
    out.push(flow);
    let url: URL | undefined;
    if (!token || signIn.status === "failed") out.push(notChecked("flowApi", "Setup_Reason_NoToken"));
    else if (flow.status === "failed") out.push(notChecked("flowApi", "Setup_Reason_FlowFailed"));
    else {
        const known = token;
        const found = async (s: SetupStep): Promise<void> => {
            url = await checkCallbackUrl(deps, discovery, known, s);
        };
        out.push(await timed("flowApi", found, now));
    }
    if (!url) out.push(notChecked("trigger", "Setup_Reason_NoUrl"));
    else if (isSignedUrl(url)) out.push(notChecked("trigger", "Setup_Reason_Anyone"));
    else {
        const target = url;
        out.push(await timed("trigger", (s) => probeTrigger(deps, target, s), now));
    }
    out.push(checkCsp(deps.cspViolations()));
    out.push(notChecked("testRun", "Setup_Reason_NotConfirmed"));
    return out;
}

/** What the check needs from the page when the properties could not be read. */
export interface SetupCheckPage {
    orgUrl: string;
    fetch: FetchFn;
    cspViolations: () => readonly CspViolation[];
}

/**
 * The check for a configuration error shown inline: step 1 is the error with its cause and fix, the steps that need no
 * settings (the default redirect page, the page's CSP) run, the rest wait for valid properties.
 */
export async function checkInvalidSettings(error: FlowInvokerError, page: SetupCheckPage, now: () => number = Date.now): Promise<SetupStep[]> {
    const properties = step("properties", "failed", { error, facts: [["org", new URL(page.orgUrl).host]] });
    const property = error.details.values?.property;
    if (property) properties.facts.push(["property", property]);
    const redirectPage =
        property === "redirectUri"
            ? notChecked("redirectPage", "Setup_Reason_Settings")
            : await timed("redirectPage", (s) => checkRedirectPage(page.fetch, `${new URL(page.orgUrl).origin}${REDIRECT_PAGE_PATH}`, s), now);
    const waiting = (["signIn", "flow", "flowApi", "trigger"] as const).map((id) => notChecked(id, "Setup_Reason_Settings"));
    return [properties, redirectPage, ...waiting, checkCsp(page.cspViolations()), notChecked("testRun", "Setup_Reason_Settings")];
}
