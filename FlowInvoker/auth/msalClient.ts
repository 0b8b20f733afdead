import { BrowserCacheLocation, IPublicClientApplication, PublicClientApplication } from "@azure/msal-browser";
import { Pending } from "../shared/pending";

export interface MsalClientOptions {
    clientId: string;
    authority: string;
    redirectUri: string;
}

/**
 * Module state is page state: every FlowInvoker on a form shares one client per clientId, because MSAL's interaction lock
 * and its in-memory cache are per client (docs/platform-facts.md, "MSAL browser"). Keyed by clientId alone on purpose:
 * every request names its own authority and redirect URI, so a client created for one authority serves another correctly.
 */
const clients = new Pending<IPublicClientApplication>("success");

/** One initialised PublicClientApplication per clientId per page; a failed initialise is forgotten, the next click tries again. */
export function getMsalClient(options: MsalClientOptions): Promise<IPublicClientApplication> {
    return clients.join(options.clientId.toLowerCase(), () => createClient(options));
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
