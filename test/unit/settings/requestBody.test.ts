import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { PlaceholderValues, parseBodyTemplate } from "../../../FlowInvoker/settings/requestBody";

const values: PlaceholderValues = {
    recordId: { value: "rec-1", text: "rec-1" },
    entityName: { value: "account", text: "account" },
    userId: { value: "user-1", text: "user-1" },
    input1: { value: 1250.5, text: "€1,250.50" },
    input2: { value: 100000001, text: "Approved" },
    input3: { value: 'He said "hi" \\ {{recordId}}', text: 'He said "hi" \\ {{recordId}}' },
    input4: { value: { id: "l-1", name: "Contoso", entityType: "account" }, text: "Contoso" },
    input5: { value: null, text: "" },
};

describe("requestBody template", () => {
    it("defaults to recordId, entityName and userId as JSON values", () => {
        const template = parseBodyTemplate(null);
        expect(template.usesRecordId).toBe(true);
        expect(template.build(values)).toEqual({ recordId: "rec-1", entityName: "account", userId: "user-1" });
    });

    it("inserts typed values for unquoted placeholders and the shown text for quoted ones", () => {
        const template = parseBodyTemplate(
            '{"amount": {{input1}}, "amountText": "{{input1}}", "status": {{input2}}, "label": "{{input2}}", "owner": {{input4}}, "empty": {{input5}}}',
        );
        expect(template.build(values)).toEqual({
            amount: 1250.5,
            amountText: "€1,250.50",
            status: 100000001,
            label: "Approved",
            owner: values.input4.value,
            empty: null,
        });
        expect(template.usesRecordId).toBe(false);
    });

    it("inserts text JSON-safely: quotes, backslashes and braces in a value cannot break or inject", () => {
        const body = parseBodyTemplate('{"note": "Note: {{input3}}", "raw": {{input3}}, "list": [{{input2}}, "x{{recordId}}y"]}').build(values) as Record<
            string,
            unknown
        >;
        expect(body.note).toBe('Note: He said "hi" \\ {{recordId}}');
        expect(body.raw).toBe(values.input3.value);
        expect(body.list).toEqual([100000001, "xrec-1y"]);
        expect(JSON.parse(JSON.stringify(body))).toEqual(body);
    });

    it.each(["{not json", '{"a": {{input9}}}', '{"a": "{{password}}"}', "[1,2,", '{"a": {{input1}'])("refuses %s as InvalidRequestBody", (text) => {
        expect(() => parseBodyTemplate(text)).toThrow(FlowInvokerError);
        try {
            parseBodyTemplate(text);
        } catch (error) {
            expect((error as FlowInvokerError).code).toBe("InvalidRequestBody");
            expect((error as FlowInvokerError).details.values?.property).toBe("requestBody");
        }
    });
});

describe("parseBodyTemplate: what fed a value", () => {
    const template = parseBodyTemplate('{"order": {"amount": {{input1}}, "note": "Status: {{input2}}", "lines": [{{input4}}]}, "kind": "refund"}');
    const labelled: PlaceholderValues = { ...values, input1: { ...values.input1, column: "Credit limit" } };

    it("names the placeholder and its column at a path, everything below a placeholder included", () => {
        expect(template.sourcesOf(["order", "amount"])).toEqual(["input1"]);
        expect(template.sourcesOf(["order", "note"])).toEqual(["input2"]);
        expect(template.sourcesOf(["order", "lines", "0", "id"])).toEqual(["input4"]);
        expect(template.sourceText(["order", "amount"], labelled)).toBe("{{input1}} (Credit limit)");
        expect(template.sourceText(["order", "note"], labelled)).toBe("{{input2}}");
    });

    it("names requestBody itself for text the template writes, or a property it does not fill", () => {
        expect(template.sourceText(["kind"], labelled)).toBe("requestBody");
        expect(template.sourceText(["comment"], labelled)).toBe("requestBody");
    });
});
