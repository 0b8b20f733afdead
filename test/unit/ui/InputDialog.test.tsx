import * as React from "react";
import { fireEvent, render, screen } from "@testing-library/react";
import { makeTranslate } from "../../../FlowInvoker/errors/describe";
import { inputFields } from "../../../FlowInvoker/settings/inputFields";
import { InputDialog } from "../../../FlowInvoker/ui/InputDialog";
import { loadResx } from "../resx";

const SCHEMA = {
    type: "object",
    properties: {
        amount: { type: "number", title: "Amount", description: "In the account currency" },
        priority: { type: "string", title: "Priority", enum: ["low", "high"] },
        urgent: { type: "boolean", title: "Urgent" },
    },
    required: ["amount"],
};
const fields = inputFields(SCHEMA, () => false);

function open(languageId?: number) {
    const strings = loadResx(languageId);
    const onSubmit = jest.fn();
    render(<InputDialog t={makeTranslate((key) => strings[key] ?? "")} fields={fields} onSubmit={onSubmit} onCancel={jest.fn()} />);
    return { onSubmit, strings };
}

describe("InputDialog", () => {
    it("shows each field with the schema's title and description, and sends nothing until the required ones are filled", () => {
        const { onSubmit } = open();
        expect(screen.getByText("In the account currency")).toBeTruthy();
        fireEvent.click(screen.getByTestId("flowinvoker-inputs-send"));
        expect(screen.getByText("Fill this in.")).toBeTruthy();
        expect(onSubmit).not.toHaveBeenCalled();
    });

    it("sends the answers typed: a number, a choice, yes/no", () => {
        const { onSubmit } = open();
        fireEvent.change(screen.getByLabelText(/Amount/), { target: { value: "12.5" } });
        fireEvent.change(screen.getByLabelText(/Priority/), { target: { value: "high" } });
        fireEvent.click(screen.getByLabelText("Urgent"));
        fireEvent.click(screen.getByTestId("flowinvoker-inputs-send"));
        expect(onSubmit).toHaveBeenCalledWith({ amount: 12.5, priority: "high", urgent: true });
    });

    it.each([1031, 1029])("speaks language %s in its own texts", (languageId) => {
        const { strings } = open(languageId);
        expect(screen.getByText(strings.Ui_InputTitle)).toBeTruthy();
        expect(screen.getByTestId("flowinvoker-inputs-send").textContent).toBe(strings.Ui_InputSend);
    });
});
