import { FlowInvokerError } from "../errors/FlowInvokerError";
import type { FetchFn } from "../services/http";

/** A request the page's Content-Security-Policy blocked: only the host, never the URL (it may carry a signature). */
export interface CspViolation {
    host: string;
    directive: string;
}

interface ViolationEvent {
    blockedURI: string;
    effectiveDirective: string;
}

/** How long a failed fetch waits for the browser's violation event, which is queued as its own task. */
const EVENT_WAIT_MS = 30;
const KEPT = 20;

/**
 * The page's CSP violations as the browser reports them (`securitypolicyviolation`): a blocked fetch is otherwise only a
 * "Failed to fetch", the same as a network failure (docs/platform-facts.md, "Content-Security-Policy").
 */
export class CspWatch {
    private readonly seen: CspViolation[] = [];

    constructor(target: { addEventListener(type: "securitypolicyviolation", listener: (event: ViolationEvent) => void): void }) {
        target.addEventListener("securitypolicyviolation", (event) => this.record(event));
    }

    record(event: ViolationEvent): void {
        let host: string;
        try {
            host = new URL(event.blockedURI).host;
        } catch {
            return; // "inline", "eval" and the like: not a request of ours
        }
        this.seen.push({ host, directive: event.effectiveDirective });
        if (this.seen.length > KEPT) this.seen.shift();
    }

    /** The latest violation for the host of `url`. */
    blockedFor(url: string): CspViolation | undefined {
        const host = new URL(url).host;
        return [...this.seen].reverse().find((violation) => violation.host === host);
    }

    get violations(): readonly CspViolation[] {
        return this.seen;
    }
}

/** A fetch that names the host and directive when the page's CSP blocked the request (it never left the browser). */
export function cspAwareFetch(fetchFn: FetchFn, watch: CspWatch, wait: (ms: number) => Promise<void>): FetchFn {
    return async (input, init) => {
        try {
            return await fetchFn(input, init);
        } catch (error) {
            if (!(error instanceof TypeError)) throw error;
            await wait(EVENT_WAIT_MS);
            const violation = watch.blockedFor(input);
            if (!violation) throw error;
            throw new FlowInvokerError("BlockedByContentSecurityPolicy", {
                noRun: true,
                serviceCode: violation.directive,
                values: { host: violation.host, directive: violation.directive, service: violation.host },
                cause: error,
            });
        }
    };
}

let pageWatch: CspWatch | undefined;

/** One watcher per page (module state is page state): it must listen from the first control's load on. */
export function watchPageCsp(win: Window): CspWatch {
    pageWatch ??= new CspWatch(win);
    return pageWatch;
}
