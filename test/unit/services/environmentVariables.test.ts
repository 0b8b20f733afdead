/** @jest-environment node */
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { readUrlVariable, writeUrlVariable } from "../../../FlowInvoker/services/environmentVariables";

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
        // Xrm.WebApi gives Dataverse's code and no HTTP status.
        [
            Object.assign(new Error("Principal user is missing prvReadEnvironmentVariableDefinition privilege"), { errorCode: 0x80040220 }),
            "EnvironmentVariableNotFound",
        ],
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

describe("writeUrlVariable", () => {
    const DEFINITION = "e7a10001-0000-4000-8000-000000000001";
    function writable(values: Array<Record<string, unknown>>, refuse?: Error) {
        const writes: Array<[string, string, Record<string, unknown>]> = [];
        const webApi = {
            retrieveRecord: async () => ({}),
            retrieveMultipleRecords: async (_entity: string, options?: string) => {
                writes.push(["read", options ?? "", {}]);
                return {
                    entities: [
                        { environmentvariabledefinitionid: DEFINITION, schemaname: "fi_Url", environmentvariabledefinition_environmentvariablevalue: values },
                    ],
                };
            },
            createRecord: async (entity: string, data: Record<string, unknown>) => {
                if (refuse) throw refuse;
                writes.push(["create", entity, data]);
                return { id: "v-new" };
            },
            updateRecord: async (entity: string, id: string, data: Record<string, unknown>) => {
                if (refuse) throw refuse;
                writes.push(["update", `${entity}(${id})`, data]);
                return { id };
            },
        };
        return { webApi, writes };
    }

    it("creates the value row bound to the definition when the variable has no current value", async () => {
        const { webApi, writes } = writable([]);
        expect(await writeUrlVariable(webApi, "fi_Url", URL_)).toBe("created");
        expect(writes[0][1]).toContain("$filter=schemaname eq 'fi_Url'");
        expect(writes[1]).toEqual([
            "create",
            "environmentvariablevalue",
            { value: URL_, "EnvironmentVariableDefinitionId@odata.bind": `/environmentvariabledefinitions(${DEFINITION})` },
        ]);
    });

    it("updates the existing value row", async () => {
        const { webApi, writes } = writable([{ environmentvariablevalueid: "v-1", value: "https://old" }]);
        expect(await writeUrlVariable(webApi, "fi_Url", URL_)).toBe("updated");
        expect(writes[1]).toEqual(["update", "environmentvariablevalue(v-1)", { value: URL_ }]);
    });

    it("without the privilege: EnvironmentVariableWriteDenied naming the privilege Dataverse said is missing", async () => {
        const refusal = Object.assign(new Error("Principal user (Id=u) is missing prvCreateEnvironmentVariableValue privilege (Id=p) on OTC=381"), {
            errorCode: 0x80040220,
            status: 403,
        });
        const error = await writeUrlVariable(writable([], refusal).webApi, "fi_Url", URL_).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: "EnvironmentVariableWriteDenied", details: { serviceCode: "0x80040220" } });
        expect((error as FlowInvokerError).details.values).toMatchObject({ name: "fi_Url", privilege: "prvCreateEnvironmentVariableValue" });
    });

    it("knows the refusal by Dataverse's code alone, as Xrm.WebApi gives it (no HTTP status)", async () => {
        const refusal = Object.assign(new Error("Principal user is missing prvWriteEnvironmentVariableValue privilege"), { errorCode: 0x80040220 });
        const error = await writeUrlVariable(writable([{ environmentvariablevalueid: "v-1" }], refusal).webApi, "fi_Url", URL_).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: "EnvironmentVariableWriteDenied", details: { values: { privilege: "prvWriteEnvironmentVariableValue" } } });
    });

    it("never writes a signed (Anyone) URL", async () => {
        const { webApi, writes } = writable([]);
        await expect(writeUrlVariable(webApi, "fi_Url", `${URL_}&sp=%2Ftriggers&sv=1.0&sig=SECRET`)).rejects.toMatchObject({ code: "AnonymousTriggerRefused" });
        expect(writes).toHaveLength(0);
    });
});
