/** GUIDs as makers paste them (any case, with or without braces) and as Web API URLs need them (lower case, bare). */
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** A GUID in the canonical form Web API URLs need (lower case, no braces), or undefined. */
export function normalizeGuid(value: string | null | undefined): string | undefined {
    const match = GUID.exec((value ?? "").trim());
    return match ? match[1].toLowerCase() : undefined;
}

/** True for a bare GUID, as Entra object ids and Dataverse ids are written in API answers. */
export function isGuid(value: string): boolean {
    return !value.startsWith("{") && normalizeGuid(value) !== undefined;
}
