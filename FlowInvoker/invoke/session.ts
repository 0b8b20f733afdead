import { AccessToken, MsalClient, SignInRequired, TokenRequest, acquireInteractively, acquireSilently, checkFormUser } from "../auth/signIn";
import { FlowInvokerError } from "../errors/FlowInvokerError";
import { authorityUrl, flowScope } from "../settings/clouds";
import { AppUserRecord } from "../services/dataverse";
import { Pending, settlesWithin } from "../shared/pending";
import { formUser } from "./keptUser";
import { Organization, RunnerDeps, SignInState } from "./types";

/**
 * How long a click waits for the user's systemuser row (started at load) before it looks no further than the popup: the
 * popup must open while the browser still counts the click (docs/platform-facts.md, "MSAL browser").
 */
const USER_WAIT_MS = 300;

/** The user's Power Automate token: silent whenever possible, the popup only from a click, shared by the page. */
export class TokenSession {
    private readonly loading = new Pending<string>("pending");
    private state: SignInState = "checking";
    private readonly listeners = new Set<() => void>();
    private readonly stopListening: () => void;

    constructor(
        private readonly deps: RunnerDeps,
        private readonly organization: () => Promise<Organization>,
    ) {
        // Another control on the form signed the user in: take the token from the shared cache.
        this.stopListening = deps.pageSignIn.onSignedIn(deps.settings.clientId, () => {
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

    /** The control is gone: no page-wide listener, no more state changes. */
    dispose(): void {
        this.stopListening();
        this.listeners.clear();
    }

    /**
     * Cache, then ssoSilent; `cacheOnly` skips every hidden iframe (it may take seconds and lose the click's activation).
     * Calls during the load's silent attempt join it instead of starting a second hidden iframe.
     */
    silent(options: { cacheOnly?: boolean; forceRefresh?: boolean } = {}): Promise<string> {
        if (options.cacheOnly || options.forceRefresh) return this.acquire(options);
        return this.loading.join("", () => this.acquire(options));
    }

    private async acquire(options: { cacheOnly?: boolean; forceRefresh?: boolean }, known?: AppUserRecord): Promise<string> {
        try {
            const [client, request, user] = await Promise.all([this.client(), this.request(), known ?? this.user()]);
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

    /**
     * From a click only. Controls asking for the same token share one popup. The account it returns must be the form's
     * user: another account is named (SignedInAsOtherUser) and its token never used.
     */
    async interactive(known?: AppUserRecord): Promise<string> {
        // In a frame of another site too: legacy polling reads the popup's URL from this frame, same origin
        // (docs/platform-facts.md, "MSAL browser"); a popup that cannot report back there is named by translateMsalError.
        const [client, request, hint] = await Promise.all([this.client(), this.request(), known ?? this.userSoon()]);
        const { settings } = this.deps;
        const scopes = [request.scope, ...(request.extraScopesToConsent ?? [])];
        const { token } = await this.deps.pageSignIn.share<AccessToken>({ clientId: settings.clientId, authority: request.authority, scopes }, async () => {
            const found = await acquireInteractively(client, hint, request, this.deps.app.isFramedCrossOrigin);
            return checkFormUser(found, hint.objectId ? hint : await this.user(), request.tenantId);
        });
        this.setState("signedIn");
        return token;
    }

    /**
     * For a click: the cache (never a hidden iframe, never joining the load's ssoSilent), else the popup at once. `before`
     * is what the click must know first (the flow check); it is awaited alongside the user, so the two waits overlap.
     */
    async forClick(before: Promise<void> = Promise.resolve()): Promise<string> {
        const [user] = await Promise.all([this.userSoon(), before]);
        try {
            return await this.acquire({ cacheOnly: true }, user);
        } catch (error) {
            if (!(error instanceof SignInRequired)) throw error;
        }
        return this.interactive(user);
    }

    /** Read at every use until a read succeeds (readAppUser keeps only successes): one failed read is not the rest of the day. */
    private user(): Promise<AppUserRecord> {
        const { userId } = this.deps.app;
        // A returning user's ids come from the kept copy: no systemuser read at load (README "Performance").
        return userId ? formUser(this.deps) : Promise.resolve({});
    }

    /** The user, when known within USER_WAIT_MS; else nobody, and the popup opens without a login hint. */
    private async userSoon(): Promise<AppUserRecord> {
        const user = this.user();
        return (await settlesWithin(user, USER_WAIT_MS)) ? user : {};
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
