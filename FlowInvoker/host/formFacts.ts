/**
 * Members the model-driven app provides but neither @types/powerapps-component-framework nor @types/xrm declare
 * (docs/platform-facts.md, "Ids from the model-driven app"). Declared here once, read defensively: any of them may be missing.
 */
import { normalizeGuid } from "../shared/guid";

interface UndocumentedContext {
    orgSettings?: { tenantId?: unknown };
    mode?: { contextInfo?: { entityId?: unknown; entityTypeName?: unknown }; isAuthoringMode?: unknown };
    events?: Record<string, unknown>;
    fluentDesignLanguage?: { tokenTheme?: unknown };
}

interface XrmLike {
    Utility?: { getGlobalContext?: () => { organizationSettings?: { bapEnvironmentId?: unknown } } };
}

export interface FormFacts {
    tenantId?: string;
    environmentId?: string;
    recordId?: string;
    entityName?: string;
    userId?: string;
}

function text(value: unknown): string | undefined {
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function xrmEnvironmentId(win: Window): string | undefined {
    for (const candidate of [win, win.parent]) {
        try {
            const xrm = (candidate as unknown as { Xrm?: XrmLike }).Xrm;
            const id = text(xrm?.Utility?.getGlobalContext?.().organizationSettings?.bapEnvironmentId);
            if (id) return id;
        } catch {
            // a cross-origin parent: no Xrm there
        }
    }
    return undefined;
}

export function readFormFacts(context: ComponentFramework.Context<unknown>, win: Window): FormFacts {
    const extra = context as unknown as UndocumentedContext;
    return {
        tenantId: normalizeGuid(text(extra.orgSettings?.tenantId)),
        environmentId: xrmEnvironmentId(win),
        recordId: normalizeGuid(text(extra.mode?.contextInfo?.entityId)),
        entityName: text(extra.mode?.contextInfo?.entityTypeName),
        userId: normalizeGuid(context.userSettings?.userId),
    };
}

/** The Fluent v9 theme the app provides (context.fluentDesignLanguage), when it provides one. */
export function appTheme<T>(context: ComponentFramework.Context<unknown>): T | undefined {
    const theme = (context as unknown as UndocumentedContext).fluentDesignLanguage?.tokenTheme;
    return typeof theme === "object" && theme !== null ? (theme as T) : undefined;
}

/** True in the form designer (undocumented `mode.isAuthoringMode`, or the maker portal framing the form). */
export function isDesignMode(context: ComponentFramework.Context<unknown>, win: Window): boolean {
    if ((context as unknown as UndocumentedContext).mode?.isAuthoringMode === true) return true;
    const ancestor = win.location.ancestorOrigins?.[0] ?? "";
    return /^https:\/\/make\.([a-z]+\.)?powerapps\.(com|us|cn)$/.test(ancestor);
}

/** Raises a manifest event (context.events.<name>) when the host provides it. */
export function emitControlEvent(context: ComponentFramework.Context<unknown>, name: string): void {
    const handler = (context as unknown as UndocumentedContext).events?.[name];
    if (typeof handler === "function") handler();
}

/** True when the app runs inside a frame of another origin: a sign-in window that cannot report back there is CrossOriginFrame (docs/platform-facts.md, "MSAL browser"). */
export function isFramedCrossOrigin(win: Window): boolean {
    try {
        return win.top !== win.self && win.top?.location.origin !== win.location.origin;
    } catch {
        return true;
    }
}
