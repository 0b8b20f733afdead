/**
 * Every failure the control can report, by stable code. The cause and fix texts live in the resx under
 * `Error_<code>_Cause` and `Error_<code>_Fix` (a variant may refine either: `Error_<code>_Cause_<variant>`);
 * `{name}` placeholders are filled from the error's details. `runExists`: the run started, only its answer is unknown.
 */
export type ErrorStep = "configuration" | "sign-in" | "discovery" | "invoke" | "queue";

interface CatalogueEntry {
    step: ErrorStep;
    runExists?: true;
}

export const ERROR_CATALOGUE = {
    // configuration: a property's value is wrong; no request is sent
    InvalidWorkflowId: { step: "configuration" },
    InvalidClientId: { step: "configuration" },
    InvalidTenantId: { step: "configuration" },
    InvalidEnvironmentId: { step: "configuration" },
    UnknownCloud: { step: "configuration" },
    InvalidRedirectUri: { step: "configuration" },
    InvalidRequestBody: { step: "configuration" },
    InvalidResultPath: { step: "configuration" },
    InvalidMode: { step: "configuration" },
    InvalidQueueSetting: { step: "configuration" },
    InvalidIdentityScope: { step: "configuration" },
    InvalidCallbackUrlVariable: { step: "configuration" },
    InvalidAsyncTimeout: { step: "configuration" },
    // sign-in
    PopupBlocked: { step: "sign-in" },
    PopupClosed: { step: "sign-in" },
    InteractionInProgress: { step: "sign-in" },
    ConsentRequired: { step: "sign-in" },
    RedirectUriNotRegistered: { step: "sign-in" },
    UnknownClient: { step: "sign-in" },
    CrossOriginFrame: { step: "sign-in" },
    SignInFailed: { step: "sign-in" },
    SignedInAsOtherUser: { step: "sign-in" },
    IdentityTokenFailed: { step: "sign-in" },
    RedirectPageUnusable: { step: "sign-in" },
    // discovery: finding the flow and its trigger URL
    WorkflowNotFound: { step: "discovery" },
    WorkflowReadDenied: { step: "discovery" },
    NotACloudFlow: { step: "discovery" },
    FlowOff: { step: "discovery" },
    FlowSuspended: { step: "discovery" },
    FlowDlpViolation: { step: "discovery" },
    NotAnHttpTrigger: { step: "discovery" },
    TriggerMethodNotPost: { step: "discovery" },
    NotAnAllowedUser: { step: "discovery" },
    EnvironmentIdNotFound: { step: "discovery" },
    FlowNotFound: { step: "discovery" },
    TriggerNotFound: { step: "discovery" },
    ClientScopeAuthorizationFailed: { step: "discovery" },
    FlowApiRejected: { step: "discovery" },
    CallbackUrlDenied: { step: "discovery" },
    CallbackUrlBlocked: { step: "discovery" },
    UnexpectedResponse: { step: "discovery" },
    UntrustedCallbackUrl: { step: "discovery" },
    CallbackUrlNotInEnvironment: { step: "discovery" },
    AnonymousTriggerRefused: { step: "discovery" },
    EnvironmentVariableNotFound: { step: "discovery" },
    EnvironmentVariableEmpty: { step: "discovery" },
    EnvironmentVariableWriteDenied: { step: "discovery" },
    // any step that talks to a remote service
    CorsBlocked: { step: "discovery" },
    BlockedByContentSecurityPolicy: { step: "discovery" },
    ServiceUnavailable: { step: "discovery" },
    RequestTimedOut: { step: "discovery" },
    // invoke: the trigger's answer
    MisMatchingOAuthClaims: { step: "invoke" },
    DirectApiAuthorizationRequired: { step: "invoke" },
    OAuthAccessPolicyNotFound: { step: "invoke" },
    TriggerBadRequest: { step: "invoke" },
    // found before sending: the body breaks the trigger's schema
    BodyDoesNotMatchSchema: { step: "invoke" },
    Throttled: { step: "invoke" },
    TriggerNotEnabled: { step: "invoke" },
    RunStartedNoAnswer: { step: "invoke", runExists: true },
    FlowTimedOut: { step: "invoke", runExists: true },
    RunOutcomeUnknown: { step: "invoke" },
    FlowReturnedError: { step: "invoke" },
    // an exception no code here describes, wherever it happened: the run may or may not exist
    UnexpectedError: { step: "invoke" },
    // queue mode: a row an automated flow processes
    QueueTableNotFound: { step: "queue" },
    QueueWriteDenied: { step: "queue" },
    QueueRunFailed: { step: "queue" },
    QueueNotPickedUp: { step: "queue" },
    QueueTimedOut: { step: "queue" },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

export function causeKey(code: ErrorCode): string {
    return `Error_${code}_Cause`;
}

export function fixKey(code: ErrorCode): string {
    return `Error_${code}_Fix`;
}

/** True when the code means a run exists although its answer is unknown: the panel says "May have run". */
export function runExists(code: ErrorCode): boolean {
    return (ERROR_CATALOGUE[code] as CatalogueEntry).runExists === true;
}
