/** @jest-environment node */
import {
    CachedDiscovery,
    KeptFlow,
    KeyValueStore,
    cacheKey,
    clearCache,
    keptKey,
    readCache,
    readKept,
    writeCache,
    writeKept,
} from "../../../FlowInvoker/invoke/callbackCache";
import { memoryStore } from "../fakes";

const HOST = "default72f988.bf.environment.api.powerplatform.com";
const URL_ = `https://${HOST}/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?api-version=1`;
const SIGNED_BASE =
    "https://0a1b2c3d4e5f6789abcdef01234567.89.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/x/triggers/manual/paths/invoke?api-version=1";
const ENTRY: CachedDiscovery = { url: URL_, environmentId: "Default-72f988bf", flowName: "Approve", resourceId: "res-1" };
const KEPT: KeptFlow = { ...ENTRY, version: "1001", triggerName: "manual", allowedUsers: ["adele@contoso.com"], schema: { type: "object" } };
const KEY = cacheKey("Public", "Default-72f988bf", "wf-1");
const ownHost = (url: URL): boolean => url.hostname === HOST;
const ORG = "https://contoso.crm.dynamics.com";

/** Storage that refuses everything, as a full quota or a privacy mode does. */
const refusing: KeyValueStore = {
    getItem: () => {
        throw new DOMException("denied", "SecurityError");
    },
    setItem: () => {
        throw new DOMException("full", "QuotaExceededError");
    },
    removeItem: () => {
        throw new DOMException("denied", "SecurityError");
    },
};

describe("the session's discovery cache", () => {
    it("serves back what was written, under one key per cloud, environment and flow", () => {
        const store = memoryStore();
        writeCache(store, KEY, ENTRY);
        expect(readCache(store, KEY, ownHost)).toEqual(ENTRY);
        expect(cacheKey("Public", undefined, "wf-1")).toBe("flowinvoker.callback.v1:Public:org:wf-1");
        expect(
            new Set([KEY, cacheKey("GCC", "Default-72f988bf", "wf-1"), cacheKey("Public", "other", "wf-1"), cacheKey("Public", "Default-72f988bf", "wf-2")])
                .size,
        ).toBe(4);
    });

    it.each<[string, string]>([
        ["a URL this environment does not own", JSON.stringify({ ...ENTRY, url: "https://prod-07.westus.logic.azure.com/workflows/x" })],
        ["a signed URL another script wrote", JSON.stringify({ ...ENTRY, url: `${URL_}&sp=%2F&sv=1.0&sig=SECRET` })],
        ["an entry missing a field", JSON.stringify({ url: URL_, environmentId: "e", flowName: "f" })],
        ["text that is not JSON", "{not json"],
        ["a URL that does not parse", JSON.stringify({ ...ENTRY, url: "not a url" })],
    ])("drops %s and reads it as a miss", (_, text) => {
        const store = memoryStore();
        store.setItem(KEY, text);
        expect(readCache(store, KEY, ownHost)).toBeUndefined();
        expect(store.data.has(KEY)).toBe(false);
    });

    it("passes only what it read from storage, nothing else an entry carries", () => {
        const store = memoryStore();
        store.setItem(KEY, JSON.stringify({ ...ENTRY, token: "eyJ-planted" }));
        expect(readCache(store, KEY, ownHost)).toEqual(ENTRY);
    });

    it("never writes a signed URL, however the name is spelled", () => {
        const written: string[] = [];
        const store: KeyValueStore = { getItem: () => null, setItem: (_key, value) => void written.push(value), removeItem: () => undefined };
        for (const name of ["sig", "SIG", "%73ig"]) {
            writeCache(store, cacheKey("Public", "e", "w"), { url: `${SIGNED_BASE}&${name}=secret`, environmentId: "e", flowName: "f", resourceId: "r" });
        }
        expect(written).toEqual([]);
    });

    it("is an optimisation, never a failure: storage that throws, or none at all, is a miss", () => {
        expect(() => writeCache(refusing, KEY, ENTRY)).not.toThrow();
        expect(readCache(refusing, KEY, ownHost)).toBeUndefined();
        expect(() => clearCache(refusing, KEY)).not.toThrow();
        expect(readCache(undefined, KEY, ownHost)).toBeUndefined();
    });
});

describe("the flow kept for a returning user", () => {
    const KEPT_KEY = keptKey(ORG, "Public", "Default-72f988bf", "wf-1");

    it("keeps one entry per org, cloud, environment and workflow: the same workflow id elsewhere is not served from it", () => {
        expect(keptKey(ORG, "Public", "Default-00000000", "wf-1")).not.toBe(KEPT_KEY);
        expect(keptKey("https://fabrikam.crm.dynamics.com", "Public", "Default-72f988bf", "wf-1")).not.toBe(KEPT_KEY);
        expect(keptKey(ORG, "GCC", "Default-72f988bf", "wf-1")).not.toBe(KEPT_KEY);
        expect(keptKey(ORG.toUpperCase(), "Public", "Default-72f988bf", "wf-1")).toBe(KEPT_KEY);
    });

    it("serves back the whole entry: version, trigger name, allowed users and schema", () => {
        const store = memoryStore();
        writeKept(store, KEPT_KEY, KEPT);
        expect(readKept(store, KEPT_KEY, ownHost)).toEqual(KEPT);
        const anyUser: KeptFlow = { ...ENTRY, version: "1002", triggerName: "manual" };
        writeKept(store, KEPT_KEY, anyUser);
        expect(readKept(store, KEPT_KEY, ownHost)).toEqual(anyUser);
    });

    it("writes only the named fields: nothing else the caller's object carries reaches storage", () => {
        const store = memoryStore();
        writeKept(store, KEPT_KEY, { ...KEPT, token: "eyJ-should-not-be-kept" } as KeptFlow);
        expect(store.getItem(KEPT_KEY)).not.toContain("eyJ");
    });

    it.each<[string, Record<string, unknown>]>([
        ["no version", { ...KEPT, version: undefined }],
        ["no trigger name", { ...KEPT, triggerName: 7 }],
        ["allowed users that are not a list of names", { ...KEPT, allowedUsers: "adele@contoso.com" }],
        ["a URL this environment does not own", { ...KEPT, url: "https://prod-07.westus.logic.azure.com/workflows/x" }],
    ])("drops an entry with %s", (_, entry) => {
        const store = memoryStore();
        store.setItem(KEPT_KEY, JSON.stringify(entry));
        expect(readKept(store, KEPT_KEY, ownHost)).toBeUndefined();
        expect(store.data.has(KEPT_KEY)).toBe(false);
    });
});
