import { checkBody, readSchema } from "../../../FlowInvoker/settings/schemaCheck";

// Shaped as real exports write the trigger's schema: titles, descriptions, x-ms-dynamically-added, enum and format.
const EXPORTED = {
    type: "object",
    properties: {
        recordId: { type: "string", title: "Record", "x-ms-dynamically-added": false },
        amount: { type: "number", title: "Amount", description: "In the order's currency" },
        quantity: { type: "integer" },
        priority: { type: "string", enum: ["low", "normal", "high"] },
        due: { type: "string", format: "date" },
        notify: { type: "string", format: "email" },
        approved: { type: "boolean", "x-ms-dynamically-added": true },
        lines: { type: "array", items: { type: "object", properties: { sku: { type: "string" } }, required: ["sku"] } },
        customer: { type: "object", properties: { id: { type: "string", format: "uri" } } },
    },
    required: ["recordId", "amount"],
};
const schema = readSchema(EXPORTED)!;
const fits = {
    recordId: "a1",
    amount: 12.5,
    quantity: 3,
    priority: "high",
    due: "2025-05-08",
    notify: "a@b.com",
    approved: true,
    lines: [{ sku: "X-1" }],
    customer: { id: "https://contoso.com/c/1" },
};

describe("readSchema", () => {
    it("reads a schema and ignores what only looks like one: a sample payload, an empty schema, nothing", () => {
        expect(schema).toBe(EXPORTED);
        expect(readSchema({ recordId: "3f2a", amount: 12.5, type: "order" })).toBeUndefined();
        expect(readSchema({ recordId: "3f2a", amount: 12.5 })).toBeUndefined();
        expect(readSchema({ properties: { amount: 12.5 } })).toBeUndefined();
        expect(readSchema({})).toBeUndefined();
        expect(readSchema({ type: "object", properties: {} })).toEqual({ type: "object", properties: {} });
        expect(readSchema("{}")).toBeUndefined();
        expect(readSchema(undefined)).toBeUndefined();
        expect(readSchema({ properties: { amount: { type: "number" } } })).toBeDefined();
    });
});

describe("checkBody", () => {
    it("accepts a body that fits every rule", () => {
        expect(checkBody(schema, fits)).toBeUndefined();
    });

    it.each([
        [{ amount: undefined }, ["amount"], "Missing", "number"],
        [{ amount: "12.5" }, ["amount"], "Type", "number"],
        [{ quantity: 2.5 }, ["quantity"], "Type", "integer"],
        [{ approved: "true" }, ["approved"], "Type", "boolean"],
        [{ priority: "urgent" }, ["priority"], "Enum", '"low", "normal", "high"'],
        [{ due: "08.05.2025" }, ["due"], "Format", "date"],
        [{ due: "2025-02-30" }, ["due"], "Format", "date"],
        [{ notify: "nobody" }, ["notify"], "Format", "email"],
        [{ lines: [{ sku: "X-1" }, {}] }, ["lines", "1", "sku"], "Missing", "string"],
        [{ customer: { id: "not a uri" } }, ["customer", "id"], "Format", "uri"],
        [{ recordId: null }, ["recordId"], "Type", "string"],
    ])("names the property of %j", (change, path, problem, expected) => {
        expect(checkBody(schema, { ...fits, ...change })).toEqual({ path, problem, expected });
    });

    it("refuses a body that is not an object at all, and accepts nullable types written as a list", () => {
        expect(checkBody(schema, "text")).toEqual({ path: [], problem: "Type", expected: "object" });
        const nullable = readSchema({ type: "object", properties: { note: { type: ["string", "null"] } } })!;
        expect(checkBody(nullable, { note: null })).toBeUndefined();
    });

    it("ignores formats it does not know and schemas nested deeper than any maker writes, without overflowing the stack", () => {
        expect(checkBody(readSchema({ type: "string", format: "hostname" })!, "not a host!")).toBeUndefined();
        let deep: Record<string, unknown> = { type: "string" };
        let body: unknown = 5;
        for (let i = 0; i < 100_000; i += 1) {
            deep = { type: "object", properties: { a: deep } };
            body = { a: body };
        }
        expect(() => checkBody(readSchema(deep)!, body)).not.toThrow();
        expect(checkBody(readSchema(deep)!, body)).toBeUndefined();
        const shallow = readSchema({ type: "object", properties: { a: { type: "object", properties: { b: { type: "string" } } } } })!;
        expect(checkBody(shallow, { a: { b: 5 } })).toEqual({ path: ["a", "b"], problem: "Type", expected: "string" });
    });
});
