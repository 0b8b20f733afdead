import { ERROR_CATALOGUE, ErrorCode, ErrorStep } from "./catalogue";

export interface ErrorDetails {
    /** The remote service's own code (AADSTS65001, FlowNotFound, 0x80040217…), shown beside ours. */
    serviceCode?: string;
    /** HTTP status when a service answered. */
    status?: number;
    /** Picks a more precise fix text, `Error_<code>_Fix_<variant>`, when the resx has one (e.g. which claim is off). */
    variant?: string;
    /** Values for the `{name}` placeholders of the resx texts. Never a token or a signed URL. */
    values?: Readonly<Record<string, string>>;
    /** Set when the trigger may have started a run although no answer arrived. */
    mayHaveRun?: boolean;
    /** Set when the answer is the platform's refusal before any run: resending cannot run the flow twice. */
    noRun?: boolean;
    /** Set when the trigger's answer proves its URL is gone: discovery runs once more. */
    staleUrl?: boolean;
    /** What the service answered, as redacted text, for the panel. */
    responseText?: string;
    /** Ids the user can quote to find the run (x-ms-workflow-run-id, x-ms-client-tracking-id…). */
    runId?: string;
    trackingId?: string;
    /** Seconds the service asked us to wait (Retry-After). */
    retryAfterSeconds?: number;
    cause?: unknown;
}

/** The only error type the control shows: a stable code, its step, and the details its message needs. */
export class FlowInvokerError extends Error {
    readonly code: ErrorCode;
    readonly step: ErrorStep;
    readonly details: ErrorDetails;

    constructor(code: ErrorCode, details: ErrorDetails = {}) {
        super(details.serviceCode ? `${code} (${details.serviceCode})` : code);
        this.name = "FlowInvokerError";
        this.code = code;
        this.step = ERROR_CATALOGUE[code].step;
        this.details = details;
    }
}

export function isFlowInvokerError(value: unknown): value is FlowInvokerError {
    return value instanceof FlowInvokerError;
}
