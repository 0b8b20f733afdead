/** @jest-environment node */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { entriesOf, packaging, ROOT } from "./packages";

// A made-up build in a temporary folder: what gets packaged follows the built manifest, not a fixed list of files.
const MANIFEST = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<manifest>
  <control namespace="FlowInvoker" constructor="FlowInvoker" version="1.2.3" display-name-key="d" description-key="d" control-type="virtual">
    <resources>
      <code path="bundle.js" order="1"/>
      <platform-library name="React" version="16.14.0"/>
      <css path="css/FlowInvoker.css" order="1"/>
      <img path="img/icon.png"/>
      <html path="auth/redirect.html" order="1"/>
      <resx path="strings/FlowInvoker.1033.resx" version="1.0.0"/>
      <resx path="strings/FlowInvoker.1036.resx" version="1.0.0"/>
    </resources>
  </control>
</manifest>`;
const FILES = ["bundle.js", "css/FlowInvoker.css", "img/icon.png", "auth/redirect.html", "strings/FlowInvoker.1033.resx", "strings/FlowInvoker.1036.resx"];

let root: string;

function write(file: string, text: string): void {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
}

beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "flowinvoker-inputs-"));
    write("package.json", JSON.stringify({ version: "1.2.3" }));
    const solution = fs.readFileSync(path.join(ROOT, packaging.SOURCE, "Solution.xml"), "utf8");
    write(`${packaging.SOURCE}/Solution.xml`, solution.replace(/<Version>[^<]*<\/Version>/, "<Version>1.2.3.0</Version>"));
    fs.copyFileSync(path.join(ROOT, packaging.SOURCE, "Customizations.xml"), path.join(root, packaging.SOURCE, "Customizations.xml"));
    write(`${packaging.BUILT}/ControlManifest.xml`, MANIFEST);
    for (const file of FILES) write(`${packaging.BUILT}/${file}`, file.endsWith(".resx") ? "<root/>" : `/* ${file} */`);
    write(`${packaging.BUILT}/bundle.js.LICENSE.txt`, "not named by the manifest");
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("packaging inputs", () => {
    it("packages every file the manifest names (css, img, each resx language) and nothing else", async () => {
        const entries = await entriesOf(await packaging.buildZip(packaging.readInputs(root), true));
        const folder = "Controls/fi_FlowInvoker.FlowInvoker";
        expect([...entries.keys()]).toEqual([
            "solution.xml",
            "customizations.xml",
            `${folder}/ControlManifest.xml`,
            ...[...FILES].sort().map((file) => `${folder}/${file}`),
            "[Content_Types].xml",
        ]);
        const types = entries.get("[Content_Types].xml")!.toString();
        for (const ext of ["xml", "js", "css", "png", "html", "resx"]) expect(types).toContain(`<Default Extension="${ext}"`);
        expect(types).not.toContain('Extension="txt"');
    });

    it("fails when a file the manifest names was not built", () => {
        fs.rmSync(path.join(root, packaging.BUILT, "img", "icon.png"));
        expect(() => packaging.readInputs(root)).toThrow(/names img\/icon\.png, but .* is missing/);
    });

    it("refuses a resource path that leaves the control folder", () => {
        write(`${packaging.BUILT}/ControlManifest.xml`, MANIFEST.replace("auth/redirect.html", "../../secret.html"));
        expect(() => packaging.readInputs(root)).toThrow(/stay inside the control folder/);
    });

    it("fails when the built control, package.json and Solution.xml disagree on the version", () => {
        write("package.json", JSON.stringify({ version: "1.2.4" }));
        expect(() => packaging.readInputs(root)).toThrow(/built control is version 1\.2\.3 but package\.json says 1\.2\.4/);
        write(`${packaging.BUILT}/ControlManifest.xml`, MANIFEST.replace('version="1.2.3"', 'version="1.2.4"'));
        expect(() => packaging.readInputs(root)).toThrow(/Solution\.xml has version 1\.2\.3\.0, package\.json 1\.2\.4/);
    });

    it("fails when the built manifest is missing", () => {
        fs.rmSync(path.join(root, packaging.BUILT, "ControlManifest.xml"));
        expect(() => packaging.readInputs(root)).toThrow(/run the production build/);
    });
});
