import * as fs from "fs";
import { ERROR_CODES, causeKey, fixKey } from "../../../FlowInvoker/errors/catalogue";
import { describeError, fillTemplate, makeTranslate } from "../../../FlowInvoker/errors/describe";
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { MANIFEST_PATH, loadResx } from "../resx";

const strings = loadResx();

describe("error catalogue", () => {
    it.each(ERROR_CODES)("%s has a cause and a fix in the English resx", (code) => {
        expect(strings[causeKey(code)]?.length).toBeGreaterThan(20);
        expect(strings[fixKey(code)]?.length).toBeGreaterThan(20);
    });

    it("every error code appears in the README's troubleshooting table", () => {
        const readme = fs.readFileSync(`${__dirname}/../../../README.md`, "utf8");
        const missing = ERROR_CODES.filter((code) => !readme.includes(`\`${code}\``));
        expect(missing).toEqual([]);
    });

    it("every error code is produced by some unit test of the module that raises it", () => {
        const root = `${__dirname}/..`;
        const files = (dir: string): string[] =>
            fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`]));
        const tests = files(root)
            .filter((file) => /\.test\.tsx?$/.test(file) && !file.endsWith("catalogue.test.ts"))
            .map((file) => fs.readFileSync(file, "utf8"))
            .join("\n");
        expect(ERROR_CODES.filter((code) => !tests.includes(`"${code}"`))).toEqual([]);
    });

    it("every manifest string key exists in the resx", () => {
        const manifest = fs.readFileSync(MANIFEST_PATH, "utf8");
        const keys = [...manifest.matchAll(/(?:display-name-key|description-key)="([^"]+)"/g)].map((match) => match[1]);
        expect(keys.length).toBeGreaterThan(10);
        expect(keys.filter((key) => !strings[key])).toEqual([]);
    });

    it("fills placeholders, so a message names the property and value", () => {
        const t = makeTranslate((key) => strings[key] ?? "");
        const text = describeError(new FlowInvokerError("InvalidWorkflowId", { values: { property: "workflowId", value: "abc" } }), t);
        expect(text.code).toBe("InvalidWorkflowId");
        expect(text.cause).toContain("'abc'");
        expect(text.cause).toContain("workflowId");
        expect(text.fix).toContain("workflowid");
    });

    it("shows the service's code beside ours", () => {
        const t = makeTranslate((key) => strings[key] ?? "");
        const text = describeError(new FlowInvokerError("ConsentRequired", { serviceCode: "AADSTS65001" }), t);
        expect(text.serviceCode).toBe("AADSTS65001");
        expect(text.cause).toContain("AADSTS65001");
        expect(text.fix).toContain("Grant admin consent");
    });

    it("uses the precise fix for the claim that is off, and the general fix otherwise", () => {
        const t = makeTranslate((key) => strings[key] ?? "");
        const values = { claim: "aud", expected: "https://service.flow.microsoft.com/", actual: "https://service.flow.microsoft.com" };
        const aud = describeError(new FlowInvokerError("MisMatchingOAuthClaims", { serviceCode: "MisMatchingOAuthClaims", values, variant: "aud" }), t);
        expect(aud.fix).toContain("'https://service.flow.microsoft.com//.default'");
        expect(aud.fix).toContain("'https://service.flow.microsoft.com'");
        const oid = describeError(new FlowInvokerError("MisMatchingOAuthClaims", { variant: "oid", values: { claim: "oid" } }), t);
        expect(oid.fix).toContain("Specific users in my tenant");
        const unknown = describeError(new FlowInvokerError("MisMatchingOAuthClaims", { variant: "nope" }), t);
        expect(unknown.fix).toBe(strings.Error_MisMatchingOAuthClaims_Fix);
    });

    it("leaves unknown placeholders visible and falls back to the key when a string is missing", () => {
        expect(fillTemplate("a {x} b {y}", { x: "1" })).toBe("a 1 b {y}");
        expect(makeTranslate(() => "")("Missing_Key")).toBe("Missing_Key");
    });
});

describe("translations", () => {
    const placeholders = (text: string): string[] => [...text.matchAll(/\{\{?\w+\}?\}/g)].map((match) => match[0]).sort();

    it.each([1031, 1029])("resx %s has every English key, translated, with the same placeholders", (languageId) => {
        const translated = loadResx(languageId);
        expect(Object.keys(translated)).toEqual(Object.keys(strings));
        for (const [key, english] of Object.entries(strings)) {
            expect(translated[key].trim()).not.toBe("");
            expect({ key, placeholders: placeholders(translated[key]) }).toEqual({ key, placeholders: placeholders(english) });
        }
        expect(translated.Ui_RunButton).not.toBe(strings.Ui_RunButton);
    });

    it("the manifest ships every language", () => {
        const manifest = fs.readFileSync(MANIFEST_PATH, "utf8");
        for (const languageId of [1033, 1031, 1029]) expect(manifest).toContain(`strings/FlowInvoker.${languageId}.resx`);
    });
});
