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
    asyncTimeoutSeconds: "asyncTimeoutSeconds",
    showSetupCheck: "showSetupCheck",
    askForInputs: "askForInputs",
} as const satisfies { [K in keyof IInputs]: K };

export type PropertyName = keyof typeof PROPERTY;

/** The raw value of every configuration property, as the form hands it over (null when not set). */
type ColumnProperty = "result" | "input1" | "input2" | "input3" | "input4" | "input5";
export type RawProperties = {
    readonly [K in Exclude<
        PropertyName,
        ColumnProperty | "allowAnonymousTrigger" | "showSetupCheck" | "askForInputs" | "queueTimeoutSeconds" | "asyncTimeoutSeconds"
    >]: string | null | undefined;
} & {
    readonly allowAnonymousTrigger: boolean | null | undefined;
    readonly showSetupCheck?: boolean | null | undefined;
    readonly askForInputs?: boolean | null;
    readonly queueTimeoutSeconds: number | null | undefined;
    readonly asyncTimeoutSeconds?: number | null;
};

/** A property the host left out (an older form, a canvas host) reads as unset rather than crashing the control. */
function raw<K extends keyof IInputs>(parameters: IInputs, name: K): IInputs[K]["raw"] | undefined {
    return (parameters as Partial<IInputs>)[name]?.raw;
}

export function readRawProperties(parameters: IInputs): RawProperties {
    const text = (name: keyof IInputs): string | null | undefined => raw(parameters, name) as string | null | undefined;
    return {
        workflowId: text("workflowId"),
        clientId: text("clientId"),
        tenantId: text("tenantId"),
        cloud: text("cloud"),
        environmentId: text("environmentId"),
        redirectUri: text("redirectUri"),
        allowAnonymousTrigger: raw(parameters, "allowAnonymousTrigger"),
        buttonLabel: text("buttonLabel"),
        requestBody: text("requestBody"),
        resultPath: text("resultPath"),
        confirmationText: text("confirmationText"),
        mode: text("mode"),
        queueTable: text("queueTable"),
        queueInputColumn: text("queueInputColumn"),
        queueStatusColumn: text("queueStatusColumn"),
        queueResultColumn: text("queueResultColumn"),
        queueTimeoutSeconds: raw(parameters, "queueTimeoutSeconds"),
        identityScope: text("identityScope"),
        callbackUrlVariable: text("callbackUrlVariable"),
        asyncTimeoutSeconds: raw(parameters, "asyncTimeoutSeconds"),
        showSetupCheck: raw(parameters, "showSetupCheck"),
        askForInputs: raw(parameters, "askForInputs"),
    };
}
