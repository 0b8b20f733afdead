import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { CurrentRunner, RunnerPage, buildRunner, invalidSettingsCheck } from "../../../FlowInvoker/invoke/buildRunner";
import { QueueRunner } from "../../../FlowInvoker/invoke/queueRunner";
import { FlowRunner } from "../../../FlowInvoker/invoke/runner";
import { PROPERTY_NAMES, PropertyName, RawProperties, SCHEMA } from "../../../FlowInvoker/settings/schema";
import { Settings, parseSettings } from "../../../FlowInvoker/settings/settings";
import { IDS, PropertyValues, rawProperties } from "../mockContext";

const ORIGIN = window.location.origin;
const QUEUE: PropertyValues = { mode: "Queue", queueTable: "fi_flowrequest", queueInputColumn: "fi_input", queueStatusColumn: "fi_status" };
const settingsOf = (values: PropertyValues = {}): Settings => parseSettings(rawProperties(values), ORIGIN);

function page(): RunnerPage & { reads: string[] } {
    const reads: string[] = [];
    return {
        reads,
        window,
        webApi: {
            retrieveRecord: (entity: string) => {
                reads.push(entity);
                return new Promise(() => undefined);
            },
        } as unknown as RunnerPage["webApi"],
        msal: async () => Promise.reject(new Error("no MSAL in this test")),
    };
}

describe("buildRunner", () => {
    it("builds the queue runner in Queue mode, with no setup check (it is for HTTP triggers)", () => {
        const built = buildRunner(settingsOf(QUEUE), {}, page());
        expect(built.runner).toBeInstanceOf(QueueRunner);
        expect(built.setupCheck).toBeUndefined();
        built.runner.dispose();
    });

    it("builds the flow runner in Http mode, which starts its prefetch at once, and the setup check beside it", () => {
        const on = page();
        const built = buildRunner(settingsOf(), { userId: IDS.userId }, on);
        expect(built.runner).toBeInstanceOf(FlowRunner);
        expect(typeof built.setupCheck).toBe("function");
        expect(on.reads.length).toBeGreaterThan(0);
        built.runner.dispose();
    });
});

/** Another valid value for every property the runner reads (the queue ones on a Queue configuration). */
const CHANGED: Partial<Record<PropertyName, PropertyValues>> = {
    workflowId: { workflowId: "0c6e3d0a-5b0e-4a57-9d1e-8a5c2c1f7b22" },
    clientId: { clientId: "11111111-2222-4333-8444-555555555556" },
    tenantId: { tenantId: IDS.tenantId },
    cloud: { cloud: "GCC" },
    environmentId: { environmentId: "Default-72f988bf-0000-4000-8000-2d7cd011db47" },
    redirectUri: { redirectUri: `${ORIGIN}/another/redirect.html` },
    allowAnonymousTrigger: { allowAnonymousTrigger: true },
    mode: QUEUE,
    queueTable: { ...QUEUE, queueTable: "fi_other" },
    queueInputColumn: { ...QUEUE, queueInputColumn: "fi_other" },
    queueStatusColumn: { ...QUEUE, queueStatusColumn: "fi_other" },
    queueResultColumn: { ...QUEUE, queueResultColumn: "fi_other" },
    queueTimeoutSeconds: { ...QUEUE, queueTimeoutSeconds: 60 },
    identityScope: { identityScope: "api://fi-api/user_impersonation" },
    askForInputs: { askForInputs: true },
    callbackUrlVariable: { callbackUrlVariable: "fi_ApprovalFlowUrl" },
    asyncTimeoutSeconds: { asyncTimeoutSeconds: 30 },
};
const readByRunner = PROPERTY_NAMES.filter((name) => (SCHEMA[name].readBy as readonly string[]).includes("runner"));
const baseOf = (name: PropertyName): PropertyValues => (name.startsWith("queue") ? QUEUE : {});

describe("CurrentRunner: one runner while the settings it reads stay the same", () => {
    afterEach(() => jest.restoreAllMocks());

    it("has a changed value for exactly the properties the schema says the runner reads", () => {
        expect(Object.keys(CHANGED).sort()).toEqual([...readByRunner].sort());
    });

    it("keeps the runner when only what the view reads changes", () => {
        const current = new CurrentRunner();
        const first = current.for(settingsOf(), {}, page());
        const view: Partial<RawProperties> = {
            buttonLabel: "Approve",
            confirmationText: "Sure?",
            requestBody: '{"a": 1}',
            resultPath: "status",
            showSetupCheck: true,
        };
        expect(current.for(settingsOf(view), {}, page())).toBe(first);
        current.dispose();
    });

    it.each(readByRunner)("builds a new runner and disposes the old one when %s changes", (name) => {
        const current = new CurrentRunner();
        const first = current.for(settingsOf(baseOf(name)), {}, page());
        const dispose = jest.spyOn(first.runner, "dispose");
        const next = current.for(settingsOf(CHANGED[name]), {}, page());
        expect(next.runner).not.toBe(first.runner);
        expect(dispose).toHaveBeenCalledTimes(1);
        current.dispose();
    });

    it("disposes the runner when dropped (invalid settings, destroy), and builds afresh afterwards", () => {
        const current = new CurrentRunner();
        const first = current.for(settingsOf(), {}, page());
        const dispose = jest.spyOn(first.runner, "dispose");
        current.dispose();
        expect(dispose).toHaveBeenCalledTimes(1);
        expect(current.for(settingsOf(), {}, page()).runner).not.toBe(first.runner);
        current.dispose();
    });
});

describe("invalidSettingsCheck", () => {
    it("runs the check for a configuration error against this page's origin", async () => {
        const steps = await invalidSettingsCheck(new FlowInvokerError("InvalidWorkflowId", { values: { property: "workflowId", value: "x" } }), window)();
        const properties = steps.find((step) => step.id === "properties");
        expect(properties?.status).toBe("failed");
        expect(properties?.facts).toEqual(
            expect.arrayContaining([
                ["org", window.location.host],
                ["property", "workflowId"],
            ]),
        );
    });
});
