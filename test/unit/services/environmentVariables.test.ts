/** @jest-environment node */
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { readUrlVariable } from "../../../FlowInvoker/services/environmentVariables";

const URL_ = "https://default1.00.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/x/triggers/manual/paths/invoke?api-version=1";

function api(entities: Array<Record<string, unknown>> | Error) {
    const calls: string[] = [];
    return {
        calls,
        webApi: {
            retrieveRecord: async () => ({}),
            retrieveMultipleRecords: async (entity: string, options?: string) => {
                calls.push(`${entity}${options}`);
                if (entities instanceof Error) throw entities;
                return { entities };
            },
        },
    };
}

describe("readUrlVariable", () => {
    it("reads the current value by schema name", async () => {
        const { webApi, calls } = api([
            { schemaname: "fi_Url", defaultvalue: "https://old", environmentvariabledefinition_environmentvariablevalue: [{ value: URL_ }] },
        ]);
        expect(await readUrlVariable(webApi, "fi_Url")).toBe(URL_);
        expect(calls[0]).toContain("environmentvariabledefinition?");
        expect(calls[0]).toContain("$filter=schemaname eq 'fi_Url'");
        expect(calls[0]).toContain("$expand=environmentvariabledefinition_environmentvariablevalue");
    });

    it("falls back to the default value", async () => {
        const { webApi } = api([{ schemaname: "fi_Url", defaultvalue: URL_, environmentvariabledefinition_environmentvariablevalue: [] }]);
        expect(await readUrlVariable(webApi, "fi_Url")).toBe(URL_);
    });

    it.each([
        [[], "EnvironmentVariableNotFound"],
        [[{ schemaname: "fi_Url", defaultvalue: null, environmentvariabledefinition_environmentvariablevalue: [{ value: " " }] }], "EnvironmentVariableEmpty"],
        [Object.assign(new Error("Forbidden"), { status: 403 }), "EnvironmentVariableNotFound"],
    ])("reports %j as %s", async (entities, code) => {
        await expect(readUrlVariable(api(entities as never).webApi, "fi_Url")).rejects.toMatchObject({ code });
        await expect(readUrlVariable(api(entities as never).webApi, "fi_Url")).rejects.toBeInstanceOf(FlowInvokerError);
    });
});

describe("a variable read that times out", () => {
    it("is shown as the timeout it is, not as a service refusal", async () => {
        const { FlowInvokerError } = await import("../../../FlowInvoker/errors/FlowInvokerError");
        const { readUrlVariable } = await import("../../../FlowInvoker/services/environmentVariables");
        const timedOut = new FlowInvokerError("RequestTimedOut", { values: { service: "Dataverse", seconds: "30" } });
        const webApi = { retrieveRecord: async () => ({}), retrieveMultipleRecords: async () => Promise.reject(timedOut) };
        await expect(readUrlVariable(webApi, "fi_EchoFlowUrl")).rejects.toMatchObject({ code: "RequestTimedOut" });
    });
});
