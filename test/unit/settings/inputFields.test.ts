import { InputField, inputFields, typedValue } from "../../../FlowInvoker/settings/inputFields";

const SCHEMA = {
    type: "object",
    properties: {
        recordId: { type: "string", title: "Record" },
        amount: { type: "number", title: "Amount", description: "In the account currency", "x-ms-dynamically-added": true },
        licences: { type: "integer" },
        priority: { type: "string", title: "Priority", enum: ["low", "normal", "high"] },
        level: { type: "integer", enum: [1, 2, 3] },
        due: { type: "string", title: "Due date", format: "date" },
        urgent: { type: "boolean", title: "Urgent" },
        comment: { type: "string", title: "Comment", maxLength: 2000 },
        contact: { type: "string", format: "email" },
        lines: { type: "array", items: { type: "string" } },
    },
    required: ["recordId", "amount", "priority"],
};
const fields = inputFields(SCHEMA, (name) => name === "recordId");
const field = (name: string): InputField => fields.find((f) => f.name === name)!;

describe("inputFields", () => {
    it("asks for each property the template does not fill, with the schema's title, description and required mark", () => {
        expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
            ["amount", "number", true],
            ["licences", "integer", false],
            ["priority", "choice", true],
            ["level", "choice", false],
            ["due", "date", false],
            ["urgent", "boolean", false],
            ["comment", "multiline", false],
            ["contact", "text", false],
        ]);
        expect(field("amount")).toMatchObject({ label: "Amount", description: "In the account currency" });
        expect(field("licences").label).toBe("licences");
        expect(field("priority").options).toEqual(["low", "normal", "high"]);
    });

    it("asks nothing when the schema cannot be read", () => {
        expect(inputFields({ recordId: "x", amount: 1 }, () => false)).toEqual([]);
        expect(inputFields(undefined, () => false)).toEqual([]);
    });
});

describe("typedValue", () => {
    it.each([
        ["amount", "12,5", { value: 12.5 }],
        ["amount", "twelve", { problem: "Number" }],
        ["amount", " ", { problem: "Required" }],
        ["licences", "", {}],
        ["licences", "2.5", { problem: "Integer" }],
        ["licences", "3", { value: 3 }],
        ["priority", "high", { value: "high" }],
        ["level", "2", { value: 2 }],
        ["due", "2025-05-08", { value: "2025-05-08" }],
        ["due", "2025-02-30", { problem: "Format" }],
        ["contact", "nobody", { problem: "Format" }],
        ["comment", "line 1\nline 2", { value: "line 1\nline 2" }],
    ])("%s typed as %j gives %j", (name, entered, expected) => {
        expect(typedValue(field(name), entered)).toEqual(expected);
    });

    it("gives yes/no as a boolean, unticked as false", () => {
        expect(typedValue(field("urgent"), true)).toEqual({ value: true });
        expect(typedValue(field("urgent"), undefined)).toEqual({ value: false });
    });
});
