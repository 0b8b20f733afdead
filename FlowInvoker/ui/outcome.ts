import { FlowInvokerError } from "../errors/FlowInvokerError";
import { RunResult } from "../services/trigger";

/** What the panel shows after a click. */
export type Outcome = { kind: "result"; result: RunResult } | { kind: "error"; error: FlowInvokerError };
