import { findClaimMismatch, readClaims } from "../../../FlowInvoker/invoke/claims";
import { fakeJwt } from "../fakes";

describe("token claims", () => {
    const audience = "https://service.flow.microsoft.com/";

    it("reads aud, tid, oid and iss without verifying", () => {
        expect(readClaims(fakeJwt({ aud: audience, tid: "t", oid: "o", iss: "i", name: "Zoë" }))).toEqual({ aud: audience, tid: "t", oid: "o", iss: "i" });
    });

    it("returns no claims for something that is not a JWT", () => {
        expect(readClaims("opaque")).toEqual({});
    });

    it("names aud when the single-slash scope gave an audience without its trailing slash", () => {
        const mismatch = findClaimMismatch(readClaims(fakeJwt({ aud: "https://service.flow.microsoft.com", tid: "t" })), { audience, tenantId: "t" });
        expect(mismatch).toEqual({ claim: "aud", expected: audience, actual: "https://service.flow.microsoft.com" });
    });

    it("names tid when the token is from another tenant, and nothing when all match", () => {
        expect(findClaimMismatch({ aud: audience, tid: "other" }, { audience, tenantId: "T" })?.claim).toBe("tid");
        expect(findClaimMismatch({ aud: audience, tid: "t" }, { audience, tenantId: "T" })).toBeUndefined();
    });
});
