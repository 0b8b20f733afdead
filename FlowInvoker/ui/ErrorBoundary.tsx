import * as React from "react";

export interface ErrorBoundaryProps {
    /** Shown instead of the children once rendering them threw. */
    fallback: React.ReactNode;
    /** A new value (the next answer) tries the children again. */
    resetKey: unknown;
    children?: React.ReactNode;
}

interface ErrorBoundaryState {
    failed: boolean;
    resetKey: unknown;
}

/** Without a boundary React unmounts the whole control when a render throws: the button would vanish from the form. */
export class ErrorBoundary extends React.Component<ErrorBoundaryProps, ErrorBoundaryState> {
    constructor(props: ErrorBoundaryProps) {
        super(props);
        this.state = { failed: false, resetKey: props.resetKey };
    }

    static getDerivedStateFromProps(props: ErrorBoundaryProps, state: ErrorBoundaryState): ErrorBoundaryState | null {
        return props.resetKey === state.resetKey ? null : { failed: false, resetKey: props.resetKey };
    }

    static getDerivedStateFromError(): Partial<ErrorBoundaryState> {
        return { failed: true };
    }

    render(): React.ReactNode {
        return this.state.failed ? this.props.fallback : this.props.children;
    }
}
