/**
 * Page-wide sign-in coordination: every FlowInvoker on a form shares one popup per client id (MSAL allows one
 * interaction at a time per page) and hears when another control signed the user in.
 */
export class PageSignIn {
    private readonly popups = new Map<string, Promise<unknown>>();
    private readonly listeners = new Map<string, Set<() => void>>();

    /** Joins the popup already open for this client id instead of opening a second one. */
    share<T>(clientId: string, open: () => Promise<T>): Promise<T> {
        const existing = this.popups.get(clientId) as Promise<T> | undefined;
        if (existing) return existing;
        const started = open();
        this.popups.set(clientId, started);
        void this.settle(clientId, started);
        return started;
    }

    private async settle(clientId: string, started: Promise<unknown>): Promise<void> {
        let signedIn = false;
        try {
            await started;
            signedIn = true;
        } catch {
            // the control that opened the popup shows the error
        }
        if (this.popups.get(clientId) === started) this.popups.delete(clientId);
        if (signedIn) this.listeners.get(clientId)?.forEach((listener) => listener());
    }

    onSignedIn(clientId: string, listener: () => void): () => void {
        const set = this.listeners.get(clientId) ?? new Set<() => void>();
        set.add(listener);
        this.listeners.set(clientId, set);
        return () => set.delete(listener);
    }
}

/** The page's one coordinator (module state is page state: the bundle loads once per page). */
export const pageSignIn = new PageSignIn();
