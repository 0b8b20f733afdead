import { IInputs } from "../../FlowInvoker/generated/ManifestTypes";
import { MANIFEST_KIND, PROPERTY_NAMES, RawProperties, SCHEMA, readRawProperties } from "../../FlowInvoker/settings/schema";
import { loadResx } from "./resx";

type InputName = { [K in keyof typeof SCHEMA]: (typeof SCHEMA)[K]["kind"] extends "formColumn" ? K : never }[keyof typeof SCHEMA];
/** The properties a test sets, typed by the schema (settings/schema.ts): a renamed or removed property breaks the test. */
export type PropertyValues = Partial<RawProperties> & { result?: string | null };

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
 * A PCF context with every property of the schema, each as the platform hands over its kind (the schema is checked
 * against the generated IInputs, so a property added to or removed from the manifest breaks these tests at compile time). Undocumented members (orgSettings.tenantId, mode.contextInfo) are set as the platform does.
 */
export function buildContext(options: MockContextOptions = {}): ComponentFramework.Context<IInputs> {
    const values: PropertyValues = { ...VALID_PROPERTIES, ...options.properties };
    const empty: ColumnValue = { raw: null, type: "SingleLine.Text" };
    const inputs = { input1: empty, input2: empty, input3: empty, input4: empty, input5: empty, ...options.inputs };
    const parameters: Record<string, { raw: unknown; type: string; attributes?: object; formatted?: string }> = {};
    for (const name of PROPERTY_NAMES) {
        const kind = SCHEMA[name].kind;
        parameters[name] = kind === "formColumn" ? inputs[name as InputName] : parameter((values as Record<string, unknown>)[name], MANIFEST_KIND[kind].type);
    }
    parameters.result.attributes = { MaxLength: options.resultMaxLength ?? 100 };
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

/** The raw properties a form with these values hands over: the test default for parseSettings. */
export function rawProperties(values: PropertyValues = {}): RawProperties {
    return readRawProperties(buildContext({ properties: values, strings: {} }).parameters);
}
