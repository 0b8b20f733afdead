/** @jest-environment node */
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { RESULT_ROOTS, parseResultPath, selectResult } from "../../../FlowInvoker/settings/resultPath";

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
