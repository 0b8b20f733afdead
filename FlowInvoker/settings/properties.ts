import { IInputs } from "../generated/ManifestTypes";

/** The manifest's property names, checked against the generated IInputs so a rename breaks the build. */
export const PROPERTY = {
    result: "result",
    workflowId: "workflowId",
    clientId: "clientId",
    tenantId: "tenantId",
    cloud: "cloud",
    environmentId: "environmentId",
    redirectUri: "redirectUri",
    allowAnonymousTrigger: "allowAnonymousTrigger",
    buttonLabel: "buttonLabel",
    requestBody: "requestBody",
    input1: "input1",
    input2: "input2",
    input3: "input3",
    input4: "input4",
    input5: "input5",
    resultPath: "resultPath",
    confirmationText: "confirmationText",
    mode: "mode",
    queueTable: "queueTable",
    queueInputColumn: "queueInputColumn",
    queueStatusColumn: "queueStatusColumn",
    queueResultColumn: "queueResultColumn",
    queueTimeoutSeconds: "queueTimeoutSeconds",
    identityScope: "identityScope",
    callbackUrlVariable: "callbackUrlVariable",
} as const satisfies { [K in keyof IInputs]: K };

export type PropertyName = keyof typeof PROPERTY;

/** The raw value of every configuration property, as the form hands it over (null when not set). */
type ColumnProperty = "result" | "input1" | "input2" | "input3" | "input4" | "input5";
export type RawProperties = { readonly [K in Exclude<PropertyName, ColumnProperty | "allowAnonymousTrigger" | "queueTimeoutSeconds">]: string | null | undefined } & {
    readonly allowAnonymousTrigger: boolean | null | undefined;
    readonly queueTimeoutSeconds: number | null | undefined;
};

export function readRawProperties(parameters: IInputs): RawProperties {
    return {
        workflowId: parameters.workflowId.raw,
        clientId: parameters.clientId.raw,
        tenantId: parameters.tenantId.raw,
        cloud: parameters.cloud.raw,
        environmentId: parameters.environmentId.raw,
        redirectUri: parameters.redirectUri.raw,
        allowAnonymousTrigger: parameters.allowAnonymousTrigger.raw,
        buttonLabel: parameters.buttonLabel.raw,
        requestBody: parameters.requestBody.raw,
        resultPath: parameters.resultPath.raw,
        confirmationText: parameters.confirmationText.raw,
        mode: parameters.mode.raw,
        queueTable: parameters.queueTable.raw,
        queueInputColumn: parameters.queueInputColumn.raw,
        queueStatusColumn: parameters.queueStatusColumn.raw,
        queueResultColumn: parameters.queueResultColumn.raw,
        queueTimeoutSeconds: parameters.queueTimeoutSeconds.raw,
        identityScope: parameters.identityScope.raw,
        callbackUrlVariable: parameters.callbackUrlVariable.raw,
    };
}
