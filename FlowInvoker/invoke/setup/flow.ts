import { FlowInvokerError } from "../../errors/FlowInvokerError";
import { AppUserRecord, readWorkflow } from "../../services/dataverse";
import { environmentHost, isEnvironmentTriggerUrl } from "../../settings/clouds";
import { isSignedUrl } from "../../shared/signedUrl";
import { Discovery } from "../discovery";
import { checkWorkflow, isAllowedUser } from "../workflowCheck";
import { SetupCheckDeps, SetupStep, StoreResult, asError } from "./steps";
import { offerStore, storeUrl } from "./store";

export async function checkFlow(deps: SetupCheckDeps, user: AppUserRecord, s: SetupStep): Promise<void> {
    const { settings } = deps;
    const row = await readWorkflow(deps.webApi, settings.workflowId);
    s.facts.push(["flow", row.name], ["owner", row.ownerName ?? "—"], ["category", String(row.category)], ["state", `${row.stateCode}/${row.statusCode}`]);
    const facts = checkWorkflow(row, settings.workflowId, { allowAnonymousTrigger: settings.allowAnonymousTrigger });
    s.facts.push(
        ["trigger", facts.triggerName],
        ["whoCanTrigger", facts.anonymous ? "Anyone" : facts.allowedUsers ? "Specific users" : "Any user in the tenant"],
    );
    if (!facts.allowedUsers) return;
    const allowed = isAllowedUser(facts.allowedUsers, user);
    s.facts.push(["userAllowed", allowed === undefined ? "cannot tell" : allowed ? "yes" : "no"]);
    if (allowed === false) {
        const values = { flowName: row.name, user: user.loginHint ?? user.upn ?? user.email ?? "", owner: row.ownerName ?? "" };
        throw new FlowInvokerError("NotAnAllowedUser", { values, variant: row.ownerName ? undefined : "NoOwner" });
    }
}

/** The URL comes from the variable alone: no workflowId to ask listCallbackUrl for. */
const variableOnly = (deps: SetupCheckDeps): boolean => !!deps.settings.callbackUrlVariable && !deps.settings.workflowId;

/** listCallbackUrl (or the variable) as the runner would ask it, and whether the URL's host is this environment's. */
export async function checkCallbackUrl(deps: SetupCheckDeps, discovery: Discovery, token: string, s: SetupStep): Promise<URL> {
    const found = await discovery.callbackUrl(Promise.resolve(token));
    const url = new URL(found.url);
    const { cloud } = deps.settings;
    s.facts.push(["source", variableOnly(deps) ? `environment variable ${deps.settings.callbackUrlVariable}` : "listCallbackUrl"], ["host", url.host]);
    const own = isEnvironmentTriggerUrl(cloud, found.environmentId, url);
    s.facts.push([
        "ownHost",
        own ? "yes" : `no: Logic Apps host, vouched for by listCallbackUrl (expected ${environmentHost(cloud, found.environmentId) ?? "—"})`,
    ]);
    if (isSignedUrl(url)) s.facts.push(["signedUrl", "yes: allowAnonymousTrigger is on"]);
    const variable = deps.settings.callbackUrlVariable;
    if (variable && !variableOnly(deps)) {
        const store = (target: string): Promise<StoreResult> =>
            storeUrl(deps.webApi, variable, target).catch((error: unknown): StoreResult => ({ status: "failed", facts: [], error: asError(error) }));
        await offerStore({ webApi: deps.webApi, cloud, variable }, found, s, store);
    }
    return url;
}
