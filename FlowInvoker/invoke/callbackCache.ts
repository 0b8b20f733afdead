import { isSignedUrl } from "../services/signedUrl";

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
