import { FlowInvokerError, isFlowInvokerError } from "../errors/FlowInvokerError";
import { WebApi, dataverseCode, statusOf } from "./dataverse";

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
        const details = { serviceCode: dataverseCode(error), status, values: { name: schemaName, service: "Dataverse" }, cause: error };
        // Without Read on the variable tables Dataverse refuses (403): to the user that is a variable they cannot see.
        throw new FlowInvokerError(status === 403 ? "EnvironmentVariableNotFound" : "ServiceUnavailable", details);
    }
    const definition = entities[0];
    if (!definition) throw new FlowInvokerError("EnvironmentVariableNotFound", { values: { name: schemaName } });
    const values = definition.environmentvariabledefinition_environmentvariablevalue;
    const current = Array.isArray(values) ? (values[0] as { value?: unknown } | undefined)?.value : undefined;
    const url = [current, definition.defaultvalue].find((value): value is string => typeof value === "string" && value.trim() !== "");
    if (!url) throw new FlowInvokerError("EnvironmentVariableEmpty", { values: { name: schemaName } });
    return url.trim();
}
