/** @jest-environment node */
import { QueueRunner } from "../../../FlowInvoker/invoke/queueRunner";
import { failure } from "../fakes";

const queue = { table: "fi_flowrequest", inputColumn: "fi_input", statusColumn: "fi_status", resultColumn: "fi_result", timeoutSeconds: 30 };
const TOKEN = `eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJ4eHh4In0.${"s".repeat(40)}`;
const SIGNED = "https://prod-07.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=1&sv=1.0&sig=SECRET-SIG";

/** A queue row the imitation flow finished with the given status and result. */
function finished(status: string, result: string): QueueRunner {
    const webApi = {
        createRecord: async () => ({ id: "{AAAA0000-0000-4000-8000-000000000001}" }),
        retrieveRecord: async () => ({ fi_status: status, fi_result: result }),
    };
    let clock = 0;
    return new QueueRunner({ queue, webApi, now: () => clock, sleep: async (ms) => void (clock += ms) });
}

describe("queue results", () => {
    it("never shows a token or a signed URL the flow wrote into a Completed result", async () => {
        const deep = `${"[".repeat(100_000)}"${TOKEN}"${"]".repeat(100_000)}`;
        const outcome = await finished("Completed", `{"token": "${TOKEN}", "link": "${SIGNED}", "deep": ${deep}}`).run({});
        expect(outcome.outcome).toBe("completed");
        const { deep: nested, ...rest } = outcome.body as { deep: unknown };
        expect(JSON.stringify(rest)).not.toMatch(/SECRET-SIG|eyJvaWQ/);
        expect(JSON.stringify(rest)).toContain("prod-07.westus.logic.azure.com/workflows/abc");
        let innermost = nested;
        while (Array.isArray(innermost)) innermost = innermost[0] as unknown;
        expect(innermost).toBe("[redacted token]");
    });

    it("never shows them from a Failed result either", async () => {
        const error = await failure(finished("Failed", `Credit check failed: Bearer ${TOKEN} ${SIGNED}`).run({}));
        expect(error.code).toBe("QueueRunFailed");
        expect(error.details.responseText).toContain("Credit check failed");
        expect(error.details.responseText).not.toMatch(/SECRET-SIG|eyJvaWQ/);
    });
});
