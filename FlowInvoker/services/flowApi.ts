import { ErrorCode } from "../errors/catalogue";
import { FlowInvokerError } from "../errors/FlowInvokerError";
import { Cloud } from "../settings/clouds";
import { FetchFn, send, serviceError } from "./http";

export interface CallbackUrlRequest {
    cloud: Cloud;
    environmentId: string;
    /** The flow's resourceid (its name in the Power Automate API). */
    flowName: string;
    triggerName: string;
    token: string;
}

/** The Power Automate API is "use at your own risk": this module is the only place that knows its shape. */
export function callbackUrlEndpoint(request: Omit<CallbackUrlRequest, "token">): string {
    const path = [
        "providers/Microsoft.ProcessSimple/environments",
        encodeURIComponent(request.environmentId),
        "flows",
        encodeURIComponent(request.flowName),
        "triggers",
        encodeURIComponent(request.triggerName),
        "listCallbackUrl",
    ].join("/");
    return `https://${request.cloud.flowApiHost}/${path}?api-version=1`;
}

/** Both shapes seen in the field: `{"response":{"value":…}}` and a bare `{"value":…}`. */
function urlFrom(body: unknown): string | undefined {
    if (typeof body !== "object" || body === null) return undefined;
    const wrapped = (body as { response?: { value?: unknown } }).response?.value;
    const value = wrapped ?? (body as { value?: unknown }).value;
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** Asks the Power Automate API for the trigger's URL, as the signed-in user. */
export async function listCallbackUrl(fetchFn: FetchFn, request: CallbackUrlRequest): Promise<string> {
    const service = request.cloud.flowApiHost;
    const response = await send(
        fetchFn,
        callbackUrlEndpoint(request),
        { method: "POST", headers: { Authorization: `Bearer ${request.token}`, "Content-Type": "application/json" }, body: "{}" },
        { service, timeoutMs: 30_000 },
    );
    if (response.status === 200) {
        const url = urlFrom(response.body);
        if (url) return url;
        throw new FlowInvokerError("UnexpectedResponse", { status: 200, values: { service, detail: "listCallbackUrl" } });
    }
    const { code = "" } = serviceError(response.body);
    const { status } = response;
    const details = { serviceCode: code || String(status), status, retryAfterSeconds: response.retryAfterSeconds };
    const values = { service, status: String(status), flowName: request.flowName, triggerName: request.triggerName, environmentId: request.environmentId };
    throw new FlowInvokerError(refusalCode(status, code), { ...details, values });
}

/** Refusals about the token or the environment, not about this user's access to the flow. */
const NOT_ABOUT_THE_FLOW = /^(InvalidAuthenticationToken|ExpiredAuthenticationToken|AuthenticationFailed|Environment)/i;

/** The API's own codes that say exactly what is wrong, and the code we show for each. */
export const FLOW_API_CODES: Readonly<Record<string, ErrorCode>> = {
    WorkflowTriggerNotFound: "TriggerNotFound",
    TriggerNotFound: "TriggerNotFound",
    ClientScopeAuthorizationFailed: "ClientScopeAuthorizationFailed",
    ListCallbackUrlOperationBlocked: "CallbackUrlBlocked",
};

function refusalCode(status: number, code: string): ErrorCode {
    if (Object.prototype.hasOwnProperty.call(FLOW_API_CODES, code)) return FLOW_API_CODES[code];
    if ((status === 401 || status === 403) && NOT_ABOUT_THE_FLOW.test(code)) return "FlowApiRejected";
    // Discovery asks only for a flow whose row says it is on: whether non-owners may is undocumented, so these mean "not you".
    if (status === 401 || status === 403 || status === 404) return "CallbackUrlDenied";
    return "ServiceUnavailable";
}
