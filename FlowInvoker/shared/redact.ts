import { isSignedUrl } from "./signedUrl";

// Each pattern matches in time linear in its input: one character class per run, anchored at the run's start.
const URL_IN_TEXT = /https?:\/\/[^\s"'<>\\]+/gi;
/** A signature outside a URL the parser accepts: in an encoded URL (`%26sig%3D`), an escaped one (`\u0026sig=`), a bare query. */
const SIGNATURE = /((?:[?&;]|%26|%3f|\\u0026)sig(?:=|%3d))[^&\s"'<>\\]+/gi;
const BEARER = /\bBearer\s+[\w.~+/=-]+/gi;
/** A JWT, also one cut after its header by a length limit. */
const JWT = /(?<![\w-])eyJ[\w-]{10,}\.[\w-]+(?:\.[\w-]*)?/g;
const MAY_HOLD_SECRET = /eyJ|bearer|sig(?:=|%3d)|:\/\//i;
/** How far past `maxLength` a message is read: enough for a token that starts before the cut (a JWT is about 1 to 3 KB). */
const READ_PAST = 4096;

function withoutQuery(text: string): string {
    try {
        const url = new URL(text);
        return isSignedUrl(url) ? `${url.origin}${url.pathname}?[redacted]` : text;
    } catch {
        return text;
    }
}

/** A string with every signed URL's query, bearer token and JWT replaced; the rest as it was. */
export function redactSecrets(text: string): string {
    if (!MAY_HOLD_SECRET.test(text)) return text;
    return text.replace(URL_IN_TEXT, withoutQuery).replace(SIGNATURE, "$1[redacted]").replace(BEARER, "Bearer [redacted]").replace(JWT, "[redacted token]");
}

/** Text we may show in a message: cut first (so its length, not the service, bounds the time), then redacted. */
export function redact(text: string, maxLength = 500): string {
    const cleaned = redactSecrets(text.slice(0, maxLength + READ_PAST));
    return cleaned.length > maxLength ? `${cleaned.slice(0, maxLength)}…` : cleaned;
}

/** A parsed answer with every string (keys too) redacted in place, walked without recursion so any depth is fine. */
export function redactAnswer(value: unknown): unknown {
    if (typeof value === "string") return redactSecrets(value);
    const pending: unknown[] = [value];
    while (pending.length > 0) {
        const node = pending.pop();
        if (typeof node !== "object" || node === null) continue;
        const record = node as Record<string, unknown>;
        for (const key of Object.keys(record)) {
            const item = record[key];
            const safe = typeof item === "string" ? redactSecrets(item) : item;
            const safeKey = redactSecrets(key);
            if (safeKey !== key) delete record[key];
            if (safeKey !== key || safe !== item) record[safeKey] = safe;
            if (typeof item === "object" && item !== null) pending.push(item);
        }
    }
    return value;
}
