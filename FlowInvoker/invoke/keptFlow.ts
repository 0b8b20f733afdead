import { CachedDiscovery, KeptFlow, KeyValueStore, clearCache, readKept } from "./callbackCache";

export interface KeptLookup {
    store?: KeyValueStore;
    key: string;
    /** Binds the kept URL to this environment, as every stored URL is re-checked on read. */
    accept: (url: URL) => boolean;
    /** The workflow row's version alone: one Dataverse request of a few hundred bytes. */
    readVersion: () => Promise<string | undefined>;
}

/**
 * A returning user's form load: the entry kept from an earlier browser session, used while the workflow row's version is the
 * one it was read at. Any other answer (another version, no row, a failed read) drops it, and full discovery runs.
 */
export async function revalidateKept(lookup: KeptLookup): Promise<KeptFlow | undefined> {
    const kept = readKept(lookup.store, lookup.key, lookup.accept);
    if (!kept) return undefined;
    const version = await lookup.readVersion().catch(() => undefined);
    if (version === kept.version) return kept;
    clearCache(lookup.store, lookup.key);
    return undefined;
}

/** The part of a kept entry the session cache holds. */
export function targetOf(kept: KeptFlow): CachedDiscovery {
    return { url: kept.url, environmentId: kept.environmentId, flowName: kept.flowName, resourceId: kept.resourceId };
}
