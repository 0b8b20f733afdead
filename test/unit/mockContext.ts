import { IInputs } from "../../FlowInvoker/generated/ManifestTypes";
import { loadResx } from "./resx";

export type PropertyValues = { [K in Exclude<keyof IInputs, "allowAnonymousTrigger">]?: string | null } & { allowAnonymousTrigger?: boolean | null };

export interface MockContextOptions {
    properties?: PropertyValues;
    disabled?: boolean;
    userId?: string;
    tenantId?: string;
    entityId?: string;
    entityTypeName?: string;
    retrieveRecord?: (entityType: string, id: string, options?: string) => Promise<Record<string, unknown>>;
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

function parameter<T>(raw: T | null | undefined, type = "SingleLine.Text"): { raw: T | null; type: string } {
    return { raw: raw ?? null, type };
}

/**
 * A PCF context typed by the generated IInputs: a property added to or removed from the manifest breaks these
 * tests at compile time. Undocumented members (orgSettings.tenantId, mode.contextInfo) are set as the platform does.
 */
export function buildContext(options: MockContextOptions = {}): ComponentFramework.Context<IInputs> {
    const values: PropertyValues = { ...VALID_PROPERTIES, ...options.properties };
    const parameters: { [K in keyof IInputs]: { raw: unknown; type: string } } = {
        result: parameter(values.result),
        workflowId: parameter(values.workflowId),
        clientId: parameter(values.clientId),
        tenantId: parameter(values.tenantId),
        cloud: parameter(values.cloud, "Enum"),
        environmentId: parameter(values.environmentId),
        redirectUri: parameter(values.redirectUri),
        allowAnonymousTrigger: parameter(values.allowAnonymousTrigger, "TwoOptions"),
        buttonLabel: parameter(values.buttonLabel),
    };
    const strings = options.strings ?? loadResx();
    const context = {
        parameters,
        mode: {
            isControlDisabled: options.disabled ?? false,
            isVisible: true,
            label: "Result",
            contextInfo: { entityId: options.entityId ?? IDS.recordId, entityTypeName: options.entityTypeName ?? "account" },
        },
        userSettings: { userId: `{${(options.userId ?? IDS.userId).toUpperCase()}}`, userName: "Adele Vance", languageId: 1033, isRTL: false },
        orgSettings: { tenantId: options.tenantId },
        resources: { getString: (key: string) => strings[key] ?? "" },
        webAPI: { retrieveRecord: options.retrieveRecord ?? (() => Promise.reject(new Error("no webAPI in this test"))) },
    };
    return context as unknown as ComponentFramework.Context<IInputs>;
}
