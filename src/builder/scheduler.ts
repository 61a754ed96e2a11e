/**
 * Scheduling builds: each key is built once per process however many
 * callers ask (`OnceMap`), and at most `jobs` build processes run at the
 * same time (`Limiter`). Only the Python process holds a slot: a build that
 * waits for its build requirements (themselves builds) does not, so nested
 * builds cannot starve their parents, and a build starts only after the
 * builds it depends on have finished.
 */
import { availableParallelism } from "node:os";

/** Memoises async work per key; a failed run is forgotten so it can be retried. */
export class OnceMap<K, V> {
  private readonly running = new Map<K, Promise<V>>();

  run(key: K, work: () => Promise<V>): Promise<V> {
    const existing = this.running.get(key);
    if (existing !== undefined) return existing;
    const promise = work();
    this.running.set(key, promise);
    promise.catch(() => this.running.delete(key));
    return promise;
  }
}

/** A counting semaphore. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  /** The most slots ever held at once (for tests and reports). */
  peak = 0;

  constructor(readonly limit: number = defaultJobs()) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`jobs must be a positive integer, got ${limit}`);
  }

  async use<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve)); // the slot is handed over
    else this.active++;
    this.peak = Math.max(this.peak, this.active);
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.active--;
    }
  }
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}
