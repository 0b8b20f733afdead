/** @jest-environment node */
import { isSignedUrl, withoutSignature } from "../../../FlowInvoker/shared/signedUrl";

const BASE =
    "https://0a1b2c3d4e5f6789abcdef01234567.89.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/x/triggers/manual/paths/invoke?api-version=1";

describe("signed (Anyone) trigger URLs", () => {
    it.each(["sig", "SIG", "Sig", "%73ig", "%53IG"])("recognises the signature named %s", (name) => {
        expect(isSignedUrl(`${BASE}&sp=%2Ftriggers&sv=1.0&${name}=secret`)).toBe(true);
        expect(withoutSignature(`${BASE}&${name}=secret`)).not.toContain("secret");
    });

    it("does not take sp and sv alone for a signature: they name its scope and version, and OAuth URLs carry them too", () => {
        expect(isSignedUrl(`${BASE}&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0`)).toBe(false);
        expect(isSignedUrl(`${BASE}&signature=x&xsig=y`)).toBe(false);
    });
});
