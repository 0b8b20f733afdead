import { IInputs } from "../generated/ManifestTypes";
import { CLOUD_NAMES } from "./clouds";

/** How a maker fills a property in the form designer: the manifest's of-type (or type group) and usage. */
export type PropertyKind = "text" | "multilineText" | "wholeNumber" | "yesNo" | "choice" | "resultColumn" | "formColumn";

/** Who reads a property: the runner (a change rebuilds it), the view (button, dialogs), the request body, the result column write. */
export type Reader = "runner" | "view" | "body" | "output";

export interface PropertySpec {
    readonly kind: PropertyKind;
    readonly readBy: readonly Reader[];
    /** The form designer insists on a value (the manifest's required="true"). */
    readonly required?: true;
    /** What an unset property means; for a choice or yes/no also the manifest's default-value. */
    readonly default?: string | number | boolean;
    /** A choice's values, as the manifest lists them. */
    readonly values?: readonly string[];
    /** The Settings field the property ends up in, when it is not the property's own name (checked in readers.ts). */
    readonly setting?: string;
    /** A description string shared by several properties (the five form columns). */
    readonly descriptionKey?: string;
}

const formColumn = { kind: "formColumn", readBy: ["body"], descriptionKey: "Property_inputN_Desc" } as const;
const queue = { kind: "text", readBy: ["runner"], setting: "queue" } as const;

/**
 * Every manifest property, once, in the manifest's order; checked against the generated IInputs so a property missing here
 * breaks the build, and against the manifest, the resx files and README "Properties" by test/unit/settings/schema.test.ts.
 */
export const SCHEMA = {
    result: { kind: "resultColumn", readBy: ["output"], required: true },
    // Not required by the designer: Queue mode and callbackUrlVariable need none; Http mode checks it at run time.
    workflowId: { kind: "text", readBy: ["runner"] },
    clientId: { kind: "text", readBy: ["runner"] },
    tenantId: { kind: "text", readBy: ["runner"] },
    cloud: { kind: "choice", readBy: ["runner"], values: CLOUD_NAMES, default: "Public" },
    environmentId: { kind: "text", readBy: ["runner"] },
    redirectUri: { kind: "text", readBy: ["runner"] },
    allowAnonymousTrigger: { kind: "yesNo", readBy: ["runner"], default: false },
    buttonLabel: { kind: "text", readBy: ["view"] },
    requestBody: { kind: "multilineText", readBy: ["body"], setting: "body" },
    input1: formColumn,
    input2: formColumn,
    input3: formColumn,
    input4: formColumn,
    input5: formColumn,
    resultPath: { kind: "text", readBy: ["output"] },
    confirmationText: { kind: "multilineText", readBy: ["view"] },
    mode: { kind: "choice", readBy: ["runner"], values: ["Http", "Queue"], default: "Http" },
    queueTable: queue,
    queueInputColumn: queue,
    queueStatusColumn: queue,
    queueResultColumn: queue,
    queueTimeoutSeconds: { kind: "wholeNumber", readBy: ["runner"], setting: "queue", default: 120 },
    identityScope: { kind: "text", readBy: ["runner"] },
    showSetupCheck: { kind: "yesNo", readBy: ["view"], default: false },
    // The runner reads the trigger schema at load when the dialog will need it.
    askForInputs: { kind: "yesNo", readBy: ["runner", "view"], default: false },
    callbackUrlVariable: { kind: "text", readBy: ["runner"] },
    asyncTimeoutSeconds: { kind: "wholeNumber", readBy: ["runner"], default: 600 },
} as const satisfies { readonly [K in keyof IInputs]: PropertySpec };

/** How each kind appears in the manifest: its of-type (or of-type-group) and usage; `type` is what the platform hands over. */
export const MANIFEST_KIND: Record<PropertyKind, { ofType?: string; ofTypeGroup?: string; usage: "input" | "bound"; type: string }> = {
    text: { ofType: "SingleLine.Text", usage: "input", type: "SingleLine.Text" },
    multilineText: { ofType: "SingleLine.TextArea", usage: "input", type: "SingleLine.TextArea" },
    wholeNumber: { ofType: "Whole.None", usage: "input", type: "Whole.None" },
    yesNo: { ofType: "TwoOptions", usage: "input", type: "TwoOptions" },
    choice: { ofType: "Enum", usage: "input", type: "Enum" },
    resultColumn: { ofTypeGroup: "text", usage: "bound", type: "SingleLine.Text" },
    formColumn: { ofTypeGroup: "anyColumn", usage: "bound", type: "SingleLine.Text" },
};

export type Schema = typeof SCHEMA;
export type PropertyName = keyof Schema;
export const PROPERTY_NAMES = Object.keys(SCHEMA) as PropertyName[];

/** A configuration property's raw value by kind; bound columns are read at the click instead (host/formValues). */
interface RawOfKind {
    text: string;
    multilineText: string;
    choice: string;
    wholeNumber: number;
    yesNo: boolean;
}
type ConfigurationName = { [K in PropertyName]: Schema[K]["kind"] extends keyof RawOfKind ? K : never }[PropertyName];

/** The raw value of every configuration property, as the form hands it over (null or undefined when not set). */
export type RawProperties = {
    readonly [K in ConfigurationName]: (Schema[K]["kind"] extends infer T extends keyof RawOfKind ? RawOfKind[T] : never) | null | undefined;
};

const RAW_KINDS: Record<keyof RawOfKind, true> = { text: true, multilineText: true, choice: true, wholeNumber: true, yesNo: true };
const CONFIGURATION = PROPERTY_NAMES.filter((name): name is ConfigurationName => SCHEMA[name].kind in RAW_KINDS);

/** A property the host left out (an older form, a canvas host) reads as unset rather than crashing the control. */
export function readRawProperties(parameters: IInputs): RawProperties {
    const given = parameters as Partial<Record<PropertyName, { raw?: unknown }>>;
    const raw: Record<string, unknown> = {};
    for (const name of CONFIGURATION) raw[name] = given[name]?.raw;
    return raw as RawProperties;
}
