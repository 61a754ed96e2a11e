/**
 * `UnpackThread`: unpacking on a worker thread gives the very store entry an
 * in-thread `unpackWheel` gives, the main thread's `Store` takes it as checked,
 * and a wheel the worker rejects rejects the promise with the worker's message.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Store } from "../../src/installer/store.js";
import { UnpackThread } from "../../src/installer/unpack-thread.js";
import { unpackWheel } from "../../src/installer/wheel-unpack.js";
import { makeWheel, removeDir, tempDir } from "./support.js";

describe("UnpackThread", () => {
  let root: string;
  before(() => { root = tempDir(); });
  after(() => removeDir(root));

  it("unpacks on the worker to the same entry as unpackWheel, and the Store takes it as checked", async () => {
    const bytes = makeWheel({ name: "demo", version: "1.0", files: { "demo/__init__.py": "x = 1\n", "demo/big.py": "# filler\n".repeat(20_000) } });
    const wheel = join(root, "demo-1.0-py3-none-any.whl");
    writeFileSync(wheel, bytes);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const store = new Store(join(root, "store-worker"));
    const thread = UnpackThread.start(store);
    assert.ok(thread !== null, "the tsc build has its worker script");
    try {
      const viaWorker = await thread.unpack(wheel, sha256, "demo");
      const inThread = await unpackWheel(wheel, new Store(join(root, "store-main")), { sha256, expectedName: "demo" });
      const comparable = (files: typeof viaWorker.manifest.files) => files.map(({ mtimeMs: _, ...f }) => f);
      assert.deepEqual(comparable(viaWorker.manifest.files), comparable(inThread.manifest.files));
      assert.equal(viaWorker.manifest.archiveSha256, sha256);
      const again = store.get(sha256);
      assert.equal(again?.dir, viaWorker.dir);
      assert.equal(again?.unpacked, false);
    } finally {
      await thread.close();
    }
  });

  it("a wheel the worker rejects rejects with the worker's message", async () => {
    const wheel = join(root, "other-1.0-py3-none-any.whl");
    writeFileSync(wheel, makeWheel({ name: "other", version: "1.0", files: { "other.py": "" } }));
    const thread = UnpackThread.start(new Store(join(root, "store-bad")))!;
    try {
      await assert.rejects(thread.unpack(wheel, "0".repeat(64), "expected-name"), /expected "expected-name"/);
    } finally {
      await thread.close();
    }
  });
});
