import { AppUser, MsalClient, SignInRequired, TokenRequest, acquireInteractively, acquireSilently } from "../auth/signIn";
import { FlowInvokerError, isFlowInvokerError } from "../errors/FlowInvokerError";
import { Settings } from "../settings/settings";
import { authorityUrl, flowScope, isTrustedTriggerUrl } from "../services/clouds";
import { WebApi, readAppUser, readOrganization, readWorkflow } from "../services/dataverse";
import { listCallbackUrl } from "../services/flowApi";
import { FetchFn } from "../services/http";
import { RunResult, invokeTrigger } from "../services/trigger";
import { CachedDiscovery, KeyValueStore, cacheKey, clearCache, readCache, writeCache } from "./callbackCache";
import { findClaimMismatch, readClaims } from "./claims";
import { checkWorkflow } from "./workflowCheck";

/** What the form tells us about where we run and who is signed in. */
export interface AppContext {
    /** The org's origin, e.g. https://contoso.crm.dynamics.com. */
    orgUrl: string;
    userId?: string;
    /** Undocumented platform values, when present; looked up otherwise. */
    tenantId?: string;
    environmentId?: string;
    isFramedCrossOrigin: boolean;
}

export interface RunnerDeps {
    settings: Settings;
    app: AppContext;
    webApi: WebApi;
    fetch: FetchFn;
    msal: (options: { clientId: string; authority: string; redirectUri: string }) => Promise<MsalClient>;
    store?: KeyValueStore;
    now: () => number;
}

export type SignInState = "checking" | "signedIn" | "required";

const TRIGGER_TIMEOUT_MS = 130_000;
/** Trigger codes that prove the URL is stale and no run started: rediscover once and retry. */
const STALE_URL_CODES = new Set(["WorkflowNotFound", "WorkflowTriggerNotFound", "TriggerNotFound", "FlowNotFound"]);

/** The chain token → workflow row → environment → listCallbackUrl → trigger, with everything before the trigger cached. */
export class FlowRunner {
    private organization?: Promise<{ tenantId?: string; environmentId?: string }>;
    private appUser?: Promise<AppUser>;
    private discovery?: Promise<CachedDiscovery>;
    private workflow?: Promise<{ triggerName: string; resourceId: string; name: string; environmentId: string }>;
    private signIn: SignInState = "checking";
    private readonly listeners = new Set<() => void>();

    constructor(private readonly deps: RunnerDeps) {}

    get signInState(): SignInState {
        return this.signIn;
    }

    onChange(listener: () => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    /** Form load: token and discovery in parallel, so the first click finds them ready. Never opens a popup. */
    prefetch(): void {
        const token = this.silentToken();
        token.catch(() => undefined);
        this.discover(token).catch(() => undefined);
    }

    /** From a click only: opens the sign-in popup. */
    async signInInteractively(): Promise<void> {
        const [client, request, user] = await Promise.all([this.client(), this.tokenRequest(), this.user()]);
        await acquireInteractively(client, user, request, this.deps.app.isFramedCrossOrigin);
        this.setSignIn("signedIn");
        this.discover(this.silentToken()).catch(() => undefined);
    }

    /** One click, at most one run. */
    async run(body: unknown): Promise<RunResult> {
        const token = await this.tokenForClick();
        const target = await this.discover(Promise.resolve(token));
        try {
            return await this.invoke(target, token, body);
        } catch (error) {
            if (!this.isStaleUrl(error)) throw error;
            this.forget();
            return this.invoke(await this.discover(Promise.resolve(token)), token, body);
        }
    }

    /** Silent when possible; the popup only while the click's user activation lasts, so cache-only once sign-in is known to be needed. */
    private async tokenForClick(): Promise<string> {
        try {
            return await this.silentToken(this.signIn === "required");
        } catch (error) {
            if (!(error instanceof SignInRequired)) throw error;
        }
        await this.signInInteractively();
        return this.silentToken(true);
    }

    private async invoke(target: CachedDiscovery, token: string, body: unknown): Promise<RunResult> {
        try {
            return await invokeTrigger(this.deps.fetch, { url: target.url, token, body, timeoutMs: TRIGGER_TIMEOUT_MS, now: this.deps.now });
        } catch (error) {
            throw isFlowInvokerError(error) && error.code === "MisMatchingOAuthClaims" ? await this.explainMismatch(error, token) : error;
        }
    }

    private async explainMismatch(error: FlowInvokerError, token: string): Promise<FlowInvokerError> {
        const { tenantId } = await this.org();
        const mismatch = findClaimMismatch(readClaims(token), { audience: this.deps.settings.cloud.audience, tenantId });
        const values = { ...error.details.values, claim: mismatch?.claim ?? "oid", expected: mismatch?.expected ?? "", actual: mismatch?.actual ?? "" };
        return new FlowInvokerError("MisMatchingOAuthClaims", { ...error.details, values });
    }

    private isStaleUrl(error: unknown): boolean {
        return isFlowInvokerError(error) && error.details.status === 404 && !error.details.runId && STALE_URL_CODES.has(error.details.serviceCode ?? "");
    }

    private key(): string {
        const { settings } = this.deps;
        return cacheKey(settings.cloud.name, settings.environmentId, settings.workflowId);
    }

    private forget(): void {
        this.discovery = undefined;
        this.workflow = undefined;
        clearCache(this.deps.store, this.key());
    }

    /** Cached for the session; a failed discovery is not kept, so the next click tries again. */
    private discover(token: Promise<string>): Promise<CachedDiscovery> {
        const cached = readCache(this.deps.store, this.key());
        if (cached) return Promise.resolve(cached);
        if (!this.discovery) {
            const started = this.findCallbackUrl(token);
            this.discovery = started;
            started.catch(() => {
                if (this.discovery === started) this.discovery = undefined;
            });
        }
        return this.discovery;
    }

    private async findCallbackUrl(token: Promise<string>): Promise<CachedDiscovery> {
        const { settings } = this.deps;
        const flow = await this.readFlow();
        const request = { cloud: settings.cloud, environmentId: flow.environmentId, flowName: flow.resourceId, triggerName: flow.triggerName };
        const url = await listCallbackUrl(this.deps.fetch, { ...request, token: await token });
        const found = { url: this.checkUrl(url), environmentId: flow.environmentId, flowName: flow.name };
        writeCache(this.deps.store, this.key(), found);
        return found;
    }

    /** The checked workflow row and environment id; kept while it holds, so a sign-in does not read them again. */
    private readFlow(): Promise<{ triggerName: string; resourceId: string; name: string; environmentId: string }> {
        const { settings, webApi } = this.deps;
        if (!this.workflow) {
            const started = Promise.all([readWorkflow(webApi, settings.workflowId), this.environmentId()]).then(([row, environmentId]) => ({
                ...checkWorkflow(row, settings.workflowId),
                resourceId: row.resourceId,
                name: row.name,
                environmentId,
            }));
            this.workflow = started;
            started.catch(() => {
                if (this.workflow === started) this.workflow = undefined;
            });
        }
        return this.workflow;
    }

    /** A bearer token goes only to this cloud's trigger hosts, and never to an "Anyone" (`sig=`) URL. */
    private checkUrl(raw: string): string {
        let url: URL;
        try {
            url = new URL(raw);
        } catch {
            throw new FlowInvokerError("UnexpectedResponse", { values: { service: this.deps.settings.cloud.flowApiHost, detail: "listCallbackUrl" } });
        }
        if (url.searchParams.has("sig")) throw new FlowInvokerError("AnonymousTriggerRefused", {});
        if (!isTrustedTriggerUrl(this.deps.settings.cloud, url)) {
            throw new FlowInvokerError("UntrustedCallbackUrl", { values: { host: url.host, cloud: this.deps.settings.cloud.name } });
        }
        return url.href;
    }

    private async environmentId(): Promise<string> {
        const id = this.deps.settings.environmentId ?? (await this.org()).environmentId;
        if (!id) throw new FlowInvokerError("EnvironmentIdNotFound", {});
        return id;
    }

    private org(): Promise<{ tenantId?: string; environmentId?: string }> {
        const { settings, app } = this.deps;
        const known = { tenantId: settings.tenantId ?? app.tenantId, environmentId: settings.environmentId ?? app.environmentId };
        if (known.tenantId && known.environmentId) return Promise.resolve(known);
        this.organization ??= readOrganization(this.deps.fetch, app.orgUrl)
            .catch(() => ({}) as { tenantId?: string; environmentId?: string })
            .then((found) => ({ tenantId: known.tenantId ?? found.tenantId, environmentId: known.environmentId ?? found.environmentId }));
        return this.organization;
    }

    private user(): Promise<AppUser> {
        const { userId } = this.deps.app;
        this.appUser ??= userId ? readAppUser(this.deps.webApi, userId).catch(() => ({})) : Promise.resolve({});
        return this.appUser;
    }

    private async tokenRequest(): Promise<TokenRequest> {
        const { settings } = this.deps;
        const { tenantId } = await this.org();
        return { scope: flowScope(settings.cloud), authority: authorityUrl(settings.cloud, tenantId ?? "organizations"), redirectUri: settings.redirectUri, tenantId };
    }

    private async client(): Promise<MsalClient> {
        const { settings } = this.deps;
        const request = await this.tokenRequest();
        try {
            return await this.deps.msal({ clientId: settings.clientId, authority: request.authority, redirectUri: settings.redirectUri });
        } catch (error) {
            throw new FlowInvokerError("SignInFailed", { serviceCode: (error as { errorCode?: string }).errorCode, cause: error });
        }
    }

    private async silentToken(cacheOnly = false): Promise<string> {
        try {
            const [client, request, user] = await Promise.all([this.client(), this.tokenRequest(), this.user()]);
            const { token } = await acquireSilently(client, user, request, { cacheOnly });
            this.setSignIn("signedIn");
            return token;
        } catch (error) {
            if (error instanceof SignInRequired) this.setSignIn("required");
            throw error;
        }
    }

    private setSignIn(state: SignInState): void {
        if (this.signIn === state) return;
        this.signIn = state;
        this.listeners.forEach((listener) => listener());
    }
}
