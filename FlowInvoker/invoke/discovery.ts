import { FlowInvokerError, isFlowInvokerError } from "../errors/FlowInvokerError";
import { isTrustedTriggerUrl } from "../services/clouds";
import { AppUserRecord, readAppUser, readOrganization, readWorkflow } from "../services/dataverse";
import { readUrlVariable } from "../services/environmentVariables";
import { listCallbackUrl } from "../services/flowApi";
import { READ_RETRY, retryRead } from "../services/retry";
import { CachedDiscovery, cacheKey, clearCache, readCache, writeCache } from "./callbackCache";
import { Organization, RunnerDeps } from "./types";
import { TriggerFacts, checkWorkflow, isAllowedUser } from "./workflowCheck";

interface FlowFacts {
    triggerName: string;
    resourceId: string;
    name: string;
    environmentId: string;
    ownerName?: string;
}

/** Remembers a promise while it holds; a failure is forgotten, so the next call tries again. */
function memo<T>(get: () => Promise<T> | undefined, set: (value: Promise<T> | undefined) => void, start: () => Promise<T>): Promise<T> {
    const existing = get();
    if (existing) return existing;
    const started = start();
    set(started);
    started.catch(() => {
        if (get() === started) set(undefined);
    });
    return started;
}

/** Finds the trigger URL: workflow row ‖ environment id → listCallbackUrl. Cached for the session, dropped when proven stale. */
export class Discovery {
    private organization?: Promise<Organization>;
    private flow?: Promise<FlowFacts>;
    private callback?: Promise<CachedDiscovery>;

    constructor(private readonly deps: RunnerDeps) {}

    /** Tenant and environment ids: properties first, then the platform's values, then RetrieveCurrentOrganization. */
    org(): Promise<Organization> {
        const { settings, app } = this.deps;
        const known = { tenantId: settings.tenantId ?? app.tenantId, environmentId: settings.environmentId ?? app.environmentId };
        if (known.tenantId && known.environmentId) return Promise.resolve(known);
        return memo(
            () => this.organization,
            (value) => (this.organization = value),
            () =>
                this.read(() => readOrganization(this.deps.fetch, app.orgUrl))
                    .catch((): Organization => ({}))
                    .then((found) => ({
                    tenantId: known.tenantId ?? found.tenantId,
                    environmentId: known.environmentId ?? found.environmentId,
                })),
        );
    }

    callbackUrl(token: Promise<string>): Promise<CachedDiscovery> {
        // A cache hit never awaits the token: its failure (sign-in needed) is the session's to report, not an unhandled rejection.
        token.catch(() => undefined);
        const cached = readCache(this.deps.store, this.key());
        if (cached) return Promise.resolve(cached);
        return memo(
            () => this.callback,
            (value) => (this.callback = value),
            () => this.find(token),
        );
    }

    /** Checks the flow row when the URL is not known yet; needs no token, and nothing when the URL is cached. */
    async precheck(): Promise<void> {
        if (this.deps.settings.callbackUrlVariable || readCache(this.deps.store, this.key())) return;
        await this.readFlow();
    }

    /** The trigger said the URL is gone: discover again. */
    forget(): void {
        this.flow = undefined;
        this.callback = undefined;
        clearCache(this.deps.store, this.key());
    }

    private key(): string {
        const { settings } = this.deps;
        const source = settings.callbackUrlVariable ? `variable:${settings.callbackUrlVariable}` : settings.workflowId;
        return cacheKey(settings.cloud.name, settings.environmentId, source);
    }

    private read<T>(work: () => Promise<T>): Promise<T> {
        return retryRead(work, { ...READ_RETRY, sleep: this.deps.sleep });
    }

    private readFlow(): Promise<FlowFacts> {
        const { settings, webApi } = this.deps;
        return memo(
            () => this.flow,
            (value) => (this.flow = value),
            async () => {
                const [row, environmentId] = await Promise.all([this.read(() => readWorkflow(webApi, settings.workflowId)), this.environmentId()]);
                const facts = checkWorkflow(row, settings.workflowId, { allowAnonymousTrigger: settings.allowAnonymousTrigger });
                const flow = { triggerName: facts.triggerName, resourceId: row.resourceId, name: row.name, environmentId, ownerName: row.ownerName };
                await this.checkAllowedUser(facts, flow);
                return flow;
            },
        );
    }

    /** "Specific users": a user who is surely not on the list is told whom to ask before any sign-in popup. */
    private async checkAllowedUser(facts: TriggerFacts, flow: FlowFacts): Promise<void> {
        const { app, webApi } = this.deps;
        if (!facts.allowedUsers || !app.userId) return;
        // Unreadable user row: the trigger itself will judge (MisMatchingOAuthClaims).
        const user = await readAppUser(webApi, app.userId).catch((): AppUserRecord => ({}));
        if (isAllowedUser(facts.allowedUsers, user) !== false) return;
        const values = { flowName: flow.name, user: user.loginHint ?? user.upn ?? user.email ?? "", owner: flow.ownerName ?? "" };
        throw new FlowInvokerError("NotAnAllowedUser", { values, variant: flow.ownerName ? undefined : "NoOwner" });
    }

    private async environmentId(): Promise<string> {
        const id = (await this.org()).environmentId;
        if (!id) throw new FlowInvokerError("EnvironmentIdNotFound", {});
        return id;
    }

    private async find(token: Promise<string>): Promise<CachedDiscovery> {
        const { cloud, callbackUrlVariable } = this.deps.settings;
        if (callbackUrlVariable) {
            const url = await this.read(() => readUrlVariable(this.deps.webApi, callbackUrlVariable));
            const found = { url: this.checkUrl(url, callbackUrlVariable), environmentId: "", flowName: callbackUrlVariable, resourceId: "" };
            writeCache(this.deps.store, this.key(), found);
            return found;
        }
        const flow = await this.readFlow();
        const request = { cloud, environmentId: flow.environmentId, flowName: flow.resourceId, triggerName: flow.triggerName };
        const accessToken = await token;
        const url = await this.read(() => listCallbackUrl(this.deps.fetch, { ...request, token: accessToken })).catch((error: unknown) => {
            throw withFlowNames(error, flow);
        });
        const found = { url: this.checkUrl(url, flow.name), environmentId: flow.environmentId, flowName: flow.name, resourceId: flow.resourceId };
        writeCache(this.deps.store, this.key(), found);
        return found;
    }

    /** A bearer token goes only to this cloud's trigger hosts over https; a `sig=` URL only when the maker allowed it. */
    private checkUrl(raw: string, flowName: string): string {
        const { cloud, allowAnonymousTrigger } = this.deps.settings;
        let url: URL;
        try {
            url = new URL(raw);
        } catch {
            throw new FlowInvokerError("UnexpectedResponse", { values: { service: cloud.flowApiHost, detail: "listCallbackUrl" } });
        }
        if (url.searchParams.has("sig") && !allowAnonymousTrigger) throw new FlowInvokerError("AnonymousTriggerRefused", { values: { flowName } });
        if (!isTrustedTriggerUrl(cloud, url)) throw new FlowInvokerError("UntrustedCallbackUrl", { values: { host: url.host, cloud: cloud.name } });
        return url.href;
    }
}

/** The flow API knows the flow by its resourceid: messages name it as the maker does, with its owner. */
function withFlowNames(error: unknown, flow: FlowFacts): unknown {
    if (!isFlowInvokerError(error)) return error;
    const values = { ...error.details.values, flowName: flow.name, owner: flow.ownerName ?? "" };
    const variant = error.code === "CallbackUrlDenied" && !flow.ownerName ? "NoOwner" : error.details.variant;
    return new FlowInvokerError(error.code, { ...error.details, values, variant });
}
