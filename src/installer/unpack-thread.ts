/**
 * Unpacking wheels on a worker thread (`unpack-worker.js`), so that the main
 * thread goes on resolving and downloading meanwhile: the file creation, inflating
 * and hashing of an unpack then run on another core. `UnpackThread.start` returns
 * null where no worker script sits next to this module (the single executable);
 * callers then unpack in-thread. The store's atomic `ensure` makes either way safe
 * against another process unpacking the same archive.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Store, StoreEntry } from "./store.js";

export interface UnpackJob {
  id: number;
  wheelPath: string;
  storeRoot: string;
  sha256: string;
  expectedName: string;
}

export type UnpackReply = { id: number; entry: StoreEntry } | { id: number; error: string };

export class UnpackThread {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (entry: StoreEntry) => void; reject: (error: Error) => void }>();

  private constructor(private readonly worker: Worker, private readonly store: Store) {
    worker.on("message", (reply: UnpackReply) => {
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (waiter === undefined) return;
      if ("entry" in reply) {
        this.store.remember(reply.entry);
        waiter.resolve(reply.entry);
      } else waiter.reject(new Error(reply.error));
    });
    const failAll = (error: Error): void => {
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    worker.on("error", failAll);
    worker.on("exit", (code) => failAll(new Error(`the unpack worker exited (code ${code})`)));
  }

  /** A worker unpacking into `store`, or null when this build has no worker script. */
  static start(store: Store): UnpackThread | null {
    const script = workerScript();
    return script === null ? null : new UnpackThread(new Worker(script), store);
  }

  /** Unpacks the wheel into the store on the worker (in the order asked). */
  unpack(wheelPath: string, sha256: string, expectedName: string): Promise<StoreEntry> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const job: UnpackJob = { id, wheelPath, storeRoot: this.store.root, sha256, expectedName };
      this.worker.postMessage(job);
    });
  }

  /** Stops the worker (call once nothing is pending). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** `unpack-worker.js` (tsc output) or `.mjs` (the bundle's chunk) next to this module; null when there is none. */
function workerScript(): URL | null {
  try {
    for (const name of ["./unpack-worker.js", "./unpack-worker.mjs"]) {
      const url = new URL(name, import.meta.url);
      if (existsSync(fileURLToPath(url))) return url;
    }
  } catch {
    // No module URL (a CommonJS build): no worker.
  }
  return null;
}
