import * as React from "react";
import type { Theme } from "@fluentui/react-components";
import { IInputs, IOutputs } from "./generated/ManifestTypes";
import { describeError, makeTranslate, Translate } from "./errors/describe";
import { FlowInvokerError, isFlowInvokerError } from "./errors/FlowInvokerError";
import { readPlaceholderValues } from "./host/formValues";
import { CurrentRunner, RunnerPage, invalidSettingsCheck } from "./invoke/buildRunner";
import { RunOutcome } from "./invoke/types";
import { appTheme, FormFacts, isDesignMode, emitControlEvent, readFormFacts } from "./host/formFacts";
import { ViewSettings } from "./settings/readers";
import { readRawProperties } from "./settings/schema";
import { PlaceholderValues } from "./settings/requestBody";
import { ResultColumnWrite, resultColumnWrite, ResultPath } from "./settings/resultPath";
import { parseSettings } from "./settings/settings";
import { FlowInvokerApp, FlowInvokerAppProps } from "./ui/FlowInvokerApp";

/** The PCF lifecycle only: context in, settings and props out, the result column out through getOutputs. */
export class FlowInvoker implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    private context!: ComponentFramework.Context<IInputs>;
    private notifyOutputChanged: () => void = () => undefined;
    private readonly currentRunner = new CurrentRunner();
    private facts: FormFacts = {};
    private output?: string;
    private eventPending = false;
    private destroyed = false;

    public init(context: ComponentFramework.Context<IInputs>, notifyOutputChanged: () => void): void {
        this.context = context;
        this.notifyOutputChanged = notifyOutputChanged;
        this.facts = readFormFacts(context, window);
    }

    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        this.context = context;
        // The record id appears once a new record is saved.
        this.facts = readFormFacts(context, window);
        const t: Translate = makeTranslate((key) => context.resources?.getString(key) ?? "");
        const designMode = isDesignMode(context, window);
        const props: FlowInvokerAppProps = {
            t,
            theme: appTheme<Theme>(context),
            dir: context.userSettings?.isRTL ? "rtl" : "ltr",
            disabled: context.mode.isControlDisabled,
            saveFirst: false,
            designMode,
            requestBody: () => ({}),
            onRunCompleted: (outcome) => this.writeResultAndRaiseEvent(outcome, undefined, t),
        };
        const raw = readRawProperties(context.parameters);
        try {
            const settings = parseSettings(raw, window.location.origin);
            Object.assign(props, this.viewProps(settings, t));
            if (!designMode) {
                const built = this.currentRunner.for(settings, this.facts, this.page());
                props.runner = built.runner;
                props.setupCheck = built.setupCheck;
            }
        } catch (error) {
            if (!isFlowInvokerError(error)) throw error;
            props.configurationError = describeError(error, t);
            // Queue mode has no sign-in, flow API or trigger to check: its errors say all there is.
            if (!designMode && raw.mode !== "Queue") props.setupCheck = invalidSettingsCheck(error, window);
        }
        // No runner any more (the settings became invalid): the old one must not go on listening.
        if (!props.runner) this.currentRunner.dispose();
        return React.createElement(FlowInvokerApp, props);
    }

    /** Called by the platform after notifyOutputChanged; OnRunCompleted follows once the column holds the value. */
    public getOutputs(): IOutputs {
        if (this.eventPending) {
            this.eventPending = false;
            setTimeout(() => this.destroyed || emitControlEvent(this.context, "OnRunCompleted"), 0);
        }
        return this.output === undefined ? {} : { result: this.output };
    }

    /** The form closed: page-wide sign-in listeners go, Queue polling stops, and nothing is written or raised any more. */
    public destroy(): void {
        this.destroyed = true;
        this.currentRunner.dispose();
    }

    /** The view's half of the settings (settings/schema.ts): button, dialogs, request body and the result write. */
    private viewProps(view: ViewSettings, t: Translate): Partial<FlowInvokerAppProps> {
        const values = (): PlaceholderValues => readPlaceholderValues(this.context.parameters, this.facts);
        return {
            label: view.buttonLabel,
            confirmationText: view.confirmationText,
            saveFirst: view.body.usesRecordId && !this.facts.recordId,
            requestBody: () => view.body.build(values()),
            askForInputs: view.askForInputs,
            templateFills: view.body.fills,
            bodySource: (path) => view.body.sourceText(path, values()),
            onRunCompleted: (outcome) => this.writeResultAndRaiseEvent(outcome, view.resultPath, t),
            showSetupCheck: view.showSetupCheck,
        };
    }

    /** What the runner talks to: this page and the form's own Dataverse session. */
    private page(): RunnerPage {
        return { window, webApi: this.context.webAPI as unknown as RunnerPage["webApi"] };
    }

    /** Writes the resultPath's value into the bound column (once per run, so no render loop) and raises OnRunCompleted. */
    private writeResultAndRaiseEvent(outcome: RunOutcome | FlowInvokerError, path: ResultPath | undefined, t: Translate): string | undefined {
        if (this.destroyed) return undefined;
        const maxLength = (this.context.parameters.result?.attributes as { MaxLength?: number } | undefined)?.MaxLength;
        const write = outcome instanceof FlowInvokerError ? {} : writeOrNothing(() => resultColumnWrite({ ...outcome }, path, maxLength));
        if (write.value === undefined) {
            emitControlEvent(this.context, "OnRunCompleted");
        } else {
            this.output = write.value;
            this.eventPending = true;
            this.notifyOutputChanged();
        }
        return write.noteKey && t(write.noteKey, { path: path?.join(".") ?? "", max: String(maxLength ?? "") });
    }
}

/** A result that cannot be written (an odd shape) still ends the run: nothing is written, OnRunCompleted is still raised. */
function writeOrNothing(write: () => ResultColumnWrite): ResultColumnWrite {
    try {
        return write();
    } catch {
        return {};
    }
}
