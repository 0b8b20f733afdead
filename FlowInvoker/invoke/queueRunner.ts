import { FlowInvokerError, isFlowInvokerError } from "../errors/FlowInvokerError";
import { WebApi, dataverseCode, messageOf, statusOf } from "../services/dataverse";
import { QueueSettings } from "../settings/settings";
import { redact, redactAnswer } from "../shared/redact";
import { RunOutcome, Runner, RunnerDisposed, SignInState } from "./types";

export interface QueueDeps {
    queue: QueueSettings;
    webApi: WebApi;
    now: () => number;
    sleep: (ms: number) => Promise<void>;
}

type QueueStatus = "pending" | "running" | "completed" | "failed" | "unknown";

const FIRST_POLL_MS = 1000;
const MAX_POLL_MS = 5000;

/** The status column as text: a text column's value, or a choice's label from Dataverse's formatted-value annotation. */
function queueStatus(row: Record<string, unknown>, column: string): QueueStatus {
    const raw = row[`${column}@OData.Community.Display.V1.FormattedValue`] ?? row[column];
    const text = typeof raw === "string" ? raw.trim().toLowerCase() : "";
    return (["pending", "running", "completed", "failed"] as const).find((status) => status === text) ?? (text === "" ? "pending" : "unknown");
}

/** The flow's result, JSON or text, redacted before the panel or the column sees it. */
function parseResult(value: unknown): unknown {
    if (typeof value !== "string") return value ?? "";
    try {
        return redactAnswer(JSON.parse(value));
    } catch {
        return redactAnswer(value);
    }
}

/**
 * Queue mode: creates a request row that an automated flow ("When a row is added") processes, then polls the row with
 * backoff until the flow marks it Completed or Failed. No app registration: the form's own Dataverse session does it all,
 * and the row's createdby tells the flow who asked.
 */
export class QueueRunner implements Runner {
    readonly signInState: SignInState = "signedIn";
    private disposed = false;
    private wake: () => void = () => undefined;
    /** Settles when dispose() is called, so a poll's wait ends at once. */
    private readonly disposal = new Promise<void>((resolve) => (this.wake = resolve));

    constructor(private readonly deps: QueueDeps) {}

    onChange(): () => void {
        return () => undefined;
    }

    prefetch(): void {
        // Nothing to prepare: no token, no discovery.
    }

    async signIn(): Promise<void> {
        // The model-driven app's session is the sign-in.
    }

    /** The form closed or the settings changed: polling stops at once and the run ends with RunnerDisposed. */
    dispose(): void {
        this.disposed = true;
        this.wake();
    }

    async run(body: unknown): Promise<RunOutcome> {
        const { queue, now } = this.deps;
        const started = now();
        this.throwIfDisposed();
        const id = await this.createRequest(body);
        const deadline = started + queue.timeoutSeconds * 1000;
        let delay = FIRST_POLL_MS;
        let last: QueueStatus = "pending";
        while (now() < deadline) {
            await Promise.race([this.deps.sleep(Math.min(delay, Math.max(0, deadline - now()))), this.disposal]);
            this.throwIfDisposed();
            delay = Math.min(MAX_POLL_MS, Math.round(delay * 1.5));
            const row = await this.readRequest(id);
            this.throwIfDisposed();
            if (!row) continue;
            last = queueStatus(row, queue.statusColumn);
            const result = queue.resultColumn ? parseResult(row[queue.resultColumn]) : "";
            const durationMs = Math.round(now() - started);
            if (last === "completed") return { outcome: "completed", durationMs, trackingId: id, body: result };
            if (last === "failed") {
                // The column's own text: re-serialising the parsed result throws on deeply nested JSON.
                const responseText = redact(String((queue.resultColumn && row[queue.resultColumn]) ?? ""));
                throw new FlowInvokerError("QueueRunFailed", { trackingId: id, responseText, values: { table: queue.table } });
            }
        }
        const values = { table: queue.table, seconds: String(queue.timeoutSeconds), status: last };
        throw new FlowInvokerError(last === "pending" ? "QueueNotPickedUp" : "QueueTimedOut", { mayHaveRun: true, trackingId: id, values });
    }

    private throwIfDisposed(): void {
        if (this.disposed) throw new RunnerDisposed();
    }

    /** Creating a row is not idempotent: an unanswered create may have made the row, so it is never repeated. */
    private async createRequest(body: unknown): Promise<string> {
        const { queue, webApi } = this.deps;
        if (!webApi.createRecord) throw new FlowInvokerError("ServiceUnavailable", { values: { service: "Dataverse" } });
        try {
            return (await webApi.createRecord(queue.table, { [queue.inputColumn]: JSON.stringify(body) })).id.replace(/[{}]/g, "").toLowerCase();
        } catch (error) {
            // No answer within the Dataverse timeout: the row may exist and the flow may pick it up.
            if (isFlowInvokerError(error) && error.code === "RequestTimedOut") {
                throw new FlowInvokerError("RunOutcomeUnknown", { mayHaveRun: true, values: { service: "Dataverse" }, cause: error });
            }
            const status = statusOf(error);
            const serviceCode = dataverseCode(error) ?? (status ? String(status) : undefined);
            const message = messageOf(error);
            const details = { serviceCode, status, values: { table: queue.table, service: "Dataverse", serviceCode: serviceCode ?? "" }, cause: error };
            if (status === 403 || /privilege|prvCreate/i.test(message)) throw new FlowInvokerError("QueueWriteDenied", details);
            if (status === 404 || status === 400 || /does not exist|could not find|not a valid/i.test(message))
                throw new FlowInvokerError("QueueTableNotFound", details);
            throw new FlowInvokerError("RunOutcomeUnknown", { ...details, mayHaveRun: true });
        }
    }

    /** A failed read while polling is not the flow's failure: keep polling until the deadline. */
    private async readRequest(id: string): Promise<Record<string, unknown> | undefined> {
        const { queue, webApi } = this.deps;
        const columns = [queue.statusColumn, queue.resultColumn].filter(Boolean).join(",");
        try {
            return await webApi.retrieveRecord(queue.table, id, `?$select=${columns}`);
        } catch {
            return undefined;
        }
    }
}
