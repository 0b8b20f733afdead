/** @jest-environment node */
import { makeTranslate } from "../../../../FlowInvoker/errors/describe";
import { FlowInvokerError } from "../../../../FlowInvoker/errors/FlowInvokerError";
import { SetupStep } from "../../../../FlowInvoker/invoke/setup/steps";
import { reportText, viewSteps } from "../../../../FlowInvoker/invoke/setup/report";
import { FACT_LABELS } from "../../../../FlowInvoker/invoke/setup/steps";
import { loadResx } from "../../resx";

const LANGUAGES = [1033, 1031, 1029];
const inLanguage = (languageId: number) => {
    const strings = loadResx(languageId);
    return makeTranslate((key) => strings[key] ?? "");
};
const SIGNED = "https://x.environment.api.powerplatform.com/workflows/a/triggers/manual/paths/invoke?api-version=1&sig=SECRETSIG";
const steps: SetupStep[] = [
    {
        id: "properties",
        status: "ok",
        facts: [
            ["workflowId", "0f0e"],
            ["token", "silent (MSAL cache)"],
        ],
        ms: 12,
    },
    {
        id: "flowApi",
        status: "ok",
        facts: [["source", SIGNED]],
        store: { variable: "fi_Url", run: async () => ({ status: "ok", facts: [] }) },
        stored: {
            status: "failed",
            facts: [],
            error: new FlowInvokerError("EnvironmentVariableWriteDenied", {
                serviceCode: "0x80040220",
                values: { name: "fi_Url", privilege: "prvCreateEnvironmentVariableValue" },
            }),
        },
    },
];

describe("fact labels", () => {
    it.each(LANGUAGES)("every label the check can emit has a string in resx %s", (languageId) => {
        const strings = loadResx(languageId);
        expect(FACT_LABELS.filter((label) => !strings[`Setup_Fact_${label}`]?.trim())).toEqual([]);
    });

    it("the checklist shows them in the user's language; property names, ids and codes stay as they are", () => {
        const [properties] = viewSteps(steps, inLanguage(1031));
        expect(properties.facts).toEqual([
            ["workflowId", "0f0e"],
            ["Token", "silent (MSAL cache)"],
        ]);
        expect(viewSteps(steps, inLanguage(1029))[0].facts[1][0]).toBe("Token");
        expect(viewSteps(steps, inLanguage(1033))[0].facts[1][0]).toBe("token");
    });
});

describe("reportText", () => {
    it("has the steps with their marks, the store's outcome with the catalogue's cause and fix, and never a sig=", () => {
        const t = inLanguage(1033);
        const text = reportText(viewSteps(steps, t), t, new Date(0));
        expect(text).toContain("1970-01-01T00:00:00.000Z");
        expect(text).toContain("✓ 1. ");
        expect(text).toContain("(12 ms)");
        expect(text).toContain("✗ Store this URL in fi_Url: ");
        expect(text).toContain("EnvironmentVariableWriteDenied (0x80040220)");
        expect(text).toContain("prvCreateEnvironmentVariableValue");
        expect(text).not.toContain("SECRETSIG");
    });

    it("leaves out a store offer nobody clicked", () => {
        const t = inLanguage(1033);
        const offered = [{ ...steps[1], stored: undefined }];
        expect(reportText(viewSteps(offered, t), t, new Date(0))).not.toContain("Store this URL");
    });
});
