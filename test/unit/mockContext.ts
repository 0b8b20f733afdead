import { IInputs } from "../../FlowInvoker/generated/ManifestTypes";
import { loadResx } from "./resx";

type InputName = "input1" | "input2" | "input3" | "input4" | "input5";
type NonText = "allowAnonymousTrigger" | "showSetupCheck" | "askForInputs" | "queueTimeoutSeconds" | "asyncTimeoutSeconds" | InputName;
export type PropertyValues = { [K in Exclude<keyof IInputs, NonText>]?: string | null } & {
    allowAnonymousTrigger?: boolean | null;
    showSetupCheck?: boolean | null;
    askForInputs?: boolean | null;
    queueTimeoutSeconds?: number | null;
    asyncTimeoutSeconds?: number | null;
};

/** A bound column as the platform hands it over: raw value, column type and the text shown on the form. */
export interface ColumnValue {
    raw: unknown;
    type: string;
    formatted?: string;
}

export interface MockContextOptions {
    properties?: PropertyValues;
    inputs?: Partial<Record<InputName, ColumnValue>>;
    resultMaxLength?: number;
    isRTL?: boolean;
    authoringMode?: boolean;
    events?: Record<string, () => void>;
    disabled?: boolean;
    userId?: string;
    tenantId?: string;
    entityId?: string;
    entityTypeName?: string;
    retrieveRecord?: (entityType: string, id: string, options?: string) => Promise<Record<string, unknown>>;
    createRecord?: (entityType: string, data: Record<string, unknown>) => Promise<{ id: string }>;
    strings?: Record<string, string>;
}

export const IDS = {
    workflowId: "0c6e3d0a-5b0e-4a57-9d1e-8a5c2c1f7b21",
    clientId: "11111111-2222-4333-8444-555555555555",
    tenantId: "72f988bf-0000-4000-8000-2d7cd011db47",
    userId: "aaaaaaaa-1111-4111-8111-bbbbbbbbbbbb",
    recordId: "cccccccc-2222-4222-8222-dddddddddddd",
} as const;

export const VALID_PROPERTIES: PropertyValues = { workflowId: IDS.workflowId, clientId: IDS.clientId, cloud: "Public" };

function parameter<T>(raw: T | null | undefined, type = "SingleLine.Text"): { raw: T | null; type: string; attributes?: object; formatted?: string } {
    return { raw: raw ?? null, type };
}

/**
 * A PCF context typed by the generated IInputs: a property added to or removed from the manifest breaks these
 * tests at compile time. Undocumented members (orgSettings.tenantId, mode.contextInfo) are set as the platform does.
 */
export function buildContext(options: MockContextOptions = {}): ComponentFramework.Context<IInputs> {
    const values: PropertyValues = { ...VALID_PROPERTIES, ...options.properties };
    const empty: ColumnValue = { raw: null, type: "SingleLine.Text" };
    const inputs = { input1: empty, input2: empty, input3: empty, input4: empty, input5: empty, ...options.inputs };
    const parameters: { [K in keyof IInputs]: { raw: unknown; type: string; attributes?: object; formatted?: string } } = {
        result: { ...parameter(values.result), attributes: { MaxLength: options.resultMaxLength ?? 100 } },
        workflowId: parameter(values.workflowId),
        clientId: parameter(values.clientId),
        tenantId: parameter(values.tenantId),
        cloud: parameter(values.cloud, "Enum"),
        environmentId: parameter(values.environmentId),
        redirectUri: parameter(values.redirectUri),
        allowAnonymousTrigger: parameter(values.allowAnonymousTrigger, "TwoOptions"),
        buttonLabel: parameter(values.buttonLabel),
        requestBody: parameter(values.requestBody, "SingleLine.TextArea"),
        resultPath: parameter(values.resultPath),
        confirmationText: parameter(values.confirmationText, "SingleLine.TextArea"),
        mode: parameter(values.mode, "Enum"),
        queueTable: parameter(values.queueTable),
        queueInputColumn: parameter(values.queueInputColumn),
        queueStatusColumn: parameter(values.queueStatusColumn),
        queueResultColumn: parameter(values.queueResultColumn),
        queueTimeoutSeconds: parameter(values.queueTimeoutSeconds, "Whole.None"),
        asyncTimeoutSeconds: parameter(values.asyncTimeoutSeconds, "Whole.None"),
        identityScope: parameter(values.identityScope),
        callbackUrlVariable: parameter(values.callbackUrlVariable),
        showSetupCheck: parameter(values.showSetupCheck, "TwoOptions"),
        askForInputs: parameter(values.askForInputs, "TwoOptions"),
        ...inputs,
    };
    const strings = options.strings ?? loadResx();
    const context = {
        parameters,
        mode: {
            isControlDisabled: options.disabled ?? false,
            isVisible: true,
            isAuthoringMode: options.authoringMode ?? false,
            label: "Result",
            contextInfo: { entityId: options.entityId === undefined ? IDS.recordId : options.entityId, entityTypeName: options.entityTypeName ?? "account" },
        },
        userSettings: { userId: `{${(options.userId ?? IDS.userId).toUpperCase()}}`, userName: "Adele Vance", languageId: 1033, isRTL: options.isRTL ?? false },
        orgSettings: { tenantId: options.tenantId },
        resources: { getString: (key: string) => strings[key] ?? "" },
        events: options.events ?? {},
        webAPI: {
            retrieveRecord: options.retrieveRecord ?? (() => Promise.reject(new Error("no webAPI in this test"))),
            createRecord: options.createRecord ?? (() => Promise.reject(new Error("no webAPI in this test"))),
        },
    };
    return context as unknown as ComponentFramework.Context<IInputs>;
}
