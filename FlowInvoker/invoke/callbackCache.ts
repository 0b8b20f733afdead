import { isSignedUrl } from "../shared/signedUrl";

/**
 * Where discovery results live for the browser session. Only trigger URLs bound to this environment (and never a signed
 * one) are written; every script on the org's origin can write this storage too, so entries are re-checked on read.
 */
export interface KeyValueStore {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
}

export interface CachedDiscovery {
    url: string;
    environmentId: string;
    /** The flow's display name, for messages. */
    flowName: string;
    /** The flow's resourceid, its name in Power Automate (for the run's link). */
    resourceId: string;
}

const PREFIX = "flowinvoker.callback.v1";

export function cacheKey(cloud: string, environmentId: string | undefined, workflowId: string): string {
    return `${PREFIX}:${cloud}:${environmentId ?? "org"}:${workflowId}`;
}

/**
 * The entry under `key` when its URL is unsigned and `accept` binds it to this environment; any other entry is dropped.
 * Storage can throw (quota, privacy modes): the cache is an optimisation and never a failure.
 */
export function readCache(store: KeyValueStore | undefined, key: string, accept: (url: URL) => boolean): CachedDiscovery | undefined {
    try {
        const parsed = JSON.parse(store?.getItem(key) ?? "null") as Partial<CachedDiscovery> | null;
        if (parsed === null) return undefined;
        const { url, environmentId, flowName, resourceId } = parsed;
        if (typeof url === "string" && typeof environmentId === "string" && typeof flowName === "string" && typeof resourceId === "string") {
            const target = new URL(url);
            if (!isSignedUrl(target) && accept(target)) return { url, environmentId, flowName, resourceId };
        }
    } catch {
        // unreadable entry: treat as a miss
    }
    clearCache(store, key);
    return undefined;
}

export function writeCache(store: KeyValueStore | undefined, key: string, value: CachedDiscovery): void {
    try {
        if (isSignedUrl(value.url)) return;
        store?.setItem(key, JSON.stringify(value));
    } catch {
        // full or forbidden storage: the next load discovers again
    }
}

export function clearCache(store: KeyValueStore | undefined, key: string): void {
    try {
        store?.removeItem(key);
    } catch {
        // nothing to undo
    }
}

/**
 * What a returning user's form load needs, kept in localStorage across browser sessions: the unsigned, environment-bound
 * trigger URL and the flow facts, with the workflow row's version they were read at. Never a signed URL, never a token.
 */
export interface KeptFlow extends CachedDiscovery {
    /** The workflow row's versionnumber (else modifiedon) when the facts were read: any save of the flow changes it. */
    version: string;
    triggerName: string;
    /** "Specific users in my tenant", lower case; absent for any user in the tenant. */
    allowedUsers?: string[];
    /** The trigger's `inputs.schema` as written. */
    schema?: unknown;
}

const KEPT_PREFIX = "flowinvoker.flow.v1";

/** One entry per org, cloud, environment and workflow: the same flow id in another environment is another flow. */
export function keptKey(orgUrl: string, cloud: string, environmentId: string, workflowId: string): string {
    return `${KEPT_PREFIX}:${orgUrl.toLowerCase()}:${cloud}:${environmentId}:${workflowId}`;
}

/** The kept entry when it is whole, unsigned and `accept` binds its URL to this environment; any other entry is dropped. */
export function readKept(store: KeyValueStore | undefined, key: string, accept: (url: URL) => boolean): KeptFlow | undefined {
    try {
        const parsed = JSON.parse(store?.getItem(key) ?? "null") as Partial<KeptFlow> | null;
        if (parsed === null) return undefined;
        const base = readCache({ getItem: () => JSON.stringify(parsed), setItem: () => undefined, removeItem: () => undefined }, key, accept);
        const { version, triggerName, allowedUsers, schema } = parsed;
        const users = allowedUsers === undefined || (Array.isArray(allowedUsers) && allowedUsers.every((u) => typeof u === "string"));
        if (base && typeof version === "string" && typeof triggerName === "string" && users) {
            return { ...base, version, triggerName, ...(allowedUsers ? { allowedUsers } : {}), ...(schema !== undefined ? { schema } : {}) };
        }
    } catch {
        // unreadable entry: treat as a miss
    }
    clearCache(store, key);
    return undefined;
}

export function writeKept(store: KeyValueStore | undefined, key: string, value: KeptFlow): void {
    const { url, environmentId, flowName, resourceId, version, triggerName, allowedUsers, schema } = value;
    // Only the named fields: nothing else the caller's object carries reaches storage.
    writeCache(store, key, { url, environmentId, flowName, resourceId, version, triggerName, allowedUsers, schema } as KeptFlow);
}
