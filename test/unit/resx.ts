import * as fs from "fs";
import * as path from "path";

/** The control's resx strings by key, read the way the platform reads them. */
export function loadResx(languageId = 1033): Record<string, string> {
    const file = path.join(__dirname, "..", "..", "FlowInvoker", "strings", `FlowInvoker.${languageId}.resx`);
    const xml = fs.readFileSync(file, "utf8");
    const strings: Record<string, string> = {};
    const unescape = (text: string): string =>
        text
            .replace(/&lt;/g, "<")
            .replace(/&gt;/g, ">")
            .replace(/&quot;/g, '"')
            .replace(/&apos;/g, "'")
            .replace(/&amp;/g, "&");
    for (const match of xml.matchAll(/<data name="([^"]+)"[^>]*>\s*<value>([\s\S]*?)<\/value>/g)) strings[match[1]] = unescape(match[2]);
    return strings;
}

export const MANIFEST_PATH = path.join(__dirname, "..", "..", "FlowInvoker", "ControlManifest.Input.xml");
