/** Reads (never shows) the claims the trigger checks, to say which one is off after MisMatchingOAuthClaims or in the setup check. */
export interface TokenClaims {
    aud?: string;
    tid?: string;
    oid?: string;
    iss?: string;
    /** Delegated permissions, space-separated (the setup check looks for Power Automate's). */
    scp?: string;
}

function base64UrlDecode(part: string): string {
    const base64 = part
        .replace(/-/g, "+")
        .replace(/_/g, "/")
        .padEnd(Math.ceil(part.length / 4) * 4, "=");
    const binary = atob(base64);
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return new TextDecoder().decode(bytes);
}

export function readClaims(token: string): TokenClaims {
    try {
        const payload = JSON.parse(base64UrlDecode(token.split(".")[1] ?? "")) as Record<string, unknown>;
        const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
        return { aud: text(payload.aud), tid: text(payload.tid), oid: text(payload.oid), iss: text(payload.iss), scp: text(payload.scp) };
    } catch {
        return {};
    }
}

export interface ExpectedClaims {
    audience: string;
    tenantId?: string;
}

/** The first claim that does not match what the trigger expects, as `claim`, `expected`, `actual`; undefined if all match. */
export function findClaimMismatch(claims: TokenClaims, expected: ExpectedClaims): { claim: string; expected: string; actual: string } | undefined {
    if (claims.aud !== expected.audience) return { claim: "aud", expected: expected.audience, actual: claims.aud ?? "(none)" };
    if (expected.tenantId && claims.tid?.toLowerCase() !== expected.tenantId.toLowerCase()) {
        return { claim: "tid", expected: expected.tenantId, actual: claims.tid ?? "(none)" };
    }
    return undefined;
}
