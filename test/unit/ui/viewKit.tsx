import { makeTranslate } from "../../../FlowInvoker/errors/describe";
import { FlowInvokerViewProps } from "../../../FlowInvoker/ui/FlowInvokerView";
import { SetupCheckState } from "../../../FlowInvoker/ui/useSetupCheck";
import { loadResx } from "../resx";

/** What the ui tests share: the English strings, the view's props with spies, a closed setup check. */
export const strings = loadResx();
export const t = makeTranslate((key) => strings[key] ?? "");

export const viewProps = (over: Partial<FlowInvokerViewProps> = {}): FlowInvokerViewProps => ({
    t,
    disabled: false,
    busy: false,
    signInRequired: false,
    saveFirst: false,
    designMode: false,
    onRun: jest.fn(),
    onConfirm: jest.fn(),
    onCancelConfirm: jest.fn(),
    onSignIn: jest.fn(),
    onClosePanel: jest.fn(),
    ...over,
});

export const checkState = (over: Partial<SetupCheckState> = {}): SetupCheckState => ({
    open: false,
    running: false,
    copied: false,
    confirmingTestRun: false,
    canTestRun: false,
    start: jest.fn(),
    close: jest.fn(),
    copy: jest.fn(),
    askTestRun: jest.fn(),
    confirmTestRun: jest.fn(),
    cancelTestRun: jest.fn(),
    storeUrl: jest.fn(),
    ...over,
});

export const appProps = {
    t,
    dir: "ltr" as const,
    disabled: false,
    saveFirst: false,
    designMode: false,
    requestBody: () => ({}),
    onRunCompleted: () => undefined,
};
