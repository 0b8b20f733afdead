/**
 * "Join the pending promise, forget it on failure": one piece of work per key at a time, shared by every caller.
 * A failure is always forgotten, so the next call tries again; a success is kept (`keep: "success"`) or dropped once
 * settled (`keep: "pending"`). A late settle never clears a newer entry for the same key.
 */
export class Pending<T, K = string> {
    private readonly entries = new Map<K, Promise<T>>();

    constructor(private readonly keep: "success" | "pending") {}

    join(key: K, start: () => Promise<T>): Promise<T> {
        const existing = this.entries.get(key);
        if (existing) return existing;
        let started: Promise<T>;
        try {
            started = start();
        } catch (error) {
            return Promise.reject(error);
        }
        this.entries.set(key, started);
        const clear = (): void => {
            if (this.entries.get(key) === started) this.entries.delete(key);
        };
        void started.then(this.keep === "pending" ? clear : undefined, clear);
        return started;
    }

    /** The entry for a key, if one is pending (or kept). */
    peek(key: K): Promise<T> | undefined {
        return this.entries.get(key);
    }

    forget(key: K): void {
        this.entries.delete(key);
    }
}

/** Resolves true when `promise` settles (its failure included) within `ms` of wall-clock time, false when the time ran out first. */
export function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const settled = promise.then(
        () => true,
        () => true,
    );
    return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}
