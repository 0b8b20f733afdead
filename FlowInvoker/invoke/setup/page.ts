import { FlowInvokerError } from "../../errors/FlowInvokerError";
import type { CspViolation } from "../../host/contentSecurityPolicy";
import { readOrganization } from "../../services/dataverse";
import { FetchFn } from "../../services/http";
import { PROBE_TIMEOUT_MS, SetupCheckDeps, SetupStep, step } from "./steps";

export async function checkProperties(deps: SetupCheckDeps, s: SetupStep): Promise<void> {
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
export async function checkRedirectPage(fetch: FetchFn, redirectUri: string, s: SetupStep): Promise<void> {
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

export function checkCsp(violations: readonly CspViolation[]): SetupStep {
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
