import * as React from "react";
import type { Theme } from "@fluentui/react-components";
import { IInputs, IOutputs } from "./generated/ManifestTypes";
import { getMsalClient } from "./auth/msalClient";
import { pageSignIn } from "./auth/pageSignIn";
import { describeError, makeTranslate, Translate } from "./errors/describe";
import { FlowInvokerError, isFlowInvokerError } from "./errors/FlowInvokerError";
import { readPlaceholderValues } from "./host/formValues";
import { cspAwareFetch, watchPageCsp } from "./host/contentSecurityPolicy";
import { QueueRunner } from "./invoke/queueRunner";
import { SetupStep, runSetupCheck } from "./invoke/setupCheck";
import { FlowRunner } from "./invoke/runner";
import { RunOutcome, Runner, RunnerDeps } from "./invoke/types";
import { appTheme, FormFacts, isDesignMode, isFramedCrossOrigin, emitControlEvent, readFormFacts } from "./host/formFacts";
import { withTimeouts } from "./services/dataverse";
import { readRawProperties } from "./settings/properties";
import { ColumnWrite, columnWrite, ResultPath } from "./settings/resultPath";
import { parseSettings, Settings } from "./settings/settings";
import { FlowInvokerApp, FlowInvokerAppProps } from "./ui/FlowInvokerApp";

/** The PCF lifecycle only: context in, settings and props out, the result column out through getOutputs. */
export class FlowInvoker implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    private context!: ComponentFramework.Context<IInputs>;
    private notifyOutputChanged: () => void = () => undefined;
    private runner?: Runner;
    private runnerKey?: string;
    private setupCheck?: () => Promise<SetupStep[]>;
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
            onRunCompleted: (outcome) => this.completed(outcome, undefined, t),
        };
        try {
            const settings = parseSettings(readRawProperties(context.parameters), window.location.origin);
            props.label = settings.buttonLabel;
            props.confirmationText = settings.confirmationText;
            props.saveFirst = settings.body.usesRecordId && !this.facts.recordId;
            props.requestBody = () => settings.body.build(readPlaceholderValues(this.context.parameters, this.facts));
            props.askForInputs = settings.askForInputs;
            props.templateFills = settings.body.fills;
            props.bodySource = (path) => settings.body.sourceText(path, readPlaceholderValues(this.context.parameters, this.facts));
            props.onRunCompleted = (outcome) => this.completed(outcome, settings.resultPath, t);
            if (!designMode) props.runner = this.runnerFor(settings, context);
            props.setupCheck = designMode ? undefined : this.setupCheck;
            props.showSetupCheck = settings.showSetupCheck;
        } catch (error) {
            if (!isFlowInvokerError(error)) throw error;
            props.configurationError = describeError(error, t);
        }
        // No runner any more (the settings became invalid): the old one must not go on listening.
        if (!props.runner) this.dropRunner();
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
        this.dropRunner();
    }

    private dropRunner(): void {
        this.runner?.dispose();
        this.runner = undefined;
        this.runnerKey = undefined;
    }

    /** Writes the resultPath's value into the bound column (once per run, so no render loop) and raises OnRunCompleted. */
    private completed(outcome: RunOutcome | FlowInvokerError, path: ResultPath | undefined, t: Translate): string | undefined {
        if (this.destroyed) return undefined;
        const maxLength = (this.context.parameters.result?.attributes as { MaxLength?: number } | undefined)?.MaxLength;
        const write = outcome instanceof FlowInvokerError ? {} : writeOrNothing(() => columnWrite({ ...outcome }, path, maxLength));
        if (write.value === undefined) {
            emitControlEvent(this.context, "OnRunCompleted");
        } else {
            this.output = write.value;
            this.eventPending = true;
            this.notifyOutputChanged();
        }
        return write.noteKey && t(write.noteKey, { path: path?.join(".") ?? "", max: String(maxLength ?? "") });
    }

    /** updateView runs on every form change: keep one runner while the settings it uses stay the same. */
    private runnerFor(settings: Settings, context: ComponentFramework.Context<IInputs>): Runner {
        const { mode, queue, workflowId, clientId, tenantId, cloud, environmentId, redirectUri, allowAnonymousTrigger, identityScope, callbackUrlVariable } =
            settings;
        const used = [
            mode,
            queue,
            workflowId,
            clientId,
            tenantId,
            cloud.name,
            environmentId,
            redirectUri,
            allowAnonymousTrigger,
            identityScope,
            callbackUrlVariable,
        ];
        const key = JSON.stringify(used);
        if (this.runner && this.runnerKey === key) return this.runner;
        // Settings changed: the old runner stops listening and sending; its late results are dropped.
        this.runner?.dispose();
        this.runnerKey = key;
        const webApi = withTimeouts(context.webAPI as unknown as FlowRunnerWebApi);
        const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
        const now = (): number => performance.now();
        this.setupCheck = undefined;
        if (queue) {
            const queueRunner = new QueueRunner({ queue, webApi, now, sleep });
            this.runner = queueRunner;
            return queueRunner;
        }
        const deps: RunnerDeps = {
            settings,
            app: {
                orgUrl: window.location.origin,
                userId: this.facts.userId,
                tenantId: this.facts.tenantId,
                environmentId: this.facts.environmentId,
                isFramedCrossOrigin: isFramedCrossOrigin(window),
            },
            webApi,
            fetch: cspAwareFetch((input, init) => window.fetch(input, init), watchPageCsp(window), sleep),
            msal: getMsalClient,
            pageSignIn,
            store: sessionStorageOrUndefined(),
            keptStore: localStorageOrUndefined(),
            now,
            sleep,
            newTrackingId,
        };
        const runner = new FlowRunner(deps);
        // The check asks the services afresh with the runner's own dependencies; it never shares the runner's cache.
        this.setupCheck = () =>
            runSetupCheck({ ...deps, cspViolations: () => watchPageCsp(window).violations, silentFailedAtLoad: runner.signInState === "required" });
        this.runner = runner;
        runner.prefetch();
        return runner;
    }
}

type FlowRunnerWebApi = ConstructorParameters<typeof FlowRunner>[0]["webApi"];

/** A result that cannot be written (an odd shape) still ends the run: nothing is written, OnRunCompleted is still raised. */
function writeOrNothing(write: () => ColumnWrite): ColumnWrite {
    try {
        return write();
    } catch {
        return {};
    }
}

/** A GUID per click, sent as x-ms-client-tracking-id so the user can quote it to find the run. */
function newTrackingId(): string {
    if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** localStorage, for what a returning user's load needs; like sessionStorage it may throw, and is optional. */
function localStorageOrUndefined(): Storage | undefined {
    try {
        return window.localStorage;
    } catch {
        return undefined;
    }
}

/** sessionStorage throws in some privacy modes; the cache is optional. */
function sessionStorageOrUndefined(): Storage | undefined {
    try {
        return window.sessionStorage;
    } catch {
        return undefined;
    }
}
