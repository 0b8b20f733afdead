import { FetchFn } from "./http";
import { isSignedUrl, withoutSignature } from "../shared/signedUrl";

/** Request headers every trigger's preflight is seen to allow in the field (docs/platform-facts.md, "CORS"). */
const ALWAYS_ALLOWED = new Set(["authorization", "content-type"]);

/** What this page learnt about trigger hosts: request headers their CORS preflight refused (`host header`). */
export class TriggerCorsMemory {
    private readonly refused = new Set<string>();

    isRefused(host: string, header: string): boolean {
        return this.refused.has(`${host} ${header.toLowerCase()}`);
    }

    remember(host: string, headers: readonly string[]): void {
        headers.forEach((header) => this.refused.add(`${host} ${header.toLowerCase()}`));
    }
}

/** Our request headers that a preflight must allow beyond the two every trigger accepts. */
export function extraHeaders(headers: Record<string, string>): string[] {
    return Object.keys(headers).filter((name) => !ALWAYS_ALLOWED.has(name.toLowerCase()));
}

/**
 * After a POST got no answer at all, finds whether the trigger's preflight refused some of our headers. Each probe is built
 * to be refused by the gateway before any run (401): an invalid bearer, or for a signed URL the same URL without its `sig`.
 * Only whether an answer arrives matters, never its body.
 * Returns the refused headers, or [] when the headers are not the cause (the POST may then have reached the flow).
 */
export async function findRefusedHeaders(fetchFn: FetchFn, url: string, extra: readonly string[], timeoutMs: number): Promise<string[]> {
    if (extra.length === 0) return [];
    const signed = isSignedUrl(url);
    const target = withoutSignature(url);
    const probe = async (names: readonly string[]): Promise<boolean> => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), timeoutMs);
        const headers: Record<string, string> = { "Content-Type": "application/json" };
        if (!signed) headers.Authorization = "Bearer flowinvoker-preflight-probe";
        names.forEach((name) => (headers[name] = "probe"));
        try {
            await fetchFn(target, { method: "POST", headers, body: "{}", redirect: "manual", signal: controller.signal });
            return true;
        } catch {
            return false;
        } finally {
            clearTimeout(timer);
        }
    };
    if (await probe(extra)) return [];
    if (!(await probe([]))) return [];
    const refused: string[] = [];
    for (const name of extra) if (!(await probe([name]))) refused.push(name);
    return refused.length > 0 ? refused : [...extra];
}
