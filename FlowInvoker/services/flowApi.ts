import { FlowInvokerError } from "../errors/FlowInvokerError";
import { Cloud } from "./clouds";
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
    const { code } = serviceError(response.body);
    const details = { serviceCode: code ?? String(response.status), status: response.status, retryAfterSeconds: response.retryAfterSeconds };
    const values = { service, flowName: request.flowName, triggerName: request.triggerName, environmentId: request.environmentId };
    if (code === "FlowNotFound") throw new FlowInvokerError("FlowNotFound", { ...details, values });
    if (code === "WorkflowTriggerNotFound" || code === "TriggerNotFound") throw new FlowInvokerError("TriggerNotFound", { ...details, values });
    if (code === "ClientScopeAuthorizationFailed") throw new FlowInvokerError("ClientScopeAuthorizationFailed", { ...details, values });
    if (response.status === 404) throw new FlowInvokerError("FlowNotFound", { ...details, values });
    if (response.status === 401 || response.status === 403) throw new FlowInvokerError("FlowApiRejected", { ...details, values });
    throw new FlowInvokerError("ServiceUnavailable", { ...details, values });
}
