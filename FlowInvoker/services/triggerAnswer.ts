import { ErrorCode } from "../errors/catalogue";
import { serviceError } from "./http";

/**
 * What a trigger's non-2xx answer means. The platform's own refusals come in its error envelope with a known code
 * (docs/platform-facts.md, "Trigger answers"); anything else is the flow's own Response action and is shown as it is.
 */
export interface TriggerRefusal {
    code: ErrorCode;
    /** The service's code as sent, or the HTTP status when the body has none. */
    serviceCode: string;
    /** True only when the answer is the gateway's refusal before any run: nothing ran, a resend cannot run twice. */
    noRun: boolean;
    /** True when the answer proves the URL itself is gone (flow deleted or re-created): forget it and discover once more. */
    staleUrl?: boolean;
    /** Picks a more precise resx text (`Error_<code>_Fix_<variant>`). */
    variant?: string;
    /** Extra `{name}` values for the resx texts. */
    values?: Record<string, string>;
    /** A run id the body carries (the gateway's messages quote "Request tracking id '…'"). */
    runId?: string;
}

/** Gateway codes, each sent before a run is created, and the code we show for each. */
export const GATEWAY_CODES: Readonly<Record<string, ErrorCode>> = {
    MisMatchingOAuthClaims: "MisMatchingOAuthClaims",
    DirectApiAuthorizationRequired: "DirectApiAuthorizationRequired",
    OAuthAccessPolicyNotFound: "OAuthAccessPolicyNotFound",
    // A bearer added to a signed URL is reported under both codes (docs/platform-facts.md, "What we could not verify without a tenant").
    DirectApiRequestHasMoreThanOneAuthorization: "OAuthAccessPolicyNotFound",
    WorkflowRequestsThrottled: "Throttled",
    WorkflowTriggerIsNotEnabled: "TriggerNotEnabled",
    TriggerRequestMethodNotValid: "TriggerMethodNotPost",
    WorkflowNotFound: "FlowNotFound",
    WorkflowTriggerNotFound: "TriggerNotFound",
    TriggerInputSchemaMismatch: "TriggerBadRequest",
};

/** Gateway codes that prove the URL is stale. */
const STALE_URL_CODES = new Set(["WorkflowNotFound", "WorkflowTriggerNotFound"]);

/** Statuses the platform itself uses after a run started: the run exists whatever the body says. */
const RUN_STATUS_CODES: Readonly<Record<number, ErrorCode>> = { 502: "RunStartedNoAnswer", 504: "FlowTimedOut" };

/** "Request tracking id '08584…'" in the gateway's messages. */
export function runIdFromMessage(message: string | undefined): string | undefined {
    return /tracking id '([0-9A-Za-z]{10,})'/i.exec(message ?? "")?.[1];
}

/** What the message says more precisely: the trigger's state ("…in state 'Deleted'…") or its method ("expected 'GET'"). */
function precise(code: string, message = ""): Pick<TriggerRefusal, "variant" | "values" | "staleUrl"> {
    if (code === "WorkflowTriggerIsNotEnabled") {
        const state = /in state '(\w+)'/i.exec(message)?.[1];
        // A deleted (and perhaps re-created) flow: this URL is gone for good, a new one may exist.
        return { variant: state, values: { state: state ?? "?" }, staleUrl: state?.toLowerCase() === "deleted" };
    }
    if (code === "TriggerRequestMethodNotValid") {
        const method = /expected '(\w+)'/i.exec(message)?.[1];
        return method ? { values: { method: method.toUpperCase() } } : { variant: "NoMethod" };
    }
    return { staleUrl: STALE_URL_CODES.has(code) };
}

/** Reads a non-2xx answer from the trigger. */
export function readTriggerRefusal(status: number, body: unknown): TriggerRefusal {
    const { code, message } = serviceError(body);
    const serviceCode = code ?? String(status);
    const runId = runIdFromMessage(message);
    const gateway = code ? GATEWAY_CODES[code] : undefined;
    if (code && gateway) return { code: gateway, serviceCode, noRun: true, runId, ...precise(code, message) };
    // NoResponse: a run started and its answer never came (the asynchronous poll reports it so too).
    const ran = RUN_STATUS_CODES[status] ?? (code === "NoResponse" ? "RunStartedNoAnswer" : undefined);
    return { code: ran ?? "FlowReturnedError", serviceCode, noRun: false, runId };
}
