import { isGuid, normalizeGuid } from "../../../FlowInvoker/shared/guid";
import { IDS } from "../mockContext";

describe("normalizeGuid", () => {
    it("accepts a GUID as makers paste it: upper case, braces, spaces around", () => {
        expect(normalizeGuid(` {${IDS.userId.toUpperCase()}} `)).toBe(IDS.userId);
    });

    it("returns undefined for anything that is not one GUID", () => {
        expect(normalizeGuid("{ABC}")).toBeUndefined();
        expect(normalizeGuid(undefined)).toBeUndefined();
        expect(normalizeGuid(`${IDS.userId},${IDS.userId}`)).toBeUndefined();
    });
});

describe("isGuid", () => {
    it("is true for a bare GUID only", () => {
        expect(isGuid(IDS.userId)).toBe(true);
        expect(isGuid(`{${IDS.userId}}`)).toBe(false);
        expect(isGuid("Everyone")).toBe(false);
    });
});
