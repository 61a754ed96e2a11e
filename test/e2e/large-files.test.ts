/**
 * Many parallel downloads of multi-MB files from servers that behave like real ones:
 * HTTP/1.0 closing after each response, no Content-Length (the body ends at FIN), chunked,
 * and a slow body. `pip-accel install` of 8 wheels of about 3 MB each (plus a dependency
 * chain) must finish with every file intact, from each kind of server.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildWheel } from "../kit/artifacts.js";
import { startIndexServer, type IndexServer, type WireOptions } from "../kit/index-server.js";
import { pythonAvailable, tempDir } from "../kit/repo.js";
import { makeVenv, runCliAsync as runCli, runPython } from "./env.js";

const skip = !pythonAvailable() && "python3 not found";
const dir = tempDir("e2e-large");
const COUNT = 8;
const payloads: Buffer[] = [];

before(() => {
  if (skip) return;
  for (let i = 0; i < COUNT; i++) {
    const payload = randomBytes(3 * 1024 * 1024); // incompressible: the wheel is as large as its data
    payloads.push(payload);
    buildWheel({
      name: `big${i}`, version: "1.0",
      files: { [`big${i}/__init__.py`]: "", [`big${i}/blob.bin`]: payload },
      metadata: { requiresDist: i + 1 < COUNT ? [`big${i + 1}`] : [] },
    }, join(dir.path, "wheels"));
  }
});
after(() => dir.cleanup());

const servers: Array<[string, WireOptions]> = [
  ["HTTP/1.0, Connection: close", { framing: "close" }],
  ["no Content-Length, the body ends at FIN", { framing: "no-length" }],
  ["chunked", { framing: "chunked" }],
  ["a slow body (64 KB every 2 ms), closing", { framing: "close", slowBody: { chunkBytes: 64 * 1024, delayMs: 2 } }],
];

for (const [label, wire] of servers) {
  describe(`a server with ${label}`, () => {
    let server: IndexServer;
    before(async () => {
      if (!skip) server = await startIndexServer({ root: join(dir.path, "wheels"), wire });
    });
    after(async () => server?.close());

    test(`installs ${COUNT} wheels of 3 MB, fetched in parallel, every byte intact`, { skip, timeout: 120_000 }, async () => {
      const slug = label.replace(/[^a-z0-9]+/gi, "-");
      const venv = join(dir.path, `venv-${slug}`);
      makeVenv(venv);
      const all = Array.from({ length: COUNT }, (_, i) => `big${i}`);
      const run = await runCli(["install", "--python", venv, "--cache-dir", join(dir.path, `cache-${slug}`), "-i", server.simpleUrl, ...all], dir.path);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`Successfully installed ${all.map((n) => `${n}-1\\.0`).sort().join(" ")}`));
      const site = runPython(join(venv, "bin", "python"), "import sysconfig; print(sysconfig.get_paths()['purelib'])").trim();
      for (let i = 0; i < COUNT; i++) {
        const sha = createHash("sha256").update(readFileSync(join(site, `big${i}`, "blob.bin"))).digest("hex");
        assert.equal(sha, createHash("sha256").update(payloads[i]!).digest("hex"), `big${i}/blob.bin`);
      }
      assert.ok(server.requestsTo(/\/files\/big\d-1\.0-py3-none-any\.whl$/).length >= COUNT);
    });
  });
}
