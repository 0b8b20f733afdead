/** @jest-environment node */
import { appTheme, emitControlEvent, isDesignMode, isFramedCrossOrigin, readFormFacts } from "../../../FlowInvoker/host/formFacts";

type Context = ComponentFramework.Context<unknown>;
const asContext = (value: object): Context => value as unknown as Context;
const asWindow = (value: object): Window => value as unknown as Window;

const TENANT = "72f988bf-0000-4000-8000-2d7cd011db47";
const RECORD = "cccccccc-2222-4222-8222-dddddddddddd";
const USER = "aaaaaaaa-1111-4111-8111-bbbbbbbbbbbb";
const xrm = (bapEnvironmentId: unknown) => ({ Xrm: { Utility: { getGlobalContext: () => ({ organizationSettings: { bapEnvironmentId } }) } } });

describe("readFormFacts: ids the model-driven app gives beyond the typed context", () => {
    it("reads tenant, record, table, user and environment, GUIDs in the form Web API URLs need", () => {
        const context = asContext({
            orgSettings: { tenantId: `{${TENANT.toUpperCase()}}` },
            mode: { contextInfo: { entityId: ` ${RECORD.toUpperCase()} `, entityTypeName: " account " } },
            userSettings: { userId: `{${USER}}` },
        });
        const win = asWindow({ ...xrm(" Default-72f988bf "), parent: {} });
        expect(readFormFacts(context, win)).toEqual({
            tenantId: TENANT,
            recordId: RECORD,
            entityName: "account",
            userId: USER,
            environmentId: "Default-72f988bf",
        });
    });

    it("finds the environment id on the parent page when the control's own frame has no Xrm", () => {
        expect(readFormFacts(asContext({}), asWindow({ parent: xrm("env-1") })).environmentId).toBe("env-1");
    });

    it("reads nothing it cannot trust: missing members, blank or non-text values, a cross-origin parent", () => {
        const crossOrigin = {
            get Xrm(): never {
                throw new DOMException("Blocked a frame", "SecurityError");
            },
        };
        const context = asContext({
            orgSettings: { tenantId: 42 },
            mode: { contextInfo: { entityId: "", entityTypeName: "  " } },
            userSettings: { userId: "not-a-guid" },
        });
        expect(readFormFacts(context, asWindow({ ...xrm(""), parent: crossOrigin }))).toEqual({
            tenantId: undefined,
            recordId: undefined,
            entityName: undefined,
            userId: undefined,
            environmentId: undefined,
        });
    });
});

describe("appTheme", () => {
    it("is the app's Fluent theme when it gives one, else nothing", () => {
        const theme = { colorBrandBackground: "#0f6cbd" };
        expect(appTheme(asContext({ fluentDesignLanguage: { tokenTheme: theme } }))).toBe(theme);
        expect(appTheme(asContext({ fluentDesignLanguage: { tokenTheme: "dark" } }))).toBeUndefined();
        expect(appTheme(asContext({}))).toBeUndefined();
    });
});

describe("isDesignMode", () => {
    const framedBy = (origin?: string) => asWindow({ location: { ancestorOrigins: origin ? [origin] : [] } });

    it("is on in the form designer: the authoring flag, or the maker portal of any cloud framing the form", () => {
        expect(isDesignMode(asContext({ mode: { isAuthoringMode: true } }), framedBy())).toBe(true);
        for (const origin of [
            "https://make.powerapps.com",
            "https://make.preview.powerapps.com",
            "https://make.gov.powerapps.us",
            "https://make.powerapps.cn",
        ]) {
            expect(isDesignMode(asContext({}), framedBy(origin))).toBe(true);
        }
    });

    it("is off on a form, also one framed by a look-alike host", () => {
        expect(isDesignMode(asContext({ mode: { isAuthoringMode: "true" } }), framedBy())).toBe(false);
        expect(isDesignMode(asContext({}), framedBy("https://contoso.crm.dynamics.com"))).toBe(false);
        expect(isDesignMode(asContext({}), framedBy("https://make.powerapps.com.evil.example"))).toBe(false);
        expect(isDesignMode(asContext({}), asWindow({ location: {} }))).toBe(false);
    });
});

describe("emitControlEvent", () => {
    it("raises the manifest event when the host provides it, and does nothing when it does not", () => {
        const onRunCompleted = jest.fn();
        emitControlEvent(asContext({ events: { OnRunCompleted: onRunCompleted } }), "OnRunCompleted");
        expect(onRunCompleted).toHaveBeenCalledTimes(1);
        expect(() => emitControlEvent(asContext({ events: { OnRunCompleted: "not a function" } }), "OnRunCompleted")).not.toThrow();
        expect(() => emitControlEvent(asContext({}), "OnRunCompleted")).not.toThrow();
    });
});

describe("isFramedCrossOrigin", () => {
    const here = { origin: "https://contoso.crm.dynamics.com" };

    it("is false at the top and in a frame of the same origin", () => {
        const top: Record<string, unknown> = { location: here };
        top.top = top;
        top.self = top;
        expect(isFramedCrossOrigin(asWindow(top))).toBe(false);
        expect(isFramedCrossOrigin(asWindow({ top: { location: here }, self: {}, location: here }))).toBe(false);
    });

    it("is true in a frame of another origin, also when the browser refuses to say which", () => {
        expect(isFramedCrossOrigin(asWindow({ top: { location: { origin: "https://teams.microsoft.com" } }, self: {}, location: here }))).toBe(true);
        const refusing = {
            get location(): never {
                throw new DOMException("Blocked a frame", "SecurityError");
            },
        };
        expect(isFramedCrossOrigin(asWindow({ top: refusing, self: {}, location: here }))).toBe(true);
    });
});
