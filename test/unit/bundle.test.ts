/** @jest-environment node */
import * as fs from "fs";
import * as path from "path";

const OUT = path.join(__dirname, "..", "..", "out", "controls", "FlowInvoker");

function read(file: string): string {
    const full = path.join(OUT, file);
    if (!fs.existsSync(full)) throw new Error(`${path.relative(process.cwd(), full)} is missing: run "npm run build" first (npm test does).`);
    return fs.readFileSync(full, "utf8");
}

describe("production bundle", () => {
    const bundle = read("bundle.js");

    it("registers the control as FlowInvoker.FlowInvoker", () => {
        expect(bundle).toContain("registerControl");
        expect(bundle).toContain("FlowInvoker.FlowInvoker");
    });

    it("takes React and Fluent UI from the platform libraries and holds no copy of React, react-dom or Fluent", () => {
        expect(bundle).toContain("Reactv16");
        expect(bundle).toContain("FluentUIReactv940");
        expect(bundle).not.toContain("__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED");
        expect(bundle).not.toMatch(/react-dom|ReactDOM/);
        expect(bundle).not.toContain("fui-Button");
        expect(bundle).not.toContain("@griffel");
    });

    it("is minified (production mode)", () => {
        expect(bundle.split("\n").length).toBeLessThan(20);
    });

    it("ships a passive redirect page: no script to be mistyped by Dataverse or blocked by a strict CSP", () => {
        expect(read("auth/redirect.html")).not.toMatch(/<script|\son[a-z]+=/i);
        expect(bundle).toMatch(/enableLegacyPolling:!0/);
    });

    it("declares its resources, platform libraries and WebAPI in the built manifest", () => {
        const manifest = read("ControlManifest.xml");
        for (const expected of ['path="auth/redirect.html"', 'name="React"', 'name="Fluent"', 'name="WebAPI"', "api.flow.microsoft.com"]) {
            expect(manifest).toContain(expected);
        }
    });
});
