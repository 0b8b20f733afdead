import { FlowInvokerError } from "../errors/FlowInvokerError";
import { ErrorCode } from "../errors/catalogue";
import { Cloud, CLOUD_NAMES, CLOUDS, CloudName } from "./clouds";
import { normalizeGuid } from "../shared/guid";
import { redact } from "../shared/redact";
import { RawProperties, SCHEMA } from "./schema";
import { BodyTemplate, parseBodyTemplate } from "./requestBody";
import { ResultPath, parseResultPath } from "./resultPath";

/** Queue mode: a row in a maker's table that an automated flow picks up (no app registration needed). */
export interface QueueSettings {
    /** Logical names, as the Web API wants them. */
    table: string;
    inputColumn: string;
    statusColumn: string;
    resultColumn?: string;
    timeoutSeconds: number;
}

/** The control's configuration, validated: everything downstream may trust it. */
export interface Settings {
    mode: "Http" | "Queue";
    /** Set in Queue mode, absent in Http mode. */
    queue?: QueueSettings;
    workflowId: string;
    /** Empty in Queue mode, which signs nobody in. */
    clientId: string;
    /** Absent: the organisation's own tenant, found at run time. */
    tenantId?: string;
    cloud: Cloud;
    /** Absent: found from the organisation at run time. */
    environmentId?: string;
    redirectUri: string;
    /** Run "Anyone" (`sig=`) triggers, without a token. Off unless the maker says so. */
    allowAnonymousTrigger: boolean;
    buttonLabel?: string;
    /** The JSON sent to the trigger, from the requestBody template. */
    body: BodyTemplate;
    /** What of the answer goes into the result column; absent: nothing is written. */
    resultPath?: ResultPath;
    confirmationText?: string;
    /** A scope of the maker's own API: its token travels with the trigger call so the flow can verify the caller. */
    identityScope?: string;
    /** Schema name of the environment variable holding the trigger URL (instead of workflow + listCallbackUrl). */
    callbackUrlVariable?: string;
    /** How long an asynchronous Response is polled before the panel says Still running; absent: ASYNC_TIMEOUT_SECONDS. */
    asyncTimeoutSeconds?: number;
    /** Shows the "Check setup" action beside the button (the check is reachable from every error panel anyway). */
    showSetupCheck?: boolean;
    /** Asks for the trigger schema's properties the template does not fill, in a dialog before the run. */
    askForInputs?: boolean;
}

/** How long an asynchronous Response is polled when asyncTimeoutSeconds is not set. */
export const ASYNC_TIMEOUT_SECONDS = SCHEMA.asyncTimeoutSeconds.default;

const ENVIRONMENT_ID = /^(?:default-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where Dataverse serves the control's redirect page: `/webresources/cc_<namespace>.<constructor>/<path>`. */
// Entra needs the absolute address of the page, so the relative-URL advice of use-cached-webresource does not apply.
// eslint-disable-next-line @microsoft/power-apps/use-cached-webresource
export const REDIRECT_PAGE_PATH = "/webresources/cc_FlowInvoker.FlowInvoker/auth/redirect.html";

function text(value: string | null | undefined): string | undefined {
    const trimmed = (value ?? "").trim();
    return trimmed === "" ? undefined : trimmed;
}

/** The message quotes the value: a maker may have pasted a signed trigger URL into the wrong property. */
function fail(code: ErrorCode, property: string, value: string | undefined): never {
    throw new FlowInvokerError(code, { values: { property, value: redact(value ?? "") } });
}

function requiredGuid(value: string | null | undefined, code: ErrorCode, property: string): string {
    return normalizeGuid(value) ?? fail(code, property, text(value));
}

function optionalGuid(value: string | null | undefined, code: ErrorCode, property: string): string | undefined {
    return text(value) === undefined ? undefined : requiredGuid(value, code, property);
}

function parseCloud(value: string | null | undefined): Cloud {
    const name = text(value) ?? SCHEMA.cloud.default;
    const match = CLOUD_NAMES.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    return match ? CLOUDS[match as CloudName] : fail("UnknownCloud", "cloud", name);
}

function parseEnvironmentId(value: string | null | undefined): string | undefined {
    const id = text(value);
    if (id === undefined) return undefined;
    if (!ENVIRONMENT_ID.test(id)) fail("InvalidEnvironmentId", "environmentId", id);
    const lower = id.toLowerCase();
    return lower.startsWith("default-") ? `Default-${lower.slice("default-".length)}` : lower;
}

/** The redirect page must be https (or localhost) and on the app's own origin: MSAL's bridge talks same-origin only. */
function parseRedirectUri(value: string | null | undefined, appOrigin: string): string {
    const given = text(value);
    if (given === undefined) return `${appOrigin}${REDIRECT_PAGE_PATH}`;
    let url: URL;
    try {
        url = new URL(given);
    } catch {
        return fail("InvalidRedirectUri", "redirectUri", given);
    }
    const secure = url.protocol === "https:" || (url.protocol === "http:" && url.hostname === "localhost");
    if (!secure || url.origin !== appOrigin || url.hash !== "") fail("InvalidRedirectUri", "redirectUri", given);
    return url.href;
}

const LOGICAL_NAME = /^[a-z][a-z0-9_]{0,127}$/;
const SCHEMA_NAME = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;
/** An API scope: `api://<app>/<name>`, `https://<host>/<name>`, or a GUID-based `<app id>/<name>`; never with spaces. */
const API_SCOPE = /^(?:api:\/\/|https:\/\/)[^\s/]+(?:\/[^\s]*)?\/[^\s/]+$|^[0-9a-f-]{36}\/[^\s/]+$/i;

function logicalName(value: string | null | undefined, property: string, required: boolean): string | undefined {
    const name = text(value)?.toLowerCase();
    if (name === undefined && !required) return undefined;
    if (name === undefined || !LOGICAL_NAME.test(name)) fail("InvalidQueueSetting", property, text(value));
    return name;
}

function parseQueue(raw: RawProperties): QueueSettings {
    const timeout = raw.queueTimeoutSeconds ?? SCHEMA.queueTimeoutSeconds.default;
    if (!Number.isInteger(timeout) || timeout < 5 || timeout > 3600) fail("InvalidQueueSetting", "queueTimeoutSeconds", String(timeout));
    return {
        table: logicalName(raw.queueTable, "queueTable", true) as string,
        inputColumn: logicalName(raw.queueInputColumn, "queueInputColumn", true) as string,
        statusColumn: logicalName(raw.queueStatusColumn, "queueStatusColumn", true) as string,
        resultColumn: logicalName(raw.queueResultColumn, "queueResultColumn", false),
        timeoutSeconds: timeout,
    };
}

function parseAsyncTimeout(value: number | null | undefined): number {
    const seconds = value ?? ASYNC_TIMEOUT_SECONDS;
    return Number.isInteger(seconds) && seconds >= 10 && seconds <= 3600 ? seconds : fail("InvalidAsyncTimeout", "asyncTimeoutSeconds", String(seconds));
}

function parseMode(value: string | null | undefined): "Http" | "Queue" {
    const mode = (text(value) ?? SCHEMA.mode.default).toLowerCase();
    if (mode === "http") return "Http";
    if (mode === "queue") return "Queue";
    return fail("InvalidMode", "mode", text(value));
}

function optionalMatching(value: string | null | undefined, pattern: RegExp, code: ErrorCode, property: string): string | undefined {
    const given = text(value);
    if (given !== undefined && !pattern.test(given)) fail(code, property, given);
    return given;
}

/** Validates every property; the first bad one becomes a configuration error naming it. */
export function parseSettings(raw: RawProperties, appOrigin: string): Settings {
    const mode = parseMode(raw.mode);
    const queued = mode === "Queue";
    const callbackUrlVariable = optionalMatching(raw.callbackUrlVariable, SCHEMA_NAME, "InvalidCallbackUrlVariable", "callbackUrlVariable");
    // Without a flow to look up (queue mode, or the URL from an environment variable) workflowId may stay empty.
    const needsWorkflow = !queued && callbackUrlVariable === undefined;
    return {
        mode,
        queue: queued ? parseQueue(raw) : undefined,
        // Beside callbackUrlVariable a workflowId is optional but must be right: it confirms the variable's URL with Power Automate.
        workflowId: queued
            ? (normalizeGuid(raw.workflowId) ?? "")
            : needsWorkflow
              ? requiredGuid(raw.workflowId, "InvalidWorkflowId", "workflowId")
              : (optionalGuid(raw.workflowId, "InvalidWorkflowId", "workflowId") ?? ""),
        // Queue mode creates a row through the form's own session: no app registration.
        clientId: queued ? (normalizeGuid(raw.clientId) ?? "") : requiredGuid(raw.clientId, "InvalidClientId", "clientId"),
        tenantId: optionalGuid(raw.tenantId, "InvalidTenantId", "tenantId"),
        cloud: parseCloud(raw.cloud),
        environmentId: parseEnvironmentId(raw.environmentId),
        redirectUri: parseRedirectUri(raw.redirectUri, appOrigin),
        allowAnonymousTrigger: raw.allowAnonymousTrigger === true,
        buttonLabel: text(raw.buttonLabel),
        body: parseBodyTemplate(raw.requestBody),
        resultPath: parseResultPath(raw.resultPath),
        confirmationText: text(raw.confirmationText),
        identityScope: optionalMatching(raw.identityScope, API_SCOPE, "InvalidIdentityScope", "identityScope"),
        callbackUrlVariable,
        asyncTimeoutSeconds: parseAsyncTimeout(raw.asyncTimeoutSeconds),
        showSetupCheck: raw.showSetupCheck === true,
        askForInputs: raw.askForInputs === true,
    };
}
