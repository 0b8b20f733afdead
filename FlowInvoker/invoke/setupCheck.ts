import { SignInRequired } from "../auth/signIn";
import { FlowInvokerError, isFlowInvokerError } from "../errors/FlowInvokerError";
import type { CspViolation } from "../host/contentSecurityPolicy";
import { environmentHost, isEnvironmentTriggerUrl } from "../settings/clouds";
import { REDIRECT_PAGE_PATH } from "../settings/settings";
import { FetchFn } from "../services/http";
import { AppUserRecord, readAppUser, readOrganization, readWorkflow } from "../services/dataverse";
import { isSignedUrl } from "../shared/signedUrl";
import { IDENTITY_HEADER, TRACKING_HEADER } from "../services/trigger";
import { findRefusedHeaders } from "../services/triggerCors";
import { readClaims } from "./claims";
import { Discovery } from "./discovery";
import type { FactLabel } from "./setupReport";
import { offerStore, storeUrl } from "./setupStore";
import { TokenSession } from "./session";
import { RunOutcome, RunnerDeps } from "./types";
import { checkWorkflow, isAllowedUser } from "./workflowCheck";

export type StepId = "properties" | "redirectPage" | "signIn" | "flow" | "flowApi" | "trigger" | "csp" | "testRun";
/** `warning`: reported, not failed (the control copes, e.g. response headers it cannot read). */
export type StepStatus = "ok" | "failed" | "warning" | "notChecked";

/** A fact's label is a resx key's tail (`Setup_Fact_<label>`); its value is an id, host, code or timing. */
export type Fact = [FactLabel, string];

/** The outcome of storing the trigger URL in the variable (after the maker's click). */
export interface StoreResult {
    status: "ok" | "warning" | "failed";
    facts: Fact[];
    error?: FlowInvokerError;
}

/** Offered at the Power Automate API step: store the URL listCallbackUrl gave in the variable callbackUrlVariable names. */
export interface StoreOffer {
    variable: string;
    run: () => Promise<StoreResult>;
}

/** One line of the checklist. Facts are ids, hosts, codes and timings: never a token, a URL's query or a secret. */
export interface SetupStep {
    id: StepId;
    status: StepStatus;
    facts: Fact[];
    store?: StoreOffer;
    stored?: StoreResult;
    /** A ✗ or a warning: the catalogue's cause and fix are shown (one source of truth). */
    error?: FlowInvokerError;
    /** Why a step was not checked: a resx key. */
    reasonKey?: string;
    ms?: number;
}

export interface SetupCheckDeps extends RunnerDeps {
    /** The page's CSP violations since load (host, directive). */
    cspViolations: () => readonly CspViolation[];
    /** The load's silent sign-in had failed (the runner asked for "Sign in"). */
    silentFailedAtLoad: boolean;
}

/** The request the check probes the trigger with: the gateway refuses this bearer before any run (401). */
const PROBE_BEARER = "Bearer flowinvoker-setup-check-invalid";
const PROBE_TIMEOUT_MS = 15_000;
/** The delegated Power Automate permission the app needs (README, "Entra app registration"). */
const FLOW_PERMISSION = "User";
/** The trigger headers the runner reads when the browser may (docs/platform-facts.md, "CORS"). */
const RUN_HEADERS = ["x-ms-workflow-run-id", "retry-after", "location"];

const step = (id: StepId, status: StepStatus, more: Partial<SetupStep> = {}): SetupStep => ({ id, status, facts: [], ...more });
const notChecked = (id: StepId, reasonKey: string): SetupStep => step(id, "notChecked", { reasonKey });

/** Runs `work`, timing it; a FlowInvokerError becomes the step's ✗ with the catalogue's texts. */
async function timed(id: StepId, work: (s: SetupStep) => Promise<void>, now: () => number): Promise<SetupStep> {
    const s = step(id, "ok");
    const started = now();
    try {
        await work(s);
    } catch (error) {
        s.status = "failed";
        s.error = asError(error);
    }
    s.ms = Math.round(now() - started);
    return s;
}

function asError(error: unknown): FlowInvokerError {
    if (isFlowInvokerError(error)) return error;
    return new FlowInvokerError("UnexpectedError", { values: { detail: error instanceof Error ? error.name : typeof error } });
}

/** The token's `scp`, read (never shown) to see the Power Automate permission was granted. */
function scopesOf(token: string): string[] {
    try {
        const part = token.split(".")[1] ?? "";
        const json = atob(
            part
                .replace(/-/g, "+")
                .replace(/_/g, "/")
                .padEnd(Math.ceil(part.length / 4) * 4, "="),
        );
        const scp = (JSON.parse(json) as { scp?: unknown }).scp;
        return typeof scp === "string" ? scp.split(" ") : [];
    } catch {
        return [];
    }
}

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

async function checkProperties(deps: SetupCheckDeps, s: SetupStep): Promise<void> {
    const { settings, app } = deps;
    const found =
        settings.tenantId && settings.environmentId
            ? {}
            : await readOrganization(deps.fetch, app.orgUrl).catch(() => ({}) as { tenantId?: string; environmentId?: string });
    const pick = (property?: string, platform?: string, lookedUp?: string): [string, string] =>
        property ? [property, "property"] : platform ? [platform, "platform"] : lookedUp ? [lookedUp, "RetrieveCurrentOrganization"] : ["", "not found"];
    const [environmentId, environmentFrom] = pick(settings.environmentId, app.environmentId, found.environmentId);
    const [tenantId, tenantFrom] = pick(settings.tenantId, app.tenantId, found.tenantId);
    s.facts.push(["org", new URL(app.orgUrl).host], ["cloud", settings.cloud.name], ["clientId", settings.clientId]);
    if (settings.workflowId) s.facts.push(["workflowId", settings.workflowId]);
    if (settings.callbackUrlVariable) s.facts.push(["callbackUrlVariable", settings.callbackUrlVariable]);
    s.facts.push(["environmentId", `${environmentId || "—"} (${environmentFrom})`], ["tenantId", `${tenantId || "—"} (${tenantFrom})`]);
    if (!environmentId) throw new FlowInvokerError("EnvironmentIdNotFound", {});
}

/** Only the org's own pages are fetched: the redirect page must be served from the org's host (README, "Entra app registration"). */
async function fetchOwn(fetch: FetchFn, url: URL): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
    try {
        return await fetch(url.href, { method: "GET", credentials: "same-origin", redirect: "manual", cache: "no-store", signal: controller.signal });
    } finally {
        clearTimeout(timer);
    }
}

/**
 * MSAL reads the sign-in answer from this page by polling (docs/platform-facts.md, "MSAL browser"): it must answer 200 as
 * HTML, without Cross-Origin-Opener-Policy, and any script it loads must be served as JavaScript when nosniff is sent.
 */
async function checkRedirectPage(fetch: FetchFn, redirectUri: string, s: SetupStep): Promise<void> {
    const page = new URL(redirectUri);
    const fail = (variant: string, values: Record<string, string>): FlowInvokerError =>
        new FlowInvokerError("RedirectPageUnusable", { variant, serviceCode: variant, values: { page: page.pathname, ...values } });
    const response = await fetchOwn(fetch, page);
    const type = response.headers.get("content-type") ?? "";
    const nosniff = /nosniff/i.test(response.headers.get("x-content-type-options") ?? "");
    const coop = response.headers.get("cross-origin-opener-policy");
    const csp = response.headers.get("content-security-policy");
    s.facts.push(
        ["page", page.pathname],
        ["status", String(response.status || "redirect")],
        ["contentType", type || "—"],
        ["contentTypeOptions", nosniff ? "nosniff" : "—"],
    );
    s.facts.push(["coop", coop ?? "none"], ["contentSecurityPolicy", csp ? csp.slice(0, 200) : "none"]);
    if (response.status !== 200) throw fail("Status", { status: String(response.status || 302) });
    if (!/^text\/html/i.test(type)) throw fail("NotHtml", { type: type || "none" });
    if (coop && !/unsafe-none/i.test(coop)) throw fail("Coop", { coop });
    const scripts = [...(await response.text()).matchAll(/<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)].map((m) => new URL(m[1], page));
    s.facts.push(["scripts", scripts.length ? scripts.map((u) => u.pathname).join(", ") : "none"]);
    for (const script of scripts.filter((u) => u.origin === page.origin)) {
        const served = await fetchOwn(fetch, script);
        const scriptType = served.headers.get("content-type") ?? "";
        const refused = /nosniff/i.test(served.headers.get("x-content-type-options") ?? "") && !/javascript|ecmascript/i.test(scriptType);
        if (served.status !== 200 || refused) throw fail("Script", { script: script.pathname, type: scriptType || `HTTP ${served.status}` });
    }
}

/** The cache, else ssoSilent, else the popup from this click; a silent failure is named, since it costs users a popup. */
async function signInFor(session: TokenSession, deps: SetupCheckDeps, s: SetupStep): Promise<string> {
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

function checkClaims(token: string, user: AppUserRecord, tenantId: string | undefined, deps: SetupCheckDeps, s: SetupStep): void {
    const claims = readClaims(token);
    const scopes = scopesOf(token);
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

async function checkFlow(deps: SetupCheckDeps, user: AppUserRecord, s: SetupStep): Promise<void> {
    const { settings } = deps;
    const row = await readWorkflow(deps.webApi, settings.workflowId);
    s.facts.push(["flow", row.name], ["owner", row.ownerName ?? "—"], ["category", String(row.category)], ["state", `${row.stateCode}/${row.statusCode}`]);
    const facts = checkWorkflow(row, settings.workflowId, { allowAnonymousTrigger: settings.allowAnonymousTrigger });
    s.facts.push(
        ["trigger", facts.triggerName],
        ["whoCanTrigger", facts.anonymous ? "Anyone" : facts.allowedUsers ? "Specific users" : "Any user in the tenant"],
    );
    if (!facts.allowedUsers) return;
    const allowed = isAllowedUser(facts.allowedUsers, user);
    s.facts.push(["userAllowed", allowed === undefined ? "cannot tell" : allowed ? "yes" : "no"]);
    if (allowed === false) {
        const values = { flowName: row.name, user: user.loginHint ?? user.upn ?? user.email ?? "", owner: row.ownerName ?? "" };
        throw new FlowInvokerError("NotAnAllowedUser", { values, variant: row.ownerName ? undefined : "NoOwner" });
    }
}

/** The URL comes from the variable alone: no workflowId to ask listCallbackUrl for. */
const variableOnly = (deps: SetupCheckDeps): boolean => !!deps.settings.callbackUrlVariable && !deps.settings.workflowId;

/** listCallbackUrl (or the variable) as the runner would ask it, and whether the URL's host is this environment's. */
async function checkCallbackUrl(deps: SetupCheckDeps, discovery: Discovery, token: string, s: SetupStep): Promise<URL> {
    const found = await discovery.callbackUrl(Promise.resolve(token));
    const url = new URL(found.url);
    const { cloud } = deps.settings;
    s.facts.push(["source", variableOnly(deps) ? `environment variable ${deps.settings.callbackUrlVariable}` : "listCallbackUrl"], ["host", url.host]);
    const own = isEnvironmentTriggerUrl(cloud, found.environmentId, url);
    s.facts.push([
        "ownHost",
        own ? "yes" : `no: Logic Apps host, vouched for by listCallbackUrl (expected ${environmentHost(cloud, found.environmentId) ?? "—"})`,
    ]);
    if (isSignedUrl(url)) s.facts.push(["signedUrl", "yes: allowAnonymousTrigger is on"]);
    const variable = deps.settings.callbackUrlVariable;
    if (variable && !variableOnly(deps)) {
        const store = (target: string): Promise<StoreResult> =>
            storeUrl(deps.webApi, variable, target).catch((error: unknown): StoreResult => ({ status: "failed", facts: [], error: asError(error) }));
        await offerStore({ webApi: deps.webApi, cloud, variable }, found, s, store);
    }
    return url;
}

/**
 * A POST the gateway refuses before any run (invalid bearer → 401) proves host, TLS and the CORS preflight with our
 * headers, and shows which response headers the browser may read (docs/platform-facts.md, "CORS").
 */
async function probeTrigger(deps: SetupCheckDeps, url: URL, s: SetupStep): Promise<void> {
    const extra = [TRACKING_HEADER, ...(deps.settings.identityScope ? [IDENTITY_HEADER] : [])];
    const headers: Record<string, string> = { "Content-Type": "application/json", Authorization: PROBE_BEARER };
    extra.forEach((name) => (headers[name] = "setup-check"));
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
    let response: Response;
    try {
        response = await deps.fetch(url.href, { method: "POST", headers, body: "{}", redirect: "manual", signal: controller.signal });
    } catch (error) {
        if (isFlowInvokerError(error)) throw error;
        return refusedPreflight(deps, url, extra, s);
    } finally {
        clearTimeout(timer);
    }
    const code = await response
        .json()
        .then((body: { error?: { code?: unknown } }) => (typeof body?.error?.code === "string" ? body.error.code : ""))
        .catch(() => "");
    s.facts.push(["probeAnswer", `HTTP ${response.status}${code ? ` ${code}` : ""}`], ["corsPreflight", `allowed ${extra.join(", ")}`]);
    readableHeaders(response.headers, s);
    if (response.status !== 401 && response.status !== 403) {
        throw new FlowInvokerError("UnexpectedResponse", {
            status: response.status,
            values: { service: url.host, detail: `probe answered HTTP ${response.status}` },
        });
    }
}

/** What the refusal lets the browser read; a refusal may carry no run headers at all, so only a test run can show their absence. */
function readableHeaders(headers: Headers, s: SetupStep): void {
    const readable = [...headers.keys()].filter((name) => name.startsWith("x-ms-") || RUN_HEADERS.includes(name));
    s.facts.push(["readableHeaders", readable.length ? readable.join(", ") : "none on this refusal (step 8 shows the run's)"]);
}

async function refusedPreflight(deps: SetupCheckDeps, url: URL, extra: string[], s: SetupStep): Promise<void> {
    const refused = await findRefusedHeaders(deps.fetch, url.href, extra, PROBE_TIMEOUT_MS);
    if (refused.length === 0) throw new FlowInvokerError("CorsBlocked", { values: { service: url.host } });
    s.facts.push(["corsPreflight", `refused ${refused.join(", ")}`]);
    const blocking = refused.find((name) => name !== TRACKING_HEADER);
    const error = new FlowInvokerError("CorsBlocked", {
        variant: "Header",
        values: { service: url.host, host: url.host, header: blocking ?? TRACKING_HEADER },
    });
    if (blocking) throw error;
    // Only the tracking header: the runner sends the id in the query instead, so runs work; reported, not failed.
    s.status = "warning";
    s.error = error;
}

function checkCsp(violations: readonly CspViolation[]): SetupStep {
    const s = step("csp", violations.length ? "failed" : "ok");
    const unique = [...new Map(violations.map((v) => [`${v.host} ${v.directive}`, v])).values()];
    unique.forEach((v) => s.facts.push(["blocked", `${v.host} (${v.directive})`]));
    if (!unique.length) s.facts.push(["violations", "none"]);
    const [first] = unique;
    if (first)
        s.error = new FlowInvokerError("BlockedByContentSecurityPolicy", {
            serviceCode: first.directive,
            values: { host: first.host, directive: first.directive, service: first.host },
        });
    return s;
}

/** Step 8, only after the user confirmed: the one real run the check makes, with its result. */
export function testRunStep(ending: RunOutcome | unknown): SetupStep {
    if (typeof ending === "object" && ending !== null && "outcome" in ending) {
        const run = ending as RunOutcome;
        const facts: Fact[] = [
            ["outcome", run.outcome],
            ["httpStatus", String(run.status ?? "—")],
            ["duration", `${run.durationMs} ms`],
        ];
        if (run.runId) facts.push(["runId", run.runId]);
        if (run.trackingId) facts.push(["trackingId", run.trackingId]);
        // No run id on a completed run: the browser may not read x-ms-workflow-run-id (docs/platform-facts.md, "CORS").
        const hidden = !run.runId;
        return step("testRun", hidden ? "warning" : "ok", { facts, ms: run.durationMs, reasonKey: hidden ? "Setup_Note_HeadersHidden" : undefined });
    }
    const error = asError(ending);
    const facts: Fact[] = error.details.trackingId ? [["trackingId", error.details.trackingId]] : [];
    return step("testRun", "failed", { error, facts });
}
