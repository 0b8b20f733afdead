/** @jest-environment node */
import * as fs from "fs";
import * as path from "path";
import { MAX_ANSWER_BYTES } from "../../../FlowInvoker/shared/limits";

describe("MAX_ANSWER_BYTES", () => {
    // The panel says the limit in MB (Ui_AnswerTooLarge's {max}); the README tells makers the same figure.
    it("is a whole number of MB, the figure README 'How it behaves' states", () => {
        const mb = MAX_ANSWER_BYTES / 1024 / 1024;
        expect(Number.isInteger(mb)).toBe(true);
        const readme = fs.readFileSync(path.join(__dirname, "..", "..", "..", "README.md"), "utf8");
        expect(readme).toContain(`An answer is read up to ${mb} MB`);
    });
});
