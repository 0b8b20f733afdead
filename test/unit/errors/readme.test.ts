/**
 * @jest-environment node
 */
import * as fs from "fs";
import * as path from "path";
import { AADSTS_CODES, MSAL_CODES } from "../../../FlowInvoker/auth/msalErrors";
import { ERROR_CATALOGUE, ERROR_CODES, ErrorCode, causeKey, fixKey } from "../../../FlowInvoker/errors/catalogue";
import { DATAVERSE_CODES } from "../../../FlowInvoker/services/dataverse";
import { FLOW_API_CODES } from "../../../FlowInvoker/services/flowApi";
import { GATEWAY_CODES } from "../../../FlowInvoker/services/triggerAnswer";
import { loadResx } from "../resx";

// The README's troubleshooting table is checked against the catalogue, the English resx and the services' own code tables,
// so searching the README for what the panel shows finds the row. `UPDATE_README=1 npx jest test/unit/errors/readme`
// rewrites its "service codes" column from those tables.
const README = path.join(__dirname, "..", "..", "..", "README.md");
const strings = loadResx();

/** Codes the services name, by the code we show beside them. */
function serviceCodesByError(): Map<ErrorCode, string[]> {
    const byError = new Map<ErrorCode, string[]>();
    const add = (serviceCode: string, code: ErrorCode): void => {
        const list = byError.get(code) ?? [];
        if (!list.includes(serviceCode)) list.push(serviceCode);
        byError.set(code, list);
    };
    for (const [number, code] of Object.entries(AADSTS_CODES)) add(`AADSTS${number}`, code);
    for (const table of [MSAL_CODES, GATEWAY_CODES, FLOW_API_CODES]) for (const [serviceCode, code] of Object.entries(table)) add(serviceCode, code);
    for (const [serviceCode, codes] of Object.entries(DATAVERSE_CODES)) for (const code of codes) add(serviceCode, code);
    // Why a silent sign-in ends as "Sign in" (MSAL's own codes, shown by the setup check and SignInFailed).
    for (const serviceCode of ["login_required", "interaction_required", "no_account", "cache_miss"]) add(serviceCode, "SignInFailed");
    return byError;
}

interface Row {
    line: string;
    code: string;
    cells: string[];
}

function rows(readme: string): Row[] {
    return readme
        .split("\n")
        .filter((line) => /^\| `\w+` \|/.test(line))
        .map((line) => ({
            line,
            code: /^\| `(\w+)`/.exec(line)![1],
            cells: line
                .slice(1, -1)
                .split(" | ")
                .map((cell) => cell.trim()),
        }));
}

/** The resx text as the README shows it: `{name}` placeholders as `<name>`, literal `{{…}}` kept. */
const rendered = (text: string): string => text.replace(/(?<!\{)\{(\w+)\}(?!\})/g, "<$1>");
const codeCell = (codes: string[] | undefined): string => (codes?.length ? codes.map((code) => `\`${code}\``).join(", ") : "");

if (process.env.UPDATE_README === "1") {
    const codes = serviceCodesByError();
    const readme = fs.readFileSync(README, "utf8");
    const updated = readme
        .split("\n")
        .map((line) => {
            const row = rows(line)[0];
            if (!row || !(row.code in ERROR_CATALOGUE) || row.cells.length !== 5) return line;
            const cells = [...row.cells];
            cells[2] = codeCell(codes.get(row.code as ErrorCode));
            return `| ${cells.join(" | ")} |`;
        })
        .join("\n");
    fs.writeFileSync(README, updated);
}

describe("README troubleshooting table", () => {
    const readme = fs.readFileSync(README, "utf8");
    const table = new Map(rows(readme).map((row) => [row.code, row]));
    const codes = serviceCodesByError();

    it.each(ERROR_CODES)("%s has one row: code | step | service codes | cause | fix, with the resx texts", (code) => {
        const row = table.get(code);
        expect(row?.cells).toHaveLength(5);
        const [, step, , cause, fix] = row!.cells;
        expect(step).toBe(ERROR_CATALOGUE[code].step);
        // A row may add a note for makers after the text the panel shows.
        expect(cause.startsWith(rendered(strings[causeKey(code)]))).toBe(true);
        expect(fix.startsWith(rendered(strings[fixKey(code)]))).toBe(true);
    });

    it.each([...serviceCodesByError().entries()])("%s's row lists the service codes shown beside it: %j", (code, serviceCodes) => {
        expect(table.get(code)?.cells[2]).toBe(codeCell(serviceCodes));
    });

    it("names every service code the control maps (so a search for what the panel shows finds the row)", () => {
        const all = [...codes.values()].flat();
        expect(all).toEqual(
            expect.arrayContaining(["AADSTS65001", "AADSTS50011", "AADSTS700016", "interaction_in_progress", "login_required", "consent_required"]),
        );
        expect(all).toEqual(expect.arrayContaining(["0x80040220", "WorkflowTriggerIsNotEnabled"]));
        for (const serviceCode of all) expect(readme).toContain(`\`${serviceCode}\``);
    });
});
