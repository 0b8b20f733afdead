import { isFlowInvokerError } from "../../errors/FlowInvokerError";
import { Cloud, isEnvironmentTriggerUrl } from "../../settings/clouds";
import { WebApi } from "../../services/dataverse";
import { readUrlVariable, writeUrlVariable } from "../../services/environmentVariables";
import { isSignedUrl } from "../../shared/signedUrl";
import type { SetupStep, StoreResult } from "./steps";

/** The same trigger: origin and path agree (the query may be ordered otherwise). */
const sameTrigger = (a: URL, b: URL): boolean => a.origin === b.origin && a.pathname.toLowerCase() === b.pathname.toLowerCase();

/**
 * With workflowId and callbackUrlVariable both set: says what the variable holds now, and offers to store the URL
 * listCallbackUrl gave, but only one proven to be this environment's flow's (its own host, never a signed URL), so users
 * who may not call listCallbackUrl or read `workflow` can run the flow from the variable (README "Setup check").
 */
export async function offerStore(
    deps: { webApi: WebApi; cloud: Cloud; variable: string },
    found: { url: string; environmentId: string },
    s: SetupStep,
    store: (url: string) => Promise<StoreResult>,
): Promise<void> {
    const url = new URL(found.url);
    const held = await readUrlVariable(deps.webApi, deps.variable).then(
        (value) => new URL(value),
        (error: unknown) => (isFlowInvokerError(error) ? error.code : "UnexpectedError"),
    );
    const same = held instanceof URL && sameTrigger(held, url);
    s.facts.push(["variableHolds", held instanceof URL ? (same ? "this URL" : `another URL (${held.host})`) : held]);
    // No variable to write into: the value holds the code (EnvironmentVariableNotFound), whose fix says what to create.
    if (same || held === "EnvironmentVariableNotFound" || isSignedUrl(url) || !isEnvironmentTriggerUrl(deps.cloud, found.environmentId, url)) return;
    s.store = { variable: deps.variable, run: () => store(url.href) };
}

/** The write, then a read as users do it: the stored value must be what they will get. */
export async function storeUrl(webApi: WebApi, variable: string, url: string): Promise<StoreResult> {
    const how = await writeUrlVariable(webApi, variable, url);
    const back = await readUrlVariable(webApi, variable).catch(() => "");
    const same = back === url;
    return {
        status: same ? "ok" : "warning",
        facts: [
            ["storedIn", `${variable} (${how})`],
            ["readBack", same ? "this URL" : "another value"],
        ],
    };
}
