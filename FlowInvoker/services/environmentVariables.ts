import { FlowInvokerError, isFlowInvokerError } from "../errors/FlowInvokerError";
import { isSignedUrl } from "../shared/signedUrl";
import { NO_PRIVILEGE, WebApi, dataverseCode, messageOf, statusOf } from "./dataverse";

/**
 * The trigger URL kept in a Dataverse environment variable: its current value, else its default value.
 * Users need Read on the variable tables only, not on every flow definition.
 */
export async function readUrlVariable(webApi: WebApi, schemaName: string): Promise<string> {
    if (!webApi.retrieveMultipleRecords) throw new FlowInvokerError("ServiceUnavailable", { values: { service: "Dataverse" } });
    // schemaName was checked against [A-Za-z0-9_] when the settings were parsed: nothing here can break out of the quotes.
    const options =
        `?$select=schemaname,defaultvalue&$filter=schemaname eq '${schemaName}'` +
        "&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)";
    let entities: Array<Record<string, unknown>>;
    try {
        entities = (await webApi.retrieveMultipleRecords("environmentvariabledefinition", options)).entities;
    } catch (error) {
        // Ours already (the Web API timeout): it says what happened better than a generic refusal would.
        if (isFlowInvokerError(error)) throw error;
        const status = statusOf(error);
        const serviceCode = dataverseCode(error);
        const details = { serviceCode, status, values: { name: schemaName, service: "Dataverse" }, cause: error };
        // Without Read on the variable tables Dataverse refuses (403, or only its code through Xrm.WebApi): to the user that is a variable they cannot see.
        const refused = status === 403 || (serviceCode !== undefined && NO_PRIVILEGE.includes(serviceCode));
        throw new FlowInvokerError(refused ? "EnvironmentVariableNotFound" : "ServiceUnavailable", details);
    }
    const definition = entities[0];
    if (!definition) throw new FlowInvokerError("EnvironmentVariableNotFound", { values: { name: schemaName } });
    const values = definition.environmentvariabledefinition_environmentvariablevalue;
    const current = Array.isArray(values) ? (values[0] as { value?: unknown } | undefined)?.value : undefined;
    const url = [current, definition.defaultvalue].find((value): value is string => typeof value === "string" && value.trim() !== "");
    if (!url) throw new FlowInvokerError("EnvironmentVariableEmpty", { values: { name: schemaName } });
    return url.trim();
}

const VALUE_ENTITY = "environmentvariablevalue";

/**
 * Stores a trigger URL as the variable's current value: updates its value row, or creates one bound to the definition.
 * Only the setup check calls this, for a maker, with a URL listCallbackUrl gave for this environment's flow.
 */
export async function writeUrlVariable(webApi: WebApi, schemaName: string, url: string): Promise<"created" | "updated"> {
    // Belt and braces: an Anyone URL is a secret that would let everyone who may read the variable run the flow.
    if (isSignedUrl(new URL(url))) throw new FlowInvokerError("AnonymousTriggerRefused", { values: { flowName: schemaName } });
    const { retrieveMultipleRecords, createRecord, updateRecord } = webApi;
    if (!retrieveMultipleRecords || !createRecord || !updateRecord) throw new FlowInvokerError("ServiceUnavailable", { values: { service: "Dataverse" } });
    // schemaName was checked against [A-Za-z0-9_] when the settings were parsed: nothing here can break out of the quotes.
    const options =
        `?$select=environmentvariabledefinitionid,schemaname&$filter=schemaname eq '${schemaName}'` +
        "&$expand=environmentvariabledefinition_environmentvariablevalue($select=environmentvariablevalueid)";
    try {
        const [definition] = (await retrieveMultipleRecords.call(webApi, "environmentvariabledefinition", options)).entities;
        if (!definition) throw new FlowInvokerError("EnvironmentVariableNotFound", { values: { name: schemaName } });
        const values = definition.environmentvariabledefinition_environmentvariablevalue;
        const existing = Array.isArray(values) ? (values[0] as { environmentvariablevalueid?: unknown } | undefined)?.environmentvariablevalueid : undefined;
        if (typeof existing === "string") {
            await updateRecord.call(webApi, VALUE_ENTITY, existing, { value: url });
            return "updated";
        }
        const bind = `/environmentvariabledefinitions(${String(definition.environmentvariabledefinitionid)})`;
        await createRecord.call(webApi, VALUE_ENTITY, { value: url, "EnvironmentVariableDefinitionId@odata.bind": bind });
        return "created";
    } catch (error) {
        if (isFlowInvokerError(error)) throw error;
        const status = statusOf(error);
        const serviceCode = dataverseCode(error);
        // Dataverse names the privilege it found missing ("is missing prvCreateEnvironmentVariableValue privilege").
        const privilege = /missing (prv\w+) privilege/.exec(messageOf(error))?.[1] ?? "prvWriteEnvironmentVariableValue";
        const values = { name: schemaName, privilege, service: "Dataverse" };
        // Xrm.WebApi gives Dataverse's code and no HTTP status; a plain fetch gives both.
        const denied = status === 403 || (serviceCode !== undefined && NO_PRIVILEGE.includes(serviceCode));
        throw new FlowInvokerError(denied ? "EnvironmentVariableWriteDenied" : "ServiceUnavailable", { serviceCode, status, values, cause: error });
    }
}
