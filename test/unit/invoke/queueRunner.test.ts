/** @jest-environment node */
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { QueueRunner } from "../../../FlowInvoker/invoke/queueRunner";
import { RunnerDisposed } from "../../../FlowInvoker/invoke/types";
import { WebApi } from "../../../FlowInvoker/services/dataverse";
import { failure, settle } from "../fakes";

const queue = { table: "fi_flowrequest", inputColumn: "fi_input", statusColumn: "fi_status", resultColumn: "fi_result", timeoutSeconds: 30 };

/** A Dataverse table whose rows an imitation automated flow moves through the given statuses, one per poll. */
function table(statuses: Array<Record<string, unknown>>, createError?: unknown) {
    const created: Array<Record<string, unknown>> = [];
    let polls = 0;
    const webApi: WebApi = {
        createRecord: async (entity, data) => {
            if (createError) throw createError;
            created.push({ entity, ...data });
            return { id: "{AAAA0000-0000-4000-8000-000000000001}" };
        },
        retrieveRecord: async () => statuses[Math.min(polls++, statuses.length - 1)],
    };
    let clock = 0;
    const sleeps: number[] = [];
    const runner = new QueueRunner({ queue, webApi, now: () => clock, sleep: async (ms) => void (sleeps.push(ms), (clock += ms)) });
    return { runner, created, sleeps, polls: () => polls };
}

describe("QueueRunner", () => {
    it("creates one request row with the body as JSON and returns the flow's result when Completed", async () => {
        const { runner, created, sleeps } = table([
            { fi_status: "Pending" },
            { fi_status: "Running" },
            { fi_status: "Completed", fi_result: '{"approvalId":"A-7"}' },
        ]);
        const outcome = await runner.run({ recordId: "r" });
        expect(created).toEqual([{ entity: "fi_flowrequest", fi_input: '{"recordId":"r"}' }]);
        expect(outcome).toMatchObject({ outcome: "completed", body: { approvalId: "A-7" }, trackingId: "aaaa0000-0000-4000-8000-000000000001" });
        expect(outcome.status).toBeUndefined();
        expect(sleeps).toEqual([1000, 1500, 2250]);
    });

    it("reads a choice status by its label", async () => {
        const { runner } = table([{ fi_status: 100000002, "fi_status@OData.Community.Display.V1.FormattedValue": "Completed", fi_result: "done" }]);
        expect((await runner.run({})).body).toBe("done");
    });

    it("shows the flow's failure with its result", async () => {
        const { runner } = table([{ fi_status: "Failed", fi_result: "Credit check failed" }]);
        const error = await failure(runner.run({}));
        expect(error.code).toBe("QueueRunFailed");
        expect(error.details.responseText).toBe("Credit check failed");
    });

    it("says no flow picked the request up when it stays Pending, and that it may still run", async () => {
        const { runner, created, sleeps } = table([{ fi_status: "Pending" }]);
        const error = await failure(runner.run({}));
        expect(error.code).toBe("QueueNotPickedUp");
        expect(error.details.mayHaveRun).toBe(true);
        expect(created).toHaveLength(1);
        expect(sleeps.reduce((a, b) => a + b, 0)).toBe(30_000);
        expect(Math.max(...sleeps)).toBeLessThanOrEqual(5000);
    });

    it("times out a flow stuck Running", async () => {
        const error = await failure(table([{ fi_status: "Running" }]).runner.run({}));
        expect(error.code).toBe("QueueTimedOut");
        expect(error.details.values?.status).toBe("running");
    });

    it.each([
        [{ status: 403, message: "missing prvCreatefi_flowrequest privilege" }, "QueueWriteDenied"],
        [{ errorCode: 2147746327, message: "Entity 'fi_nope' does not exist" }, "QueueTableNotFound"],
        [new TypeError("Failed to fetch"), "RunOutcomeUnknown"],
    ])("maps a failed create %j to %s and never creates twice", async (createError, code) => {
        const error = await failure(table([], createError).runner.run({}));
        expect(error.code).toBe(code);
    });

    it("says a create that got no answer in time may have made the row, and never creates twice", async () => {
        const timedOut = new FlowInvokerError("RequestTimedOut", { values: { service: "Dataverse", seconds: "30" } });
        const error = await failure(table([], timedOut).runner.run({}));
        expect(error.code).toBe("RunOutcomeUnknown");
        expect(error.details.mayHaveRun).toBe(true);
    });

    it("stops polling at once when disposed, and ends the run as disposed", async () => {
        let polls = 0;
        const webApi: WebApi = { createRecord: async () => ({ id: "a" }), retrieveRecord: async () => (polls++, { fi_status: "Running" }) };
        // A wait that never ends by itself: only dispose() can end the run (and no timer outlives the test).
        const runner = new QueueRunner({ queue, webApi, now: () => 0, sleep: () => new Promise<void>(() => undefined) });
        const run = runner.run({});
        await settle();
        runner.dispose();
        await expect(run).rejects.toBeInstanceOf(RunnerDisposed);
        expect(polls).toBe(0);
    });
});
