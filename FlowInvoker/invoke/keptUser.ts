import { AppUserRecord, WebApi, readAppUser } from "../services/dataverse";
import { KeyValueStore } from "./callbackCache";

/** How long a returning user's own systemuser facts are used without asking Dataverse again. */
const KEPT_FOR_MS = 24 * 60 * 60 * 1000;
const PREFIX = "flowinvoker.user.v1";

export function keptUserKey(orgUrl: string, userId: string): string {
    return `${PREFIX}:${orgUrl}:${userId.toLowerCase()}`;
}

/**
 * The form user's ids (Entra object id, UPN, e-mail) from an earlier load, so a returning user's load needs no systemuser
 * read. They are the same facts MSAL keeps in its own account cache; nothing secret. Storage failures are misses.
 */
export function readKeptUser(store: KeyValueStore | undefined, key: string, now: number): AppUserRecord | undefined {
    try {
        const kept = JSON.parse(store?.getItem(key) ?? "null") as { at?: unknown; user?: Record<string, unknown> } | null;
        if (!kept || typeof kept.at !== "number" || now - kept.at > KEPT_FOR_MS || now < kept.at || !kept.user) return undefined;
        const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
        const user = { objectId: text(kept.user.objectId), loginHint: text(kept.user.loginHint), upn: text(kept.user.upn), email: text(kept.user.email) };
        return user.objectId ? (Object.fromEntries(Object.entries(user).filter(([, v]) => v !== undefined)) as AppUserRecord) : undefined;
    } catch {
        return undefined;
    }
}

export function keepUser(store: KeyValueStore | undefined, key: string, user: AppUserRecord, now: number): void {
    if (!user.objectId) return;
    try {
        store?.setItem(key, JSON.stringify({ at: now, user }));
    } catch {
        // full or forbidden storage: the next load reads the row again
    }
}

/** The form user's row: kept from an earlier load when there is one, else read (and kept). A failed read is `{}`, not kept. */
export function formUser(
    deps: { webApi: WebApi; keptStore?: KeyValueStore; app: { orgUrl: string; userId?: string } },
    now: () => number = Date.now,
): Promise<AppUserRecord> {
    const { userId, orgUrl } = deps.app;
    if (!userId) return Promise.resolve({});
    const key = keptUserKey(orgUrl, userId);
    const kept = readKeptUser(deps.keptStore, key, now());
    if (kept) return Promise.resolve(kept);
    return readAppUser(deps.webApi, userId).then(
        (user) => {
            keepUser(deps.keptStore, key, user, now());
            return user;
        },
        (): AppUserRecord => ({}),
    );
}
