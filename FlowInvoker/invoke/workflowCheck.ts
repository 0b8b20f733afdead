import { FlowInvokerError } from "../errors/FlowInvokerError";
import { WorkflowRow } from "../services/dataverse";
import { isGuid } from "../shared/guid";

const MODERN_FLOW = 5;
const STATE_DRAFT = 0;
const STATE_SUSPENDED = 2;
const STATUS_DLP_VIOLATION = 3;
const DEFAULT_TRIGGER = "manual";

interface TriggerDefinition {
    type?: unknown;
    kind?: unknown;
    inputs?: { triggerAuthenticationType?: unknown; triggerAllowedUsers?: unknown; method?: unknown; schema?: unknown };
}

export interface TriggerFacts {
    triggerName: string;
    /** True for "Anyone" (`All`, or no `triggerAuthenticationType` at all); undefined when the definition could not be read. */
    anonymous?: boolean;
    /** "Specific users in my tenant": the list, lower case; undefined when anyone in the tenant may call. */
    allowedUsers?: string[];
    /** The trigger's `inputs.schema` as written: a JSON schema, a pasted sample payload or nothing (settings/schemaCheck.ts reads it). */
    schema?: unknown;
}

/** The Request kinds that cannot be called by URL, by the resx variant naming each one's trigger. */
const REQUEST_KINDS: Readonly<Record<string, string>> = {
    button: "Button",
    powerapp: "PowerApp",
    powerappv2: "PowerApp",
    skills: "Skills",
    virtualagent: "VirtualAgent",
    apiconnection: "ApiConnection",
};

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

const lower = (value: unknown): string => (typeof value === "string" ? value.toLowerCase() : "");

function isHttpRequestTrigger(trigger: TriggerDefinition): boolean {
    return lower(trigger.type) === "request" && (trigger.kind === undefined || lower(trigger.kind) === "http");
}

/** NotAnHttpTrigger, naming the trigger as the maker sees it: its key (underscores are the designer's spaces) and type. */
function notAnHttpTrigger(triggers: Record<string, TriggerDefinition>, values: Record<string, string>): FlowInvokerError {
    const [name] = Object.keys(triggers);
    if (name === undefined) return new FlowInvokerError("NotAnHttpTrigger", { values: { ...values, trigger: "none" } });
    const { type, kind } = triggers[name];
    const shown = `'${name.replace(/_/g, " ")}' (${String(type)}${kind ? `/${String(kind)}` : ""})`;
    const variant = lower(type) === "request" ? REQUEST_KINDS[lower(kind)] : lower(type) === "recurrence" ? "Recurrence" : "Automated";
    return new FlowInvokerError("NotAnHttpTrigger", { variant, values: { ...values, trigger: shown } });
}

/**
 * Refuses a row that cannot be run from here and returns what the definition says about its trigger. An unreadable
 * definition is not an error: the usual name `manual` is tried and listCallbackUrl will say if it is wrong.
 */
export function checkWorkflow(row: WorkflowRow, workflowId: string, options: { allowAnonymousTrigger?: boolean } = {}): TriggerFacts {
    const values = { flowName: row.name, workflowId };
    if (row.category !== MODERN_FLOW) throw new FlowInvokerError("NotACloudFlow", { values: { ...values, category: String(row.category) } });
    if (row.statusCode === STATUS_DLP_VIOLATION) throw new FlowInvokerError("FlowDlpViolation", { values });
    if (row.stateCode === STATE_DRAFT) throw new FlowInvokerError("FlowOff", { values });
    if (row.stateCode === STATE_SUSPENDED) throw new FlowInvokerError("FlowSuspended", { values });
    if (row.resourceId === "") throw new FlowInvokerError("UnexpectedResponse", { values: { service: "Dataverse", detail: "workflow.resourceid" } });
    const triggers = triggersOf(row.clientData);
    if (!triggers) return { triggerName: DEFAULT_TRIGGER };
    const triggerName = Object.keys(triggers).find((name) => isHttpRequestTrigger(triggers[name]));
    if (!triggerName) throw notAnHttpTrigger(triggers, values);
    const inputs = triggers[triggerName].inputs ?? {};
    // Exported before OAuth existed, a Request/Http trigger has no triggerAuthenticationType and is an "Anyone" (sig=) trigger.
    const auth = lower(inputs.triggerAuthenticationType);
    const anonymous = auth === "" || auth === "all";
    if (anonymous && !options.allowAnonymousTrigger) throw new FlowInvokerError("AnonymousTriggerRefused", { values });
    const method = typeof inputs.method === "string" && inputs.method.trim() !== "" ? inputs.method.trim().toUpperCase() : "POST";
    if (method !== "POST") throw new FlowInvokerError("TriggerMethodNotPost", { values: { ...values, method } });
    const allowed =
        auth === "user"
            ? lower(inputs.triggerAllowedUsers)
                  .split(";")
                  .map((entry) => entry.trim())
                  .filter(Boolean)
            : [];
    return { triggerName, anonymous, allowedUsers: allowed.length > 0 ? allowed : undefined, schema: inputs.schema };
}

export interface UserIds {
    upn?: string;
    email?: string;
    objectId?: string;
}

/**
 * Whether "Specific users" lists this user (UPN, e-mail or object id, case-insensitive). Undefined when that cannot be
 * told: the user is unknown, or the list holds object ids and the user's own is not known.
 */
export function isAllowedUser(allowed: string[], user: UserIds): boolean | undefined {
    const ids = [user.upn, user.email, user.objectId].filter((id): id is string => !!id).map((id) => id.toLowerCase());
    if (ids.length === 0) return undefined;
    if (allowed.some((entry) => ids.includes(entry))) return true;
    return !user.objectId && allowed.some((entry) => isGuid(entry)) ? undefined : false;
}
