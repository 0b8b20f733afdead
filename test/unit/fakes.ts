import type { AuthenticationResult } from "@azure/msal-browser";
import { PageSignIn } from "../../FlowInvoker/auth/pageSignIn";
import { MsalClient } from "../../FlowInvoker/auth/signIn";
import { FlowInvokerError } from "../../FlowInvoker/errors/FlowInvokerError";
import { RunnerDeps } from "../../FlowInvoker/invoke/types";
import { FetchFn } from "../../FlowInvoker/services/http";
import { CLOUDS } from "../../FlowInvoker/settings/clouds";
import { parseBodyTemplate } from "../../FlowInvoker/settings/requestBody";
import { Settings } from "../../FlowInvoker/settings/settings";
import { IDS } from "./mockContext";

export function fakeJwt(payload: Record<string, unknown>): string {
    const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString("base64url");
    return `${encode({ alg: "RS256", typ: "JWT" })}.${encode(payload)}.signature`;
}

export interface SentRequest {
    url: string;
    method: string;
    headers: Record<string, string>;
    body?: string;
}

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

/** A fetch that answers from a script of replies per URL pattern and records what was sent (node test environment). */
export function scriptedFetch(routes: Array<[RegExp, Reply | ((request: SentRequest) => Reply)]>): FetchFn & { sent: SentRequest[] } {
    const sent: SentRequest[] = [];
    const fetchFn = async (url: string, init: RequestInit = {}): Promise<Response> => {
        const request: SentRequest = {
            url,
            method: init.method ?? "GET",
            headers: Object.fromEntries(new Headers(init.headers).entries()),
            body: typeof init.body === "string" ? init.body : undefined,
        };
        sent.push(request);
        const route = routes.find(([pattern]) => pattern.test(url));
        if (!route) throw new TypeError(`Failed to fetch ${url}`);
        const reply = typeof route[1] === "function" ? route[1](request) : route[1];
        if (reply instanceof Error) throw reply;
        const text = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
        return new Response(reply.status === 204 || reply.status === 202 ? text || null : text, { status: reply.status, headers: reply.headers });
    };
    return Object.assign(fetchFn, { sent });
}

/** The FlowInvokerError a promise rejects with; fails the test if it resolves. */
export async function failure(promise: Promise<unknown>): Promise<FlowInvokerError> {
    try {
        await promise;
    } catch (error) {
        return error as FlowInvokerError;
    }
    throw new Error("expected a failure");
}

/** A promise with its settle functions, for work a test finishes at a moment of its choosing. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
    let resolve!: (value: T) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<T>((_resolve, _reject) => {
        resolve = _resolve;
        reject = _reject;
    });
    return { promise, resolve, reject };
}

/** Lets every queued promise callback and timer of 0 ms run. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export interface MemoryStore {
    data: Map<string, string>;
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
}

export function memoryStore(): MemoryStore {
    const data = new Map<string, string>();
    return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

/** Waits (in real time, up to `ms`) until `condition` holds; the caller then asserts it. */
export async function until(condition: () => boolean, ms = 2000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** An Http-mode control as a maker sets it up on contoso's public-cloud org; a test overrides what it is about. */
export function httpSettings(overrides: Partial<Settings> = {}): Settings {
    return {
        mode: "Http",
        workflowId: IDS.workflowId,
        clientId: IDS.clientId,
        cloud: CLOUDS.Public,
        redirectUri: "https://contoso.crm.dynamics.com/r.html",
        allowAnonymousTrigger: false,
        body: parseBodyTemplate(undefined),
        ...overrides,
    };
}

/** What a runner is given, with no sign-in, no waiting, a still clock and one tracking id; a test passes what it exercises. */
export function runnerDeps(deps: Pick<RunnerDeps, "webApi" | "fetch"> & Partial<RunnerDeps>): RunnerDeps {
    return {
        settings: httpSettings(),
        app: { orgUrl: "https://contoso.crm.dynamics.com", userId: IDS.userId, isFramedCrossOrigin: false },
        msal: () => Promise.reject(new Error("no sign-in in these tests")),
        pageSignIn: new PageSignIn(),
        now: () => 0,
        sleep: async () => undefined,
        newTrackingId: () => "t",
        ...deps,
    };
}

/** A solution cloud flow's `workflow` row, switched on, as Dataverse answers it; `clientdata` is its definition. */
export function workflowRow(clientdata: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { name: "Approve order", resourceid: "res-1", category: 5, statecode: 1, statuscode: 2, clientdata, ...extra };
}

/**
 * MSAL with Adele's account cached (`signedIn`) or none: silent gives `token`, ssoSilent fails (login_required), the popup
 * counts itself, signs Adele in and gives `token`.
 */
export function fakeMsal(token: string, signedIn = true): MsalClient & { popups: number } {
    let hasAccount = signedIn;
    const client = {
        popups: 0,
        getAccount: () => (hasAccount ? ({ localAccountId: "oid-adele" } as never) : null),
        acquireTokenSilent: async () => ({ accessToken: token }) as AuthenticationResult,
        ssoSilent: async () => Promise.reject({ errorCode: "login_required" }),
        acquireTokenPopup: async () => {
            client.popups += 1;
            hasAccount = true;
            return { accessToken: token, account: { localAccountId: "oid-adele" } } as AuthenticationResult;
        },
    };
    return client;
}
