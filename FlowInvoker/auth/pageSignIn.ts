import { Pending } from "../shared/pending";

/** What a popup signs in for: a control joins another's popup only when all three are the same. */
export interface PopupRequest {
    clientId: string;
    authority: string;
    scopes: readonly string[];
}

function popupKey({ clientId, authority, scopes }: PopupRequest): string {
    return JSON.stringify([clientId.toLowerCase(), authority.toLowerCase(), [...scopes].sort()]);
}

/**
 * Page-wide sign-in coordination: FlowInvoker controls on a form asking for the same token share one popup (MSAL allows
 * one interaction at a time per page, docs/platform-facts.md "MSAL browser") and hear when another control signed the user
 * in. A control asking for another authority or other scopes opens its own popup: a token is never handed across.
 */
export class PageSignIn {
    private readonly popups = new Pending<unknown>("pending");
    private readonly listeners = new Map<string, Set<() => void>>();

    /** Joins the popup already open for the same request instead of opening a second one. */
    share<T>(request: PopupRequest, open: () => Promise<T>): Promise<T> {
        return this.popups.join(popupKey(request), () => {
            const started = open();
            // The shared MSAL cache may now serve every control of this client id; a failure is the opener's to show.
            started.then(() => this.listeners.get(request.clientId)?.forEach((listener) => listener())).catch(() => undefined);
            return started;
        }) as Promise<T>;
    }

    /** Returns the function that removes the listener (a disposed control must not keep acquiring tokens). */
    onSignedIn(clientId: string, listener: () => void): () => void {
        const set = this.listeners.get(clientId) ?? new Set<() => void>();
        set.add(listener);
        this.listeners.set(clientId, set);
        return () => {
            set.delete(listener);
            if (set.size === 0 && this.listeners.get(clientId) === set) this.listeners.delete(clientId);
        };
    }
}

/** The page's one coordinator (module state is page state: the bundle loads once per page). */
export const pageSignIn = new PageSignIn();
