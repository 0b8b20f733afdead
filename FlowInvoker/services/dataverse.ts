import type { ErrorCode } from "../errors/catalogue";
import { FlowInvokerError, isFlowInvokerError } from "../errors/FlowInvokerError";
import { Pending } from "../shared/pending";
import { FetchFn, send, serviceError } from "./http";

/** The slice of `context.webAPI` we use. */
export interface WebApi {
    retrieveRecord(entityType: string, id: string, options?: string): Promise<Record<string, unknown>>;
    retrieveMultipleRecords?(entityType: string, options?: string, maxPageSize?: number): Promise<{ entities: Array<Record<string, unknown>> }>;
    createRecord?(entityType: string, data: Record<string, unknown>): Promise<{ id: string }>;
    updateRecord?(entityType: string, id: string, data: Record<string, unknown>): Promise<{ id: string }>;
}

/** The README's promise for reads: every Dataverse call answers within 30 s or is RequestTimedOut. */
export const DATAVERSE_TIMEOUT_MS = 30_000;

/**
 * `context.webAPI` with a deadline on every call: Xrm.WebApi has none and cannot be aborted, so a call that outlives it
 * is reported as RequestTimedOut and its late answer is dropped.
 */
export function withTimeouts(webApi: WebApi, timeoutMs = DATAVERSE_TIMEOUT_MS): WebApi {
    const values = { service: "Dataverse", seconds: String(Math.round(timeoutMs / 1000)) };
    const timed =
        <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
        async (...args: A): Promise<R> => {
            let timer: ReturnType<typeof setTimeout> | undefined;
            const late = new Promise<never>((_resolve, reject) => {
                timer = setTimeout(() => reject(new FlowInvokerError("RequestTimedOut", { values })), timeoutMs);
            });
            try {
                return await Promise.race([call(...args), late]);
            } finally {
                clearTimeout(timer);
            }
        };
    const { retrieveRecord, retrieveMultipleRecords, createRecord, updateRecord } = webApi;
    return {
        retrieveRecord: timed(retrieveRecord.bind(webApi)),
        ...(retrieveMultipleRecords ? { retrieveMultipleRecords: timed(retrieveMultipleRecords.bind(webApi)) } : {}),
        ...(createRecord ? { createRecord: timed(createRecord.bind(webApi)) } : {}),
        ...(updateRecord ? { updateRecord: timed(updateRecord.bind(webApi)) } : {}),
    };
}

/** The columns of a `workflow` row the control reads. */
export interface WorkflowRow {
    name: string;
    resourceId: string;
    category: number;
    stateCode: number;
    statusCode: number;
    clientData: string | null;
    /** The owner's name (the lookup's formatted value), for "ask the owner" texts; absent when not given. */
    ownerName?: string;
    /** versionnumber (else modifiedon): changes with every save of the row, so kept facts can be checked without clientdata. */
    version?: string;
}

const WORKFLOW_SELECT = "?$select=workflowid,resourceid,name,category,statecode,statuscode,type,clientdata,_ownerid_value,versionnumber,modifiedon";
/** The cheap revalidation: a few hundred bytes instead of the whole definition. */
const VERSION_SELECT = "?$select=versionnumber,modifiedon";
const FORMATTED = "@OData.Community.Display.V1.FormattedValue";
const NOT_FOUND = "0x80040217";
/** Dataverse's "missing privilege" codes (PrivilegeDenied and its variant). */
export const NO_PRIVILEGE = ["0x80040220", "0x80042f09"];

/** Dataverse's codes a user may see, and the codes we show for each (README "Troubleshooting" lists them). */
export const DATAVERSE_CODES: Readonly<Record<string, readonly ErrorCode[]>> = {
    [NOT_FOUND]: ["WorkflowNotFound", "QueueTableNotFound"],
    [NO_PRIVILEGE[0]]: ["WorkflowReadDenied", "QueueWriteDenied", "EnvironmentVariableWriteDenied"],
    [NO_PRIVILEGE[1]]: ["WorkflowReadDenied"],
};

/** Xrm.WebApi errors carry the Dataverse code as a number (signed or not) or a hex string: normalise to "0x8004xxxx". */
export function dataverseCode(error: unknown): string | undefined {
    if (typeof error !== "object" || error === null) return undefined;
    const raw = error as { errorCode?: unknown; code?: unknown; error?: unknown };
    for (const candidate of [raw.errorCode, raw.code, serviceError(error).code]) {
        if (typeof candidate === "number") return `0x${(candidate >>> 0).toString(16)}`;
        if (typeof candidate === "string" && /^0x[0-9a-f]{8}$/i.test(candidate)) return candidate.toLowerCase();
    }
    return undefined;
}

export function statusOf(error: unknown): number | undefined {
    const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
    return typeof status === "number" ? status : undefined;
}

export function messageOf(error: unknown): string {
    const message = (error as { message?: unknown } | null)?.message;
    return typeof message === "string" ? message : "";
}

function num(value: unknown): number {
    return typeof value === "number" ? value : Number(value);
}

/** The workflow row's version alone (versionnumber, else modifiedon); undefined when the row carries neither. */
export async function readWorkflowVersion(webApi: WebApi, workflowId: string): Promise<string | undefined> {
    return versionOf(await retrieveWorkflow(webApi, workflowId, VERSION_SELECT));
}

function versionOf(row: Record<string, unknown>): string | undefined {
    const version = row.versionnumber ?? row.modifiedon;
    return typeof version === "string" || typeof version === "number" ? String(version) : undefined;
}

/** Reads the flow's row by its workflowid, turning Dataverse's refusals into maker-readable errors. */
async function retrieveWorkflow(webApi: WebApi, workflowId: string, select: string): Promise<Record<string, unknown>> {
    try {
        return await webApi.retrieveRecord("workflow", workflowId, select);
    } catch (error) {
        if (isFlowInvokerError(error)) throw error;
        const code = dataverseCode(error);
        const status = statusOf(error);
        const values = { workflowId };
        const message = messageOf(error);
        if (code === NOT_FOUND || status === 404 || /does not exist/i.test(message)) {
            throw new FlowInvokerError("WorkflowNotFound", { serviceCode: code, status, values, cause: error });
        }
        if ((code && NO_PRIVILEGE.includes(code)) || status === 403 || /prvReadWorkflow/i.test(message)) {
            throw new FlowInvokerError("WorkflowReadDenied", { serviceCode: code ?? "403", status, values, cause: error });
        }
        throw new FlowInvokerError("ServiceUnavailable", { serviceCode: code, status, values: { service: "Dataverse" }, cause: error });
    }
}

export async function readWorkflow(webApi: WebApi, workflowId: string): Promise<WorkflowRow> {
    const row = await retrieveWorkflow(webApi, workflowId, WORKFLOW_SELECT);
    const version = versionOf(row);
    const owner = row[`_ownerid_value${FORMATTED}`];
    return {
        name: typeof row.name === "string" ? row.name : workflowId,
        resourceId: typeof row.resourceid === "string" ? row.resourceid.toLowerCase() : "",
        category: num(row.category),
        stateCode: num(row.statecode),
        statusCode: num(row.statuscode),
        clientData: typeof row.clientdata === "string" && row.clientdata !== "" ? row.clientdata : null,
        ...(typeof owner === "string" && owner !== "" ? { ownerName: owner } : {}),
        ...(version !== undefined ? { version } : {}),
    };
}

export interface AppUserRecord {
    objectId?: string;
    loginHint?: string;
    /** windowsliveid and internalemailaddress as stored: a trigger's "Specific users" list may name either. */
    upn?: string;
    email?: string;
}

const appUsers = new WeakMap<WebApi, Pending<AppUserRecord>>();

/**
 * The signed-in user's ids and a login hint (guests' windowsliveid holds "#EXT#", so their e-mail is used). Read once
 * per Web API and user, because sign-in and the allowed-users check both need it; a failure is forgotten.
 */
export function readAppUser(webApi: WebApi, userId: string): Promise<AppUserRecord> {
    const users = appUsers.get(webApi) ?? new Pending<AppUserRecord>("success");
    appUsers.set(webApi, users);
    return users.join(userId, () => readAppUserRow(webApi, userId));
}

async function readAppUserRow(webApi: WebApi, userId: string): Promise<AppUserRecord> {
    const row = await webApi.retrieveRecord("systemuser", userId, "?$select=azureactivedirectoryobjectid,windowsliveid,internalemailaddress");
    const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined);
    const upn = text(row.windowsliveid);
    const email = text(row.internalemailaddress);
    const loginHint = upn && !upn.includes("#EXT#") ? upn : (email ?? upn);
    const ids = { objectId: text(row.azureactivedirectoryobjectid)?.toLowerCase(), loginHint, upn, email };
    return Object.fromEntries(Object.entries(ids).filter(([, value]) => value !== undefined));
}

export interface Organization {
    environmentId?: string;
    tenantId?: string;
}

/** `RetrieveCurrentOrganization`, the documented way to the environment and tenant ids (no PCF member holds them). */
export async function readOrganization(fetchFn: FetchFn, orgUrl: string): Promise<Organization> {
    const url = `${orgUrl}/api/data/v9.2/RetrieveCurrentOrganization(AccessType=@p1)?@p1=Microsoft.Dynamics.CRM.EndpointAccessType'Default'`;
    const response = await send(
        fetchFn,
        url,
        { method: "GET", credentials: "same-origin", headers: { Accept: "application/json", "OData-Version": "4.0", "OData-MaxVersion": "4.0" } },
        { service: "Dataverse", timeoutMs: 30_000 },
    );
    if (response.status === 429 || response.status >= 500) {
        const { retryAfterSeconds, status } = response;
        throw new FlowInvokerError("ServiceUnavailable", { status, retryAfterSeconds, serviceCode: String(status), values: { service: "Dataverse" } });
    }
    const detail = (response.body as { Detail?: { EnvironmentId?: unknown; TenantId?: unknown } } | null)?.Detail;
    // Refused (403) or unknown (404): the ids are looked for elsewhere, or the maker is told to set environmentId.
    if (response.status !== 200 || !detail) return {};
    const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
    return { environmentId: text(detail.EnvironmentId), tenantId: text(detail.TenantId)?.toLowerCase() };
}
