import { FlowInvokerError } from "../errors/FlowInvokerError";
import { WorkflowRow } from "../services/dataverse";

const MODERN_FLOW = 5;
const STATE_DRAFT = 0;
const STATE_SUSPENDED = 2;
const STATUS_DLP_VIOLATION = 3;
const DEFAULT_TRIGGER = "manual";

interface TriggerDefinition {
    type?: unknown;
    kind?: unknown;
    inputs?: { triggerAuthenticationType?: unknown };
}

export interface TriggerFacts {
    triggerName: string;
    /** True when the definition says "Anyone" (`All`); undefined when the definition could not be read. */
    anonymous?: boolean;
}

/** The triggers of the flow definition, or undefined when clientdata is absent, compressed or not JSON. */
function triggersOf(clientData: string | null): Record<string, TriggerDefinition> | undefined {
    if (!clientData) return undefined;
    try {
        const parsed = JSON.parse(clientData) as { properties?: { definition?: { triggers?: unknown } } };
        const triggers = parsed.properties?.definition?.triggers;
        return typeof triggers === "object" && triggers !== null ? (triggers as Record<string, TriggerDefinition>) : undefined;
    } catch {
        return undefined;
    }
}

function isHttpRequestTrigger(trigger: TriggerDefinition): boolean {
    return String(trigger.type).toLowerCase() === "request" && String(trigger.kind ?? "http").toLowerCase() === "http";
}

/**
 * Refuses a row that cannot be run from here and returns the trigger's name. An unreadable definition
 * is not an error: the usual name `manual` is tried and listCallbackUrl will say if it is wrong.
 */
export function checkWorkflow(row: WorkflowRow, workflowId: string): TriggerFacts {
    const values = { flowName: row.name, workflowId };
    if (row.category !== MODERN_FLOW) throw new FlowInvokerError("NotACloudFlow", { values: { ...values, category: String(row.category) } });
    if (row.statusCode === STATUS_DLP_VIOLATION) throw new FlowInvokerError("FlowDlpViolation", { values });
    if (row.stateCode === STATE_DRAFT) throw new FlowInvokerError("FlowOff", { values });
    if (row.stateCode === STATE_SUSPENDED) throw new FlowInvokerError("FlowSuspended", { values });
    if (row.resourceId === "") throw new FlowInvokerError("UnexpectedResponse", { values: { service: "Dataverse", detail: "workflow.resourceid" } });
    const triggers = triggersOf(row.clientData);
    if (!triggers) return { triggerName: DEFAULT_TRIGGER };
    const names = Object.keys(triggers);
    const http = names.find((name) => isHttpRequestTrigger(triggers[name]));
    if (http) return { triggerName: http, anonymous: String(triggers[http].inputs?.triggerAuthenticationType ?? "").toLowerCase() === "all" };
    const first = triggers[names[0]] ?? {};
    const found = names.length === 0 ? "none" : `${names[0]} (${String(first.type)}${first.kind ? `/${String(first.kind)}` : ""})`;
    throw new FlowInvokerError("NotAnHttpTrigger", { values: { ...values, trigger: found } });
}
