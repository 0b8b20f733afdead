import { TextDecoder, TextEncoder } from "util";

// jsdom lacks these; the control gets them from the browser.
Object.assign(globalThis, { TextDecoder, TextEncoder });
