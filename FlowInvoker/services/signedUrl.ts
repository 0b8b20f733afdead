/** Shared-access ("Anyone") trigger URLs carry their secret in `sig`; browsers and services treat query names case-insensitively here. */
const SIGNATURE = "sig";

export function isSignedUrl(url: string | URL): boolean {
    const parsed = typeof url === "string" ? new URL(url) : url;
    return [...parsed.searchParams.keys()].some((name) => name.toLowerCase() === SIGNATURE);
}

/** The same URL without its signature: the gateway refuses it before any run, so it is safe to send as a probe. */
export function withoutSignature(url: string): string {
    const parsed = new URL(url);
    [...parsed.searchParams.keys()].filter((name) => name.toLowerCase() === SIGNATURE).forEach((name) => parsed.searchParams.delete(name));
    return parsed.href;
}
