import { FlowInvokerError, isFlowInvokerError } from "../../errors/FlowInvokerError";
import type { CspViolation } from "../../host/contentSecurityPolicy";
import { RunnerDeps } from "../types";

export type StepId = "properties" | "redirectPage" | "signIn" | "flow" | "flowApi" | "trigger" | "csp" | "testRun";
/** `warning`: reported, not failed (the control copes, e.g. response headers it cannot read). */
export type StepStatus = "ok" | "failed" | "warning" | "notChecked";

/** Every label a fact can have: each is the resx key `Setup_Fact_<label>`, in every language (property, claim and header names verbatim). */
export const FACT_LABELS = [
    "org",
    "cloud",
    "clientId",
    "workflowId",
    "callbackUrlVariable",
    "environmentId",
    "tenantId",
    "property",
    "page",
    "status",
    "contentType",
    "contentTypeOptions",
    "coop",
    "contentSecurityPolicy",
    "scripts",
    "token",
    "silentAtLoad",
    "aud",
    "tid",
    "scp",
    "oid",
    "flow",
    "owner",
    "category",
    "state",
    "trigger",
    "whoCanTrigger",
    "userAllowed",
    "source",
    "host",
    "ownHost",
    "signedUrl",
    "variableHolds",
    "probeAnswer",
    "corsPreflight",
    "readableHeaders",
    "blocked",
    "violations",
    "outcome",
    "httpStatus",
    "duration",
    "runId",
    "trackingId",
    "storedIn",
    "readBack",
] as const;
export type FactLabel = (typeof FACT_LABELS)[number];

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

/** How long the check waits for a page or the trigger probe. */
export const PROBE_TIMEOUT_MS = 15_000;

export const step = (id: StepId, status: StepStatus, more: Partial<SetupStep> = {}): SetupStep => ({ id, status, facts: [], ...more });
export const notChecked = (id: StepId, reasonKey: string): SetupStep => step(id, "notChecked", { reasonKey });

/** Runs `work`, timing it; a FlowInvokerError becomes the step's ✗ with the catalogue's texts. */
export async function timed(id: StepId, work: (s: SetupStep) => Promise<void>, now: () => number): Promise<SetupStep> {
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

export function asError(error: unknown): FlowInvokerError {
    if (isFlowInvokerError(error)) return error;
    return new FlowInvokerError("UnexpectedError", { values: { detail: error instanceof Error ? error.name : typeof error } });
}
