import * as React from "react";
import { Runner } from "../invoke/types";
import { InputField, inputFields } from "../settings/inputFields";

type Go = (answers?: Record<string, unknown>) => void;

/**
 * Before a run, asks for the schema's properties the template does not fill. No runner (the maker left it off), a schema
 * that cannot be read or nothing to ask: the run goes on at once. The schema was read at load, so the dialog opens at once.
 */
export interface InputDialogState {
    fields?: InputField[];
    ask: (go: Go) => void;
    submit: (answers: Record<string, unknown>) => void;
    cancel: () => void;
}

export function useInputDialog(runner: Runner | undefined, fills: (name: string) => boolean): InputDialogState {
    const [pending, setPending] = React.useState<{ fields: InputField[]; go: Go }>();
    const ask = React.useCallback(
        (go: Go) => {
            if (!runner?.triggerSchema) return go();
            void runner
                .triggerSchema()
                .catch(() => undefined)
                .then((schema) => {
                    const fields = inputFields(schema, fills);
                    return fields.length === 0 ? go() : setPending({ fields, go });
                });
        },
        [runner, fills],
    );
    const submit = React.useCallback(
        (answers: Record<string, unknown>) => {
            setPending(undefined);
            // Called from the dialog's own click, so a sign-in popup the run needs still opens.
            pending?.go(answers);
        },
        [pending],
    );
    const cancel = React.useCallback(() => setPending(undefined), []);
    return { fields: pending?.fields, ask, submit, cancel };
}
