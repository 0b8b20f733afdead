import { FlowInvokerError, isFlowInvokerError } from "../errors/FlowInvokerError";
import { environmentHost, isEnvironmentFamilyHost, isEnvironmentTriggerUrl, isSameTrigger, isTrustedTriggerUrl } from "../settings/clouds";
import { readOrganization, readWorkflow, readWorkflowVersion } from "../services/dataverse";
import { readUrlVariable } from "../services/environmentVariables";
import { listCallbackUrl } from "../services/flowApi";
import { READ_RETRY, retryRead } from "../services/retry";
import { Pending } from "../shared/pending";
import { isSignedUrl } from "../shared/signedUrl";
import { CachedDiscovery, cacheKey, clearCache, keptKey, readCache, readKept, writeCache, writeKept } from "./callbackCache";
import { revalidateKept, targetOf } from "./keptFlow";
import { formUser } from "./keptUser";
import { Organization, RunnerDeps } from "./types";
import { TriggerFacts, checkWorkflow, isAllowedUser } from "./workflowCheck";

interface FlowFacts {
    triggerName: string;
    resourceId: string;
    name: string;
    environmentId: string;
    ownerName?: string;
    /** The row's version these facts were read at: kept across browser sessions with them. */
    version?: string;
    allowedUsers?: string[];
    schema?: unknown;
}

const ONE = "";

/** Finds the trigger URL: workflow row ‖ environment id → listCallbackUrl. Cached for the session, dropped when proven stale. */
export class Discovery {
    // One entry each (key ONE): joined while pending, kept on success, forgotten on failure (shared/pending.ts).
    private readonly organization = new Pending<Organization>("success");
    private readonly flow = new Pending<FlowFacts>("success");
    private readonly callback = new Pending<CachedDiscovery>("success");
    /** A returning user's kept entry, revalidated once per page (one small Dataverse read). */
    private kept?: Promise<CachedDiscovery | undefined>;

    constructor(private readonly deps: RunnerDeps) {}

    /** Tenant and environment ids: properties first, then the platform's values, then RetrieveCurrentOrganization. */
    org(): Promise<Organization> {
        const { settings, app } = this.deps;
        const known = { tenantId: settings.tenantId ?? app.tenantId, environmentId: settings.environmentId ?? app.environmentId };
        if (known.tenantId && known.environmentId) return Promise.resolve(known);
        // A failed read is not remembered (Pending forgets it): this call goes on with what is known, the next one asks again.
        return this.organization
            .join(ONE, () =>
                this.read(() => readOrganization(this.deps.fetch, app.orgUrl)).then((found) => ({
                    tenantId: known.tenantId ?? found.tenantId,
                    environmentId: known.environmentId ?? found.environmentId,
                })),
            )
            .catch((): Organization => known);
    }

    callbackUrl(token: Promise<string>): Promise<CachedDiscovery> {
        // A cache hit never awaits the token: its failure (sign-in needed) is the session's to report, not an unhandled rejection.
        token.catch(() => undefined);
        return this.callback.join(ONE, async () => (await this.cached()) ?? this.find(token));
    }

    /** Checks the flow row when the URL is not known yet; needs no token, and nothing when the URL is cached. */
    async precheck(): Promise<void> {
        if (this.deps.settings.callbackUrlVariable || (await this.cached())) return;
        await this.readFlow();
    }

    /**
     * The trigger's schema as written, from the flow row; undefined when it cannot be had, which never blocks a run. A URL
     * served from the session cache skips the row (precheck), and the schema with it: the trigger then judges the body.
     */
    async schema(options: { evenIfCached?: boolean } = {}): Promise<unknown> {
        const { workflowId, callbackUrlVariable } = this.deps.settings;
        // Served from a cache: the schema kept with the URL (written together, so as fresh), else none.
        if (!workflowId || (!this.flow.peek(ONE) && !options.evenIfCached && (callbackUrlVariable || (await this.cached()))))
            return callbackUrlVariable ? undefined : this.keptSchema();
        return this.readFlow().then(
            (flow) => flow.schema,
            () => undefined,
        );
    }

    /** The trigger said the URL is gone: discover again. */
    forget(): void {
        this.flow.forget(ONE);
        this.callback.forget(ONE);
        clearCache(this.deps.store, this.key());
        // The trigger's own answer (stale URL, deleted flow) drops the kept entry too: the next load discovers again.
        this.kept = undefined;
        void this.keptKey().then((key) => key && clearCache(this.deps.keptStore, key));
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
        return this.flow.join(ONE, async () => {
            const [row, environmentId] = await Promise.all([this.read(() => readWorkflow(webApi, settings.workflowId)), this.environmentId()]);
            const facts = checkWorkflow(row, settings.workflowId, { allowAnonymousTrigger: settings.allowAnonymousTrigger });
            const flow = {
                triggerName: facts.triggerName,
                resourceId: row.resourceId,
                name: row.name,
                environmentId,
                ownerName: row.ownerName,
                schema: facts.schema,
            };
            await this.checkAllowedUser(facts, flow);
            return { ...flow, version: row.version, allowedUsers: facts.allowedUsers };
        });
    }

    /** "Specific users": a user who is surely not on the list is told whom to ask before any sign-in popup. */
    private async checkAllowedUser(facts: TriggerFacts, flow: FlowFacts): Promise<void> {
        const { app } = this.deps;
        if (!facts.allowedUsers || !app.userId) return;
        // Unreadable user row: the trigger itself will judge (MisMatchingOAuthClaims).
        const user = await formUser(this.deps);
        if (isAllowedUser(facts.allowedUsers, user) !== false) return;
        const values = { flowName: flow.name, user: user.loginHint ?? user.upn ?? user.email ?? "", owner: flow.ownerName ?? "" };
        throw new FlowInvokerError("NotAnAllowedUser", { values, variant: flow.ownerName ? undefined : "NoOwner" });
    }

    private async environmentId(): Promise<string> {
        const id = (await this.org()).environmentId;
        if (!id) throw new FlowInvokerError("EnvironmentIdNotFound", {});
        return id;
    }

    /** The session's entry, re-checked on read by the rule a variable's URL meets: storage is shared with the whole origin. */
    private async cached(): Promise<CachedDiscovery | undefined> {
        const { environmentId } = await this.org();
        const { cloud } = this.deps.settings;
        const accept = (url: URL): boolean => !!environmentId && isEnvironmentTriggerUrl(cloud, environmentId, url);
        return readCache(this.deps.store, this.key(), accept) ?? this.revalidated(accept);
    }

    /** The kept entry's key: per org, cloud, environment and flow; none for a URL from a variable. */
    private async keptKey(): Promise<string | undefined> {
        const { settings, app } = this.deps;
        const { environmentId } = await this.org();
        if (!environmentId || settings.callbackUrlVariable || !settings.workflowId) return undefined;
        return keptKey(app.orgUrl, settings.cloud.name, environmentId, settings.workflowId);
    }

    /** A returning user: the kept entry while the workflow row's version is unchanged, instead of clientdata and listCallbackUrl. */
    private revalidated(accept: (url: URL) => boolean): Promise<CachedDiscovery | undefined> {
        const { settings, webApi, keptStore, store } = this.deps;
        this.kept ??= this.keptKey().then(async (key) => {
            const readVersion = (): Promise<string | undefined> => this.read(() => readWorkflowVersion(webApi, settings.workflowId));
            const kept = key ? await revalidateKept({ store: keptStore, key, accept, readVersion }) : undefined;
            if (kept) writeCache(store, this.key(), targetOf(kept));
            return kept && targetOf(kept);
        });
        return this.kept;
    }

    private async keptSchema(): Promise<unknown> {
        const key = await this.keptKey();
        return key ? readKept(this.deps.keptStore, key, () => true)?.schema : undefined;
    }

    /** Kept for later browser sessions with its facts: only a bound, unsigned URL (writeKept refuses a signed one). */
    private async keep(found: CachedDiscovery): Promise<void> {
        const key = await this.keptKey();
        const flow = key ? await this.flow.peek(ONE)?.catch(() => undefined) : undefined;
        if (!key || !flow?.version) return;
        writeKept(this.deps.keptStore, key, {
            ...found,
            version: flow.version,
            triggerName: flow.triggerName,
            allowedUsers: flow.allowedUsers,
            schema: flow.schema,
        });
    }

    private async find(token: Promise<string>): Promise<CachedDiscovery> {
        const { cloud, callbackUrlVariable } = this.deps.settings;
        const found = callbackUrlVariable ? await this.fromVariable(callbackUrlVariable, token) : await this.fromFlowApi(token);
        // A Logic Apps host names no environment, so such an entry could not be re-checked later: it stays in memory.
        if (isEnvironmentTriggerUrl(cloud, found.environmentId, new URL(found.url))) {
            writeCache(this.deps.store, this.key(), found);
            await this.keep(found);
        }
        return found;
    }

    /** This environment's own listCallbackUrl answer: trusted on the cloud's trigger hosts over https. */
    private async fromFlowApi(token: Promise<string>): Promise<CachedDiscovery> {
        const { cloud } = this.deps.settings;
        const flow = await this.readFlow();
        const request = { cloud, environmentId: flow.environmentId, flowName: flow.resourceId, triggerName: flow.triggerName };
        const accessToken = await token;
        const url = await this.read(() => listCallbackUrl(this.deps.fetch, { ...request, token: accessToken })).catch((error: unknown) => {
            throw withFlowNames(error, flow);
        });
        return { url: this.checkUrl(url, flow.name).href, environmentId: flow.environmentId, flowName: flow.name, resourceId: flow.resourceId };
    }

    /**
     * A variable's URL must be on this environment's own host and direct-trigger path; a Logic Apps URL names no
     * environment, so only listCallbackUrl for workflowId can vouch for it ("Trigger hosts and binding a URL to an environment").
     */
    private async fromVariable(name: string, token: Promise<string>): Promise<CachedDiscovery> {
        const { cloud, workflowId } = this.deps.settings;
        const [raw, environmentId] = await Promise.all([this.read(() => readUrlVariable(this.deps.webApi, name)), this.environmentId()]);
        const url = this.checkUrl(raw, name, name);
        if (isEnvironmentTriggerUrl(cloud, environmentId, url)) return { url: url.href, environmentId, flowName: name, resourceId: "" };
        const expected = environmentHost(cloud, environmentId) ?? environmentId;
        const values = { name, host: url.host, expected };
        if (isEnvironmentFamilyHost(cloud, url)) {
            throw new FlowInvokerError("CallbackUrlNotInEnvironment", { values, variant: url.hostname === expected ? "Path" : undefined });
        }
        if (!workflowId) {
            throw new FlowInvokerError("CallbackUrlNotInEnvironment", {
                values,
                variant: cloud.triggersOnEnvironmentHosts ? "LogicApps" : "LogicAppsSovereign",
            });
        }
        const own = await this.fromFlowApi(token);
        if (isSameTrigger(new URL(own.url), url)) return own;
        throw new FlowInvokerError("CallbackUrlNotInEnvironment", { values: { ...values, flowName: own.flowName }, variant: "NotConfirmed" });
    }

    /** A bearer token goes only to this cloud's trigger hosts over https; a signed URL only when the maker allowed it. */
    private checkUrl(raw: string, flowName: string, variable?: string): URL {
        const { cloud, allowAnonymousTrigger } = this.deps.settings;
        let url: URL;
        try {
            url = new URL(raw);
        } catch {
            const values = variable
                ? { service: "Dataverse", detail: `environment variable ${variable}` }
                : { service: cloud.flowApiHost, detail: "listCallbackUrl" };
            throw new FlowInvokerError("UnexpectedResponse", { values });
        }
        if (isSignedUrl(url) && !allowAnonymousTrigger) throw new FlowInvokerError("AnonymousTriggerRefused", { values: { flowName } });
        if (!isTrustedTriggerUrl(cloud, url)) {
            const values = { host: url.host, cloud: cloud.name, name: variable ?? "" };
            throw new FlowInvokerError("UntrustedCallbackUrl", { values, variant: variable ? "Variable" : undefined });
        }
        return url;
    }
}

/** The flow API knows the flow by its resourceid: messages name it as the maker does, with its owner. */
function withFlowNames(error: unknown, flow: FlowFacts): unknown {
    if (!isFlowInvokerError(error)) return error;
    const values = { ...error.details.values, flowName: flow.name, owner: flow.ownerName ?? "" };
    const variant = error.code === "CallbackUrlDenied" && !flow.ownerName ? "NoOwner" : error.details.variant;
    return new FlowInvokerError(error.code, { ...error.details, values, variant });
}
