import { TextDecoder, TextEncoder } from "util";

// jsdom lacks these; the control gets them from the browser.
Object.assign(globalThis, { TextDecoder, TextEncoder });

// Fluent's MessageBar measures itself with ResizeObserver, which jsdom does not implement (there is no layout).
if (typeof window !== "undefined" && !("ResizeObserver" in window)) {
    class NoLayoutResizeObserver {
        observe(): void {}
        unobserve(): void {}
        disconnect(): void {}
    }
    Object.assign(window, { ResizeObserver: NoLayoutResizeObserver });
}
