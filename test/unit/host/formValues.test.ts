import { readPlaceholderValues } from "../../../FlowInvoker/host/formValues";
import { ColumnValue, buildContext } from "../mockContext";

describe("readPlaceholderValues", () => {
    it("reads each column type as the flow should get it, unsaved edits included", () => {
        const context = buildContext({
            inputs: {
                input1: { raw: 42.5, type: "Currency", formatted: "$42.50" },
                input2: { raw: new Date(Date.UTC(2026, 10, 21, 9, 30)), type: "DateAndTime.DateAndTime", formatted: "11/21/2026 9:30 AM" },
                input3: { raw: [{ id: "{ABC}", name: "Contoso", entityType: "account" }], type: "Lookup.Simple" },
                input4: { raw: true, type: "TwoOptions", formatted: "Yes" },
                input5: { raw: [1, 2], type: "MultiSelectOptionSet", formatted: "Red; Blue" },
            },
        });
        const values = readPlaceholderValues(context.parameters, { recordId: "r", entityName: "account", userId: "u" });
        expect(values.input1).toEqual({ value: 42.5, text: "$42.50" });
        expect(values.input2).toEqual({ value: "2026-11-21T09:30:00.000Z", text: "11/21/2026 9:30 AM" });
        expect(values.input3).toEqual({ value: { id: "abc", name: "Contoso", entityType: "account" }, text: "Contoso" });
        expect(values.input4).toEqual({ value: true, text: "Yes" });
        expect(values.input5).toEqual({ value: [1, 2], text: "Red; Blue" });
        expect(values.recordId).toEqual({ value: "r", text: "r" });
    });

    it("gives null and empty text for unbound inputs and a new record", () => {
        const values = readPlaceholderValues(buildContext().parameters, {});
        expect(values.input1).toEqual({ value: null, text: "" });
        expect(values.recordId).toEqual({ value: null, text: "" });
    });

    it("sends a date-only column as its calendar date", () => {
        const context = buildContext({ inputs: { input1: { raw: new Date(2026, 0, 5), type: "DateAndTime.DateOnly" } } });
        expect(readPlaceholderValues(context.parameters, {}).input1.value).toBe("2026-01-05");
    });

    it("carries the bound column's label, so a refused body names the column to fix", () => {
        const labelled = { raw: null, type: "Currency", attributes: { DisplayName: "Credit limit" } } as ColumnValue;
        const values = readPlaceholderValues(buildContext({ inputs: { input1: labelled } }).parameters, { recordId: "r", entityName: "account", userId: "u" });
        expect(values.input1.column).toBe("Credit limit");
        expect(values.input2.column).toBeUndefined();
    });
});
