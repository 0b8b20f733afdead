import * as React from "react";
import {
    Button,
    Checkbox,
    Dialog,
    DialogActions,
    DialogBody,
    DialogContent,
    DialogSurface,
    DialogTitle,
    Field,
    Input,
    Select,
    Textarea,
    makeStyles,
} from "@fluentui/react-components";
import { Translate } from "../errors/describe";
import { FieldProblem, InputField, typedValue } from "../settings/inputFields";

export interface InputDialogProps {
    t: Translate;
    /** Absent: the dialog is closed. */
    fields?: InputField[];
    /** The typed values, by schema property; only called when every field is valid. */
    onSubmit: (values: Record<string, unknown>) => void;
    onCancel: () => void;
}

const useStyles = makeStyles({ form: { display: "flex", flexDirection: "column", rowGap: "12px" } });

type Entered = Record<string, string | boolean | undefined>;

function FieldInput(props: { field: InputField; value: string | boolean | undefined; onChange: (value: string | boolean) => void; t: Translate }): JSX.Element {
    const { field, value, onChange, t } = props;
    const text = typeof value === "string" ? value : "";
    const name = `fi-input-${field.name}`;
    switch (field.kind) {
        case "boolean":
            return <Checkbox name={name} checked={value === true} onChange={(_, data) => onChange(data.checked === true)} label={field.label} />;
        case "multiline":
            return <Textarea name={name} value={text} onChange={(_, data) => onChange(data.value)} resize="vertical" />;
        case "choice":
            return (
                <Select name={name} value={text} onChange={(_, data) => onChange(data.value)}>
                    <option value="">{t("Ui_InputChoose")}</option>
                    {(field.options ?? []).map((option) => (
                        <option key={String(option)} value={String(option)}>
                            {String(option)}
                        </option>
                    ))}
                </Select>
            );
        default: {
            const type = field.kind === "date" ? "date" : "text";
            const inputMode = field.kind === "number" ? "decimal" : field.kind === "integer" ? "numeric" : undefined;
            return <Input name={name} type={type} inputMode={inputMode} value={text} onChange={(_, data) => onChange(data.value)} />;
        }
    }
}

/** Asks for what the form does not provide: one field per schema property, checked as the trigger will check it. */
export function InputDialog(props: InputDialogProps): JSX.Element {
    const { t, fields } = props;
    const styles = useStyles();
    const [entered, setEntered] = React.useState<Entered>({});
    const [problems, setProblems] = React.useState<Record<string, FieldProblem>>({});
    React.useEffect(() => {
        setEntered({});
        setProblems({});
    }, [fields]);

    const submit = (event: React.FormEvent): void => {
        event.preventDefault();
        const values: Record<string, unknown> = {};
        const found: Record<string, FieldProblem> = {};
        for (const field of fields ?? []) {
            const typed = typedValue(field, entered[field.name]);
            if (typed.problem) found[field.name] = typed.problem;
            else if (typed.value !== undefined) values[field.name] = typed.value;
        }
        setProblems(found);
        if (Object.keys(found).length === 0) props.onSubmit(values);
        // The first field to fix gets the focus, so a keyboard user lands on it.
        else document.querySelector<HTMLElement>(`[name="fi-input-${Object.keys(found)[0]}"]`)?.focus();
    };

    return (
        <Dialog open={fields !== undefined} onOpenChange={(_, data) => !data.open && props.onCancel()}>
            <DialogSurface data-testid="flowinvoker-inputs">
                <form onSubmit={submit} noValidate>
                    <DialogBody>
                        <DialogTitle>{t("Ui_InputTitle")}</DialogTitle>
                        <DialogContent className={styles.form}>
                            {(fields ?? []).map((field) => (
                                <Field
                                    key={field.name}
                                    label={field.kind === "boolean" ? undefined : field.label}
                                    required={field.required}
                                    hint={field.description}
                                    validationState={problems[field.name] ? "error" : "none"}
                                    validationMessage={
                                        problems[field.name] ? t(`Ui_Input${problems[field.name]}`, { format: field.schema.format ?? "" }) : undefined
                                    }
                                >
                                    <FieldInput
                                        field={field}
                                        t={t}
                                        value={entered[field.name]}
                                        onChange={(value) => setEntered((before) => ({ ...before, [field.name]: value }))}
                                    />
                                </Field>
                            ))}
                        </DialogContent>
                        <DialogActions>
                            <Button appearance="primary" type="submit" data-testid="flowinvoker-inputs-send">
                                {t("Ui_InputSend")}
                            </Button>
                            <Button appearance="secondary" onClick={props.onCancel}>
                                {t("Ui_Cancel")}
                            </Button>
                        </DialogActions>
                    </DialogBody>
                </form>
            </DialogSurface>
        </Dialog>
    );
}
