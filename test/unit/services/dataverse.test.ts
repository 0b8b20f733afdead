/** @jest-environment node */
import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { WebApi, readAppUser, readOrganization, readWorkflow, readWorkflowVersion, withTimeouts } from "../../../FlowInvoker/services/dataverse";
import { scriptedFetch } from "../fakes";
import { IDS } from "../mockContext";

const webApi = (answer: () => Promise<Record<string, unknown>>): WebApi & { calls: unknown[][] } => {
    const calls: unknown[][] = [];
    return { calls, retrieveRecord: (...args: unknown[]) => (calls.push(args), answer()) };
};

async function codeOf(promise: Promise<unknown>): Promise<string> {
    try {
        await promise;
    } catch (error) {
        return (error as FlowInvokerError).code;
    }
    return "resolved";
}

describe("readWorkflowVersion", () => {
    it("asks for the row's version alone, never clientdata, and gives versionnumber as text", async () => {
        const api = webApi(async () => ({ versionnumber: 4711042, modifiedon: "2026-01-01T00:00:00Z" }));
        expect(await readWorkflowVersion(api, IDS.workflowId)).toBe("4711042");
        expect(api.calls[0]).toEqual(["workflow", IDS.workflowId, "?$select=versionnumber,modifiedon"]);
    });

    it("falls back to modifiedon, and to nothing when the row carries neither", async () => {
        expect(
            await readWorkflowVersion(
                webApi(async () => ({ versionnumber: null, modifiedon: "2026-01-01T00:00:00Z" })),
                IDS.workflowId,
            ),
        ).toBe("2026-01-01T00:00:00Z");
        expect(
            await readWorkflowVersion(
                webApi(async () => ({})),
                IDS.workflowId,
            ),
        ).toBeUndefined();
    });

    it("says the flow is gone like the full read does", async () => {
        const api = webApi(() => Promise.reject({ errorCode: 0x80040217, message: "workflow With Id = x Does Not Exist" }));
        expect(await codeOf(readWorkflowVersion(api, IDS.workflowId))).toBe("WorkflowNotFound");
    });

    it("hands the version on with the full row", async () => {
        const row = await readWorkflow(
            webApi(async () => ({ name: "A", resourceid: "r", category: 5, statecode: 1, statuscode: 2, clientdata: "{}", versionnumber: 7 })),
            IDS.workflowId,
        );
        expect(row.version).toBe("7");
    });
});

describe("readWorkflow", () => {
    it("reads the columns it needs by workflowid", async () => {
        const api = webApi(async () => ({
            name: "Approve",
            resourceid: "AB12CD34-0000-4000-8000-000000000001",
            category: 5,
            statecode: 1,
            statuscode: 2,
            clientdata: "{}",
        }));
        const row = await readWorkflow(api, IDS.workflowId);
        expect(api.calls[0][0]).toBe("workflow");
        expect(api.calls[0][1]).toBe(IDS.workflowId);
        expect(api.calls[0][2]).toContain("$select=");
        expect(api.calls[0][2]).toContain("resourceid");
        expect(api.calls[0][2]).toContain("clientdata");
        expect(row).toEqual({
            name: "Approve",
            resourceId: "ab12cd34-0000-4000-8000-000000000001",
            category: 5,
            stateCode: 1,
            statusCode: 2,
            clientData: "{}",
        });
    });

    it("names the flow's owner from the lookup's formatted value, so a refusal can say whom to ask", async () => {
        const api = webApi(async () => ({
            name: "Approve",
            resourceid: "r",
            category: 5,
            statecode: 1,
            statuscode: 2,
            _ownerid_value: "7a2f3e4d-0000-4000-8000-000000000001",
            "_ownerid_value@OData.Community.Display.V1.FormattedValue": "Megan Bowen",
        }));
        const row = await readWorkflow(api, IDS.workflowId);
        expect(api.calls[0][2]).toContain("_ownerid_value");
        expect(row.ownerName).toBe("Megan Bowen");
    });

    it.each([
        ["Xrm errorCode as unsigned number", { errorCode: 2147746327, message: "workflow With Id = x Does Not Exist" }, "WorkflowNotFound"],
        ["Xrm errorCode as signed number", { errorCode: -2147220969, message: "" }, "WorkflowNotFound"],
        ["a 404 status", { status: 404, message: "Not Found" }, "WorkflowNotFound"],
        ["missing prvReadWorkflow", { errorCode: 2147746336, message: "Principal user is missing prvReadWorkflow privilege" }, "WorkflowReadDenied"],
        ["a 403 status", { status: 403, message: "Forbidden" }, "WorkflowReadDenied"],
        ["a Web API error body", { error: { code: "0x80040217", message: "Does Not Exist" } }, "WorkflowNotFound"],
        ["a network failure", new TypeError("Failed to fetch"), "ServiceUnavailable"],
    ])("maps %s to %s", async (_name, failure, code) => {
        expect(
            await codeOf(
                readWorkflow(
                    webApi(() => Promise.reject(failure)),
                    IDS.workflowId,
                ),
            ),
        ).toBe(code);
    });
});

describe("readAppUser", () => {
    it("uses the UPN as login hint and the Entra object id", async () => {
        const user = await readAppUser(
            webApi(async () => ({ windowsliveid: "adele@contoso.com", azureactivedirectoryobjectid: "ABC" })),
            IDS.userId,
        );
        expect(user).toEqual({ loginHint: "adele@contoso.com", objectId: "abc", upn: "adele@contoso.com" });
    });

    it("keeps every id a trigger's user list may hold: UPN, e-mail and object id", async () => {
        const user = await readAppUser(
            webApi(async () => ({ windowsliveid: "adele@contoso.com", internalemailaddress: "adele.vance@contoso.com", azureactivedirectoryobjectid: "ABC" })),
            IDS.userId,
        );
        expect(user).toMatchObject({ upn: "adele@contoso.com", email: "adele.vance@contoso.com", objectId: "abc" });
    });

    it("reads the user once per Web API, for sign-in and the allowed-users check alike; a failure is tried again", async () => {
        let fail = true;
        const api = webApi(async () => {
            if (fail) throw new TypeError("Failed to fetch");
            return { windowsliveid: "adele@contoso.com" };
        });
        await expect(readAppUser(api, IDS.userId)).rejects.toThrow();
        fail = false;
        const [first, second] = await Promise.all([readAppUser(api, IDS.userId), readAppUser(api, IDS.userId)]);
        expect(first).toBe(second);
        expect(api.calls.length).toBe(2);
    });

    it("uses the e-mail address for a guest, whose windowsliveid holds #EXT#", async () => {
        const user = await readAppUser(
            webApi(async () => ({ windowsliveid: "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com", internalemailaddress: "bob@fabrikam.com" })),
            IDS.userId,
        );
        expect(user.loginHint).toBe("bob@fabrikam.com");
    });
});

describe("readOrganization", () => {
    it("reads environment and tenant ids from RetrieveCurrentOrganization", async () => {
        const fetch = scriptedFetch([[/RetrieveCurrentOrganization/, { status: 200, body: { Detail: { EnvironmentId: "Default-abc", TenantId: "T-1" } } }]]);
        expect(await readOrganization(fetch, "https://contoso.crm.dynamics.com")).toEqual({ environmentId: "Default-abc", tenantId: "t-1" });
        expect(fetch.sent[0].url).toBe(
            "https://contoso.crm.dynamics.com/api/data/v9.2/RetrieveCurrentOrganization(AccessType=@p1)?@p1=Microsoft.Dynamics.CRM.EndpointAccessType'Default'",
        );
        expect(fetch.sent[0].headers.authorization).toBeUndefined();
    });

    it("returns nothing when the function is refused", async () => {
        const fetch = scriptedFetch([[/RetrieveCurrentOrganization/, { status: 403, body: { error: { code: "0x80040220" } } }]]);
        expect(await readOrganization(fetch, "https://contoso.crm.dynamics.com")).toEqual({});
    });
});

describe("withTimeouts", () => {
    const hung = (): Promise<never> => new Promise<never>(() => undefined);

    it("ends every context.webAPI call that gets no answer with RequestTimedOut, naming Dataverse", async () => {
        const api = withTimeouts({ retrieveRecord: hung, retrieveMultipleRecords: hung, createRecord: hung, updateRecord: hung }, 20);
        for (const call of [
            api.retrieveRecord("workflow", "x"),
            api.retrieveMultipleRecords?.("x"),
            api.createRecord?.("x", {}),
            api.updateRecord?.("x", "y", {}),
        ]) {
            await expect(call).rejects.toMatchObject({ code: "RequestTimedOut", details: { values: { service: "Dataverse" } } });
        }
    });

    it("passes answers and Dataverse's own errors through unchanged", async () => {
        const api = withTimeouts({ retrieveRecord: async () => ({ ok: 1 }), createRecord: async () => Promise.reject({ status: 403 }) }, 1000);
        await expect(api.retrieveRecord("a", "b")).resolves.toEqual({ ok: 1 });
        await expect(api.createRecord?.("a", {})).rejects.toEqual({ status: 403 });
        expect(api.retrieveMultipleRecords).toBeUndefined();
    });

    it("reports a workflow read that timed out as a timeout, not as a Dataverse error", async () => {
        expect(await codeOf(readWorkflow(withTimeouts({ retrieveRecord: hung }, 20), IDS.workflowId))).toBe("RequestTimedOut");
    });
});
