/** The settings split by who reads them (settings/schema.ts): the runner's part is its rebuild key, the view gets the rest. */
import { PROPERTY_NAMES, PropertyName, PropertySpec, Reader, SCHEMA, Schema } from "./schema";
import type { Settings } from "./settings";

// A schema entry's `setting` must name a Settings field.
type NamedSetting = { [K in PropertyName]: Schema[K] extends { setting: infer S } ? S : never }[PropertyName];
const namedSettingsExist: Exclude<NamedSetting, keyof Settings> extends never ? true : never = true;
void namedSettingsExist;

/** The properties a reader reads, and the Settings fields they end up in. */
type ReadBy<R extends Reader> = { [K in PropertyName]: R extends Schema[K]["readBy"][number] ? K : never }[PropertyName];
type SettingOf<K extends PropertyName> = K extends PropertyName ? (Schema[K] extends { setting: infer S } ? S : K) : never;
type SettingsReadBy<R extends Reader> = Extract<SettingOf<ReadBy<R>>, keyof Settings>;

/** What the runner reads (its rebuild key, invoke/buildRunner.ts); the view reads the rest. */
export type RunnerSettings = Pick<Settings, SettingsReadBy<"runner">>;
/** What the view, the request body and the result write read (index.ts hands them to the ui). */
export type ViewSettings = Pick<Settings, SettingsReadBy<"view" | "body" | "output">>;

// Every Settings field comes from a property: a field no schema entry names would be missed by the runner's rebuild key.
const everySettingFromAProperty: Exclude<keyof Settings, SettingOf<PropertyName>> extends never ? true : never = true;
void everySettingFromAProperty;

const RUNNER_SETTINGS = [
    ...new Set(PROPERTY_NAMES.filter((name) => (SCHEMA[name].readBy as readonly Reader[]).includes("runner")).map((name) => settingOf(name))),
] as (keyof RunnerSettings)[];

function settingOf(name: PropertyName): string {
    const spec: PropertySpec = SCHEMA[name];
    return spec.setting ?? name;
}

/** The runner's part of the settings: when it changes, the runner must be rebuilt. */
export function runnerSettings(settings: Settings): RunnerSettings {
    const picked: Partial<Record<keyof RunnerSettings, unknown>> = {};
    for (const field of RUNNER_SETTINGS) picked[field] = settings[field];
    return picked as RunnerSettings;
}
