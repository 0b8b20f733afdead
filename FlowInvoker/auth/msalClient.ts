import { BrowserCacheLocation, IPublicClientApplication, PublicClientApplication } from "@azure/msal-browser";

export interface MsalClientOptions {
    clientId: string;
    authority: string;
    redirectUri: string;
}

/** Module state is page state: every FlowInvoker on a form shares one client per clientId (one interaction lock). */
const clients = new Map<string, Promise<IPublicClientApplication>>();

/** One initialised PublicClientApplication per clientId per page. */
export function getMsalClient(options: MsalClientOptions): Promise<IPublicClientApplication> {
    const existing = clients.get(options.clientId);
    if (existing) return existing;
    const created = createClient(options);
    clients.set(options.clientId, created);
    // A failed initialise must not poison the page: the next click tries again.
    created.catch(() => clients.delete(options.clientId));
    return created;
}

async function createClient(options: MsalClientOptions): Promise<IPublicClientApplication> {
    const client = new PublicClientApplication({
        auth: { clientId: options.clientId, authority: options.authority, redirectUri: options.redirectUri },
        // MSAL's own cache is the only storage a token may live in; v5 encrypts localStorage entries.
        cache: { cacheLocation: BrowserCacheLocation.LocalStorage },
        // The redirect page is passive HTML: the answer is read from it, same origin, so no script of ours must run there
        // (docs/platform-facts.md, "MSAL browser").
        system: { enableLegacyPolling: true },
    });
    await client.initialize();
    return client;
}
