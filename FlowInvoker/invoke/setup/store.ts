import { isFlowInvokerError } from "../../errors/FlowInvokerError";
import { Cloud, isEnvironmentTriggerUrl, isSameTrigger } from "../../settings/clouds";
import { WebApi } from "../../services/dataverse";
import { readUrlVariable, writeUrlVariable } from "../../services/environmentVariables";
import { isSignedUrl } from "../../shared/signedUrl";
import type { SetupStep, StoreResult } from "./steps";

/** What the variable holds, as the check says it: never a signed URL's query. */
function describeHeld(held: URL | string, url: URL): { text: string; same: boolean } {
    if (!(held instanceof URL)) return { text: held, same: false };
    // The same trigger's old Anyone URL carries a secret: it must be replaced, not counted as this URL.
    if (isSignedUrl(held)) return { text: `a signed (Anyone) URL (${held.host})`, same: false };
    return isSameTrigger(held, url) ? { text: "this URL", same: true } : { text: `another URL (${held.host})`, same: false };
}

function parsedUrl(value: string): URL | string {
    try {
        return new URL(value);
    } catch {
        return "not a URL";
    }
}

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
    const held = await readUrlVariable(deps.webApi, deps.variable).then(parsedUrl, (error: unknown) =>
        isFlowInvokerError(error) ? error.code : "UnexpectedError",
    );
    const { text, same } = describeHeld(held, url);
    s.facts.push(["variableHolds", text]);
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
