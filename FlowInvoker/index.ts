import * as React from "react";
import type { Theme } from "@fluentui/react-components";
import { IInputs, IOutputs } from "./generated/ManifestTypes";
import { getMsalClient } from "./auth/msalClient";
import { pageSignIn } from "./auth/pageSignIn";
import { describeError, makeTranslate, Translate } from "./errors/describe";
import { isFlowInvokerError } from "./errors/FlowInvokerError";
import { FlowRunner } from "./invoke/runner";
import { appTheme, FormFacts, isFramedCrossOrigin, readFormFacts } from "./platform";
import { readRawProperties } from "./settings/properties";
import { parseSettings, Settings } from "./settings/settings";
import { FlowInvokerApp, FlowInvokerAppProps } from "./ui/FlowInvokerApp";

/** The PCF lifecycle only: context in, settings and props out. */
export class FlowInvoker implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    private runner?: FlowRunner;
    private runnerKey?: string;
    private facts: FormFacts = {};

    public init(context: ComponentFramework.Context<IInputs>): void {
        this.facts = readFormFacts(context, window);
    }

    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        const t: Translate = makeTranslate((key) => context.resources.getString(key));
        const props: FlowInvokerAppProps = {
            t,
            theme: appTheme<Theme>(context),
            disabled: context.mode.isControlDisabled,
            requestBody: () => ({ recordId: this.facts.recordId ?? null, entityName: this.facts.entityName ?? null, userId: this.facts.userId ?? null }),
        };
        try {
            const settings = parseSettings(readRawProperties(context.parameters), window.location.origin);
            props.label = settings.buttonLabel;
            props.runner = this.runnerFor(settings, context);
        } catch (error) {
            if (!isFlowInvokerError(error)) throw error;
            props.configurationError = describeError(error, t);
        }
        return React.createElement(FlowInvokerApp, props);
    }

    public getOutputs(): IOutputs {
        return {};
    }

    public destroy(): void {
        this.runner = undefined;
    }

    /** updateView runs on every form change: keep one runner while the settings stay the same. */
    private runnerFor(settings: Settings, context: ComponentFramework.Context<IInputs>): FlowRunner {
        const key = JSON.stringify({ ...settings, cloud: settings.cloud.name });
        if (this.runner && this.runnerKey === key) return this.runner;
        this.runnerKey = key;
        this.runner = new FlowRunner({
            settings,
            app: { orgUrl: window.location.origin, userId: this.facts.userId, tenantId: this.facts.tenantId, environmentId: this.facts.environmentId, isFramedCrossOrigin: isFramedCrossOrigin(window) },
            webApi: context.webAPI as unknown as FlowRunnerWebApi,
            fetch: (input, init) => window.fetch(input, init),
            msal: getMsalClient,
            pageSignIn,
            store: sessionStorageOrUndefined(),
            now: () => performance.now(),
            sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
            newTrackingId,
        });
        this.runner.prefetch();
        return this.runner;
    }
}

type FlowRunnerWebApi = ConstructorParameters<typeof FlowRunner>[0]["webApi"];

/** A GUID per click, sent as x-ms-client-tracking-id so the user can quote it to find the run. */
function newTrackingId(): string {
    if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** sessionStorage throws in some privacy modes; the cache is optional. */
function sessionStorageOrUndefined(): Storage | undefined {
    try {
        return window.sessionStorage;
    } catch {
        return undefined;
    }
}
