/** @jest-environment node */
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { RESULT_ROOTS, parseResultPath, resultColumnWrite, selectResult } from "../../../FlowInvoker/settings/resultPath";

const refusal = (text: string): FlowInvokerError => {
    try {
        parseResultPath(text);
    } catch (error) {
        return error as FlowInvokerError;
    }
    throw new Error(`${text} was accepted`);
};

describe("parseResultPath", () => {
    it("reads names and indexes, several indexes in a row, names with $ and -", () => {
        expect(parseResultPath(" body.items[0][2].id ")).toEqual(["body", "items", 0, 2, "id"]);
        expect(parseResultPath("body.x-ms-id.$value")).toEqual(["body", "x-ms-id", "$value"]);
    });

    it("starts from a part of the run the panel shows, each of them", () => {
        for (const root of RESULT_ROOTS) expect(parseResultPath(root)).toEqual([root]);
    });

    it.each(["headers.x", "Body.id", "body..id", "body.", "body.items[0", "body.items[-1]", "body.items[x]", "body[0]x", "1body"])(
        "refuses %s as InvalidResultPath naming the property",
        (text) => {
            expect(refusal(text)).toMatchObject({ code: "InvalidResultPath", details: { values: { property: "resultPath", value: text } } });
        },
    );

    it("never quotes a signature pasted into it", () => {
        const error = refusal("body?sig=SECRET");
        expect(JSON.stringify(error.details)).not.toContain("SECRET");
    });
});

describe("selectResult", () => {
    const run = { status: 200, durationMs: 1234, body: { done: false, none: null, zero: 0, text: "abc", list: [[1, 2]] } };

    it("writes false, null and 0 as the JSON they are: only a missing value is nothing", () => {
        expect(selectResult(run, ["body", "done"])).toBe("false");
        expect(selectResult(run, ["body", "none"])).toBe("null");
        expect(selectResult(run, ["body", "zero"])).toBe("0");
        expect(selectResult(run, ["durationMs"])).toBe("1234");
        expect(selectResult(run, ["body", "list", 0, 1])).toBe("2");
    });

    it("does not step into a text or a number: a path through one finds nothing", () => {
        expect(selectResult(run, ["body", "text", "length"])).toBeUndefined();
        expect(selectResult(run, ["body", "none", "x"])).toBeUndefined();
        expect(selectResult(run, ["body", "list", 5])).toBeUndefined();
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
