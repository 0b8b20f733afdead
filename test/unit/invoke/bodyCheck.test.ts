import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { BodySource, checkRequestBody } from "../../../FlowInvoker/invoke/bodyCheck";

const SCHEMA = {
    type: "object",
    properties: { amount: { type: "number", title: "Amount" }, priority: { type: "string", enum: ["low", "high"] }, comment: { type: "string" } },
    required: ["amount", "comment"],
};
const source: BodySource = (path) => (path[0] === "amount" ? "{{input1}} (Credit limit)" : "requestBody");

async function refusal(schema: unknown, body: unknown): Promise<FlowInvokerError | undefined> {
    try {
        await checkRequestBody(Promise.resolve(schema), body, source);
    } catch (error) {
        return error as FlowInvokerError;
    }
    return undefined;
}

describe("checkRequestBody", () => {
    it("refuses a body without a required property: BodyDoesNotMatchSchema naming it, nothing sent", async () => {
        const error = await refusal(SCHEMA, { amount: 5 });
        expect(error?.code).toBe("BodyDoesNotMatchSchema");
        expect(error?.details).toMatchObject({ variant: "Missing", noRun: true, values: { property: "comment", expected: "string", source: "requestBody" } });
    });

    it("names the placeholder and column that fed a wrong type, and says so when that column is empty", async () => {
        const wrong = await refusal(SCHEMA, { amount: "12,50", comment: "x" });
        expect(wrong?.details).toMatchObject({
            variant: "Type",
            values: { property: "amount", expected: "number", actual: '"12,50"', source: "{{input1}} (Credit limit)" },
        });
        const empty = await refusal(SCHEMA, { amount: null, comment: "x" });
        expect(empty?.details.variant).toBe("Empty");
        const choice = await refusal(SCHEMA, { amount: 1, comment: "x", priority: "urgent" });
        expect(choice?.details).toMatchObject({ variant: "Enum", values: { property: "priority", expected: '"low", "high"' } });
    });

    it("never blocks on a schema it cannot read: a sample payload, nothing, or a definition that failed to load", async () => {
        expect(await refusal({ amount: 12.5, comment: "sample" }, {})).toBeUndefined();
        expect(await refusal(undefined, {})).toBeUndefined();
        expect(await refusal({}, "anything")).toBeUndefined();
    });

    it("quotes no secret and no huge value from the body", async () => {
        const jwt = `eyJ${"a".repeat(20)}.eyJ${"b".repeat(20)}.${"c".repeat(20)}`;
        const secret = await refusal(SCHEMA, { amount: `Bearer ${jwt}`, comment: "x" });
        expect(secret?.details.values?.actual).not.toContain(jwt);
        const big = await refusal(SCHEMA, { amount: { deep: "x".repeat(1_000_000) }, comment: "x" });
        expect(big?.details.values?.actual).toBe("object");
    });
});
