/** @jest-environment node */
import { CspWatch, cspAwareFetch } from "../../../FlowInvoker/host/contentSecurityPolicy";
import { failure, scriptedFetch } from "../fakes";

const TRIGGER =
    "https://default72f988bf.00.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=SECRET";

function page() {
    let listener: ((event: { blockedURI: string; effectiveDirective: string }) => void) | undefined;
    const watch = new CspWatch({ addEventListener: (_type, l) => (listener = l) });
    return { watch, violate: (blockedURI: string, effectiveDirective = "connect-src") => listener?.({ blockedURI, effectiveDirective }) };
}

describe("a request the page's Content-Security-Policy blocks", () => {
    it("is named by host and directive, never by its URL, and marked as never sent", async () => {
        const { watch, violate } = page();
        const fetchFn = cspAwareFetch(scriptedFetch([]), watch, async () => violate(TRIGGER));
        const error = await failure(fetchFn(TRIGGER));
        expect(error).toMatchObject({ code: "BlockedByContentSecurityPolicy", details: { noRun: true } });
        expect(error.details.values).toMatchObject({ host: "default72f988bf.00.environment.api.powerplatform.com", directive: "connect-src" });
        expect(JSON.stringify(error.details.values)).not.toContain("SECRET");
    });

    it("stays a network failure when the page reported no violation for that host", async () => {
        const { watch, violate } = page();
        violate("https://other.example.com/x");
        const fetchFn = cspAwareFetch(scriptedFetch([]), watch, async () => undefined);
        await expect(fetchFn(TRIGGER)).rejects.toBeInstanceOf(TypeError);
    });

    it("ignores inline and eval reports, and keeps the latest few", () => {
        const { watch, violate } = page();
        violate("inline", "script-src-elem");
        for (let i = 0; i < 30; i += 1) violate(`https://h${i}.example.com/`);
        expect(watch.violations).toHaveLength(20);
        expect(watch.blockedFor("https://h29.example.com/a")).toEqual({ host: "h29.example.com", directive: "connect-src" });
    });
});
