/**
 * @jest-environment node
 */
import { ESLint } from "eslint";
import * as path from "path";

const root = path.resolve(__dirname, "../../..");
// The planted files are in no tsconfig, so the type-aware parse is switched off for them (the folder rules need none).
const eslint = new ESLint({
    cwd: root,
    overrideConfig: {
        parserOptions: { project: null },
        rules: { "@typescript-eslint/no-floating-promises": "off", "@typescript-eslint/no-misused-promises": "off" },
    },
});

async function importErrors(file: string, source: string): Promise<string[]> {
    const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
    return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

// The folder rules of README "Project layout", as lint enforces them on a file placed in each folder.
describe("folder rules", () => {
    it.each([
        ["FlowInvoker/ui/Example.tsx", 'import { SignInRequired } from "../auth/signIn";\nexport const x = SignInRequired;\n'],
        ["FlowInvoker/ui/Example.tsx", 'import { send } from "../services/http";\nexport const x = send;\n'],
        ["FlowInvoker/services/example.ts", 'import { Runner } from "../invoke/runner";\nexport const x = Runner;\n'],
        ["FlowInvoker/settings/example.ts", 'import { send } from "../services/http";\nexport const x = send;\n'],
        ["FlowInvoker/errors/example.ts", 'import { CLOUDS } from "../settings/clouds";\nexport const x = CLOUDS;\n'],
        ["FlowInvoker/shared/example.ts", 'import { FlowInvokerError } from "../errors/FlowInvokerError";\nexport const x = FlowInvokerError;\n'],
        ["FlowInvoker/invoke/example.ts", 'import { ResultPanel } from "../ui/ResultPanel";\nexport const x = ResultPanel;\n'],
        ["FlowInvoker/auth/example.ts", 'import { CLOUDS } from "../settings/clouds";\nexport const x = CLOUDS;\n'],
    ])("%s may not use %s", async (file, source) => {
        expect(await importErrors(file, source)).toHaveLength(1);
    });

    it.each([
        ["FlowInvoker/ui/Example.tsx", 'import { RunOutcome } from "../invoke/types";\nexport type X = RunOutcome;\n'],
        ["FlowInvoker/services/example.ts", 'import { CLOUDS } from "../settings/clouds";\nexport const x = CLOUDS;\n'],
        ["FlowInvoker/errors/example.ts", 'import { redact } from "../shared/redact";\nexport const x = redact;\n'],
    ])("%s may use %s", async (file, source) => {
        expect(await importErrors(file, source)).toEqual([]);
    });
});
