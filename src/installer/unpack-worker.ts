/**
 * The worker thread behind `UnpackThread`: unpacks the wheels it is sent into
 * the store, one at a time, and answers each with its store entry or its error.
 */
import { parentPort } from "node:worker_threads";
import { Store } from "./store.js";
import { unpackWheel } from "./wheel-unpack.js";
import type { UnpackJob, UnpackReply } from "./unpack-thread.js";

const port = parentPort;
if (port === null) throw new Error("unpack-worker.js runs as a worker thread only");
let queue: Promise<void> = Promise.resolve();
port.on("message", (job: UnpackJob) => {
  queue = queue.then(async () => {
    let reply: UnpackReply;
    try {
      const entry = await unpackWheel(job.wheelPath, new Store(job.storeRoot), { sha256: job.sha256, expectedName: job.expectedName });
      reply = { id: job.id, entry };
    } catch (error) {
      reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
});
