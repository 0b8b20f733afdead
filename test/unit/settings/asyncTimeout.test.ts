import { FlowInvokerError } from "../../../FlowInvoker/errors/FlowInvokerError";
import { ASYNC_TIMEOUT_SECONDS, parseSettings } from "../../../FlowInvoker/settings/settings";
import { IDS, rawProperties } from "../mockContext";

const ORIGIN = "https://contoso.crm.dynamics.com";
const base = rawProperties({ workflowId: IDS.workflowId, clientId: IDS.clientId, cloud: null });

describe("asyncTimeoutSeconds", () => {
    it("defaults to 600 s and takes a whole number from 10 to 3600", () => {
        expect(parseSettings(base, ORIGIN).asyncTimeoutSeconds).toBe(ASYNC_TIMEOUT_SECONDS);
        expect(ASYNC_TIMEOUT_SECONDS).toBe(600);
        expect(parseSettings({ ...base, asyncTimeoutSeconds: 10 }, ORIGIN).asyncTimeoutSeconds).toBe(10);
        expect(parseSettings({ ...base, asyncTimeoutSeconds: 3600 }, ORIGIN).asyncTimeoutSeconds).toBe(3600);
    });

    it.each([9, 3601, 2.5, -1])("refuses %s, naming the property", (value) => {
        let error: FlowInvokerError | undefined;
        try {
            parseSettings({ ...base, asyncTimeoutSeconds: value }, ORIGIN);
        } catch (caught) {
            error = caught as FlowInvokerError;
        }
        expect(error?.code).toBe("InvalidAsyncTimeout");
        expect(error?.details.values).toMatchObject({ property: "asyncTimeoutSeconds", value: String(value) });
    });
});
