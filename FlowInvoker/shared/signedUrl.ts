/**
 * Shared-access ("Anyone") trigger URLs carry their secret in `sig`; query names are compared case-insensitively and
 * after percent-decoding, so `SIG=` or `%73ig=` count too. `sp` and `sv` (the signature's scope and version) are no
 * secret and appear on OAuth Logic Apps URLs as well (docs/platform-facts.md, "Trigger hosts and binding a URL to an environment").
 */
const SIGNATURE = "sig";

const signatureNames = (url: URL): string[] => [...url.searchParams.keys()].filter((name) => name.toLowerCase() === SIGNATURE);

export function isSignedUrl(url: string | URL): boolean {
    return signatureNames(typeof url === "string" ? new URL(url) : url).length > 0;
}

/** The same URL without its signature: the gateway refuses it before any run, so it is safe to send as a probe. */
export function withoutSignature(url: string): string {
    const parsed = new URL(url);
    signatureNames(parsed).forEach((name) => parsed.searchParams.delete(name));
    return parsed.href;
}
