import { AccessToken, AppUser, MsalClient, SignInRequired, TokenRequest, acquireInteractively, acquireSilently } from "../auth/signIn";
import { FlowInvokerError } from "../errors/FlowInvokerError";
import { authorityUrl, flowScope } from "../services/clouds";
import { readAppUser } from "../services/dataverse";
import { Organization, RunnerDeps, SignInState } from "./types";

/** The user's Power Automate token: silent whenever possible, the popup only from a click, shared by the page. */
export class TokenSession {
    private appUser?: Promise<AppUser>;
    private inFlight?: Promise<string>;
    private state: SignInState = "checking";
    private readonly listeners = new Set<() => void>();

    constructor(
        private readonly deps: RunnerDeps,
        private readonly organization: () => Promise<Organization>,
    ) {
        // Another control on the form signed the user in: take the token from the shared cache.
        deps.pageSignIn.onSignedIn(deps.settings.clientId, () => {
            if (this.state === "required") this.silent({ cacheOnly: true }).catch(() => undefined);
        });
    }

    get signInState(): SignInState {
        return this.state;
    }

    onChange(listener: () => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    /**
     * Cache, then ssoSilent; `cacheOnly` skips the hidden iframe (it may take seconds and lose the click's activation).
     * A click during the load's silent attempt joins it instead of starting a second hidden iframe.
     */
    silent(options: { cacheOnly?: boolean; forceRefresh?: boolean } = {}): Promise<string> {
        if (options.cacheOnly || options.forceRefresh) return this.acquire(options);
        if (!this.inFlight) {
            const started = this.acquire(options);
            this.inFlight = started;
            const clear = (): void => {
                if (this.inFlight === started) this.inFlight = undefined;
            };
            started.then(clear).catch(clear);
        }
        return this.inFlight;
    }

    private async acquire(options: { cacheOnly?: boolean; forceRefresh?: boolean }): Promise<string> {
        try {
            const [client, request, user] = await Promise.all([this.client(), this.request(), this.user()]);
            const { token } = await acquireSilently(client, user, request, options);
            this.setState("signedIn");
            return token;
        } catch (error) {
            if (error instanceof SignInRequired) this.setState("required");
            throw error;
        }
    }

    /** A token for the maker's own API (identityScope), sent beside the flow token so the flow can verify the caller. */
    async identity(): Promise<string | undefined> {
        const scope = this.deps.settings.identityScope;
        if (!scope) return undefined;
        const [client, request, user] = await Promise.all([this.client(), this.request(), this.user()]);
        try {
            return (await acquireSilently(client, user, { ...request, scope, extraScopesToConsent: undefined })).token;
        } catch (error) {
            const serviceCode = error instanceof SignInRequired ? error.reason : ((error as { errorCode?: string } | null)?.errorCode ?? "unknown");
            throw new FlowInvokerError("IdentityTokenFailed", { serviceCode, values: { scope, serviceCode }, cause: error });
        }
    }

    /** From a click only. One popup per client id on the page; other controls join it. */
    async interactive(): Promise<string> {
        // In a frame of another site the popup cannot report back (partitioned BroadcastChannel): say so now, not after 60 s.
        if (this.deps.app.isFramedCrossOrigin) throw new FlowInvokerError("CrossOriginFrame", { serviceCode: "cross_origin_frame" });
        const [client, request, user] = await Promise.all([this.client(), this.request(), this.user()]);
        const { token } = await this.deps.pageSignIn.share<AccessToken>(this.deps.settings.clientId, () =>
            acquireInteractively(client, user, request, this.deps.app.isFramedCrossOrigin),
        );
        this.setState("signedIn");
        return token;
    }

    /** For a click: silent (cache only once sign-in is known to be needed), else the popup. */
    async forClick(): Promise<string> {
        try {
            return await this.silent({ cacheOnly: this.state === "required" });
        } catch (error) {
            if (!(error instanceof SignInRequired)) throw error;
        }
        return this.interactive();
    }

    private user(): Promise<AppUser> {
        const { userId } = this.deps.app;
        this.appUser ??= userId ? readAppUser(this.deps.webApi, userId).catch(() => ({})) : Promise.resolve({});
        return this.appUser;
    }

    private async request(): Promise<TokenRequest> {
        const { settings } = this.deps;
        const { tenantId } = await this.organization();
        return {
            scope: flowScope(settings.cloud),
            extraScopesToConsent: settings.identityScope ? [settings.identityScope] : undefined,
            authority: authorityUrl(settings.cloud, tenantId ?? "organizations"),
            redirectUri: settings.redirectUri,
            tenantId,
        };
    }

    private async client(): Promise<MsalClient> {
        const { settings } = this.deps;
        const { authority } = await this.request();
        try {
            return await this.deps.msal({ clientId: settings.clientId, authority, redirectUri: settings.redirectUri });
        } catch (error) {
            throw new FlowInvokerError("SignInFailed", { serviceCode: (error as { errorCode?: string } | null)?.errorCode, cause: error });
        }
    }

    private setState(state: SignInState): void {
        if (this.state === state) return;
        this.state = state;
        this.listeners.forEach((listener) => listener());
    }
}
