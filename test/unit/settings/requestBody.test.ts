import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { PlaceholderValues, parseBodyTemplate } from "../../../FlowInvoker/settings/requestBody";
import { resultColumnWrite, parseResultPath, selectResult } from "../../../FlowInvoker/settings/resultPath";

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

describe("resultPath", () => {
    const run = { outcome: "completed", status: 200, runId: "R1", body: { approvalId: "A-7", items: [{ id: 3 }], nested: { a: 1 } } };

    it("selects a value from the answer as the text the column receives", () => {
        expect(selectResult(run, parseResultPath("body.approvalId")!)).toBe("A-7");
        expect(selectResult(run, parseResultPath("body.items[0].id")!)).toBe("3");
        expect(selectResult(run, parseResultPath("body.nested")!)).toBe('{"a":1}');
        expect(selectResult(run, parseResultPath("status")!)).toBe("200");
    });

    it("finds nothing where the answer has nothing", () => {
        expect(selectResult(run, parseResultPath("body.missing.deeper")!)).toBeUndefined();
        expect(selectResult({ ...run, body: "plain text" }, parseResultPath("body.x")!)).toBeUndefined();
    });

    it("is optional", () => {
        expect(parseResultPath("  ")).toBeUndefined();
    });
});

describe("resultColumnWrite", () => {
    const run = { status: 200, body: { id: "A-7", long: "x".repeat(150) } };

    it("writes the selected value, nothing without a path, and says when the answer has nothing there", () => {
        expect(resultColumnWrite(run, parseResultPath("body.id"), 100)).toEqual({ value: "A-7" });
        expect(resultColumnWrite(run, undefined, 100)).toEqual({});
        expect(resultColumnWrite(run, parseResultPath("body.none"), 100)).toEqual({ noteKey: "Ui_ResultNotFound" });
    });

    it("cuts a value to the column's maximum length and says so", () => {
        expect(resultColumnWrite(run, parseResultPath("body.long"), 100)).toEqual({ value: "x".repeat(100), noteKey: "Ui_ResultTruncated" });
    });

    it("writes a 100,000-level value as JSON cut to the column, never throwing after the run completed", () => {
        const body = JSON.parse(`${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`) as unknown;
        expect(resultColumnWrite({ body }, parseResultPath("body"), 20)).toEqual({ value: '{"a":{"a":{"a":{"a":', noteKey: "Ui_ResultTruncated" });
        expect(resultColumnWrite({ body }, parseResultPath("body.a.a"), undefined).value).toHaveLength(100_000 * 6 - 12 + 1);
    });

    it("writes the same JSON text as JSON.stringify", () => {
        const body = { s: 'q"\\u2028', n: [1, -2.5e-7, null, true, { e: {} }, []], 'k"ey': "é" };
        expect(resultColumnWrite({ body }, parseResultPath("body"), undefined).value).toBe(JSON.stringify(body));
    });

    it("never writes a token or a signed URL into the column", () => {
        const token = `eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJ4eHh4In0.${"s".repeat(40)}`;
        const body = { link: "https://prod-07.westus.logic.azure.com/workflows/x/triggers/manual/paths/invoke?api-version=1&sp=%2F&sv=1.0&sig=SECRET", token };
        for (const path of ["body", "body.link", "body.token"]) {
            const { value } = resultColumnWrite({ body }, parseResultPath(path), 4000);
            expect(value).not.toMatch(/SECRET|eyJvaWQ/);
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
