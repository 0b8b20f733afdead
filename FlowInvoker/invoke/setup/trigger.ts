import { FlowInvokerError, isFlowInvokerError } from "../../errors/FlowInvokerError";
import { IDENTITY_HEADER, TRACKING_HEADER } from "../../services/trigger";
import { findRefusedHeaders } from "../../services/triggerCors";
import { RunOutcome } from "../types";
import { Fact, PROBE_TIMEOUT_MS, SetupCheckDeps, SetupStep, asError, step } from "./steps";

/** The request the check probes the trigger with: the gateway refuses this bearer before any run (401). */
const PROBE_BEARER = "Bearer flowinvoker-setup-check-invalid";
/** The trigger headers the runner reads when the browser may (docs/platform-facts.md, "CORS"). */
const RUN_HEADERS = ["x-ms-workflow-run-id", "retry-after", "location"];

/**
 * A POST the gateway refuses before any run (invalid bearer → 401) proves host, TLS and the CORS preflight with our
 * headers, and shows which response headers the browser may read (docs/platform-facts.md, "CORS").
 */
export async function probeTrigger(deps: SetupCheckDeps, url: URL, s: SetupStep): Promise<void> {
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
