/**
 * The HTTP client against servers that behave like real ones: HTTP/1.0 with
 * `Connection: close` (Python's http.server), no Content-Length, chunked, slow
 * bodies, multi-MB bodies in one burst, and a client that reads slowly.
 *
 * The first test reproduces undici's paused-parser crash (nodejs/undici#5360):
 * before the fix it ended the whole test process with `assert(!this.paused)`.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { HttpClient } from "../../src/index/http.js";
import { Downloader } from "../../src/index/download.js";
import { startIndexServer, type IndexServer, type WireFraming } from "../kit/index-server.js";

const dir = mkdtempSync(join(tmpdir(), "pa-wire-"));
const big = randomBytes(6 * 1024 * 1024);
const bigPath = join(dir, "big-1.0.tar.gz");
writeFileSync(bigPath, big);
const bigSha = createHash("sha256").update(big).digest("hex");
after(() => rmSync(dir, { recursive: true, force: true }));

const client = () => new HttpClient({ retries: 1, backoffMs: 1, netrcPath: null, env: {}, timeoutMs: 10_000, maxConcurrency: 10 });

/** Reads a body as a slow consumer does: one chunk, then a pause, many times over. */
async function slowSha(body: AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of body) {
    hash.update(chunk);
    await sleep(1);
  }
  return hash.digest("hex");
}

for (const framing of ["close", "no-length", "chunked", "keep-alive"] as WireFraming[]) {
  describe(`a ${framing} server with 6 MB bodies`, () => {
    let server: IndexServer;
    before(async () => {
      server = await startIndexServer({ wire: { framing }, projects: { big: [{ filename: "big-1.0.tar.gz", path: bigPath }] } });
    });
    after(() => server.close());

    test("10 parallel downloads read slowly all complete (no paused-parser crash)", async () => {
      const http = client();
      const url = server.fileUrl("big-1.0.tar.gz");
      const hashes = await Promise.all(Array.from({ length: 10 }, () =>
        http.request(url, {}, async (response) => {
          assert.equal(response.status, 200);
          return slowSha(response.body as AsyncIterable<Buffer>);
        })));
      await http.close();
      assert.deepEqual(hashes, Array(10).fill(bigSha));
    });

    test("a body left unread while awaiting something else is still whole afterwards", async () => {
      const http = client();
      const sha = await http.request(server.fileUrl("big-1.0.tar.gz"), {}, async (response) => {
        await sleep(300); // the server has sent everything and closed by now
        return slowSha(response.body as AsyncIterable<Buffer>);
      });
      await http.close();
      assert.equal(sha, bigSha);
    });

    test("Downloader keeps the verified file; pages, 404s and HEAD answers read fine", async () => {
      const http = client();
      const downloader = new Downloader(http);
      const destination = join(dir, framing, "big-1.0.tar.gz");
      const results = await Promise.all(Array.from({ length: 4 }, (_, i) =>
        downloader.download({ url: `${server.fileUrl("big-1.0.tar.gz")}?copy=${i}`, destination: `${destination}.${i}`, indexHash: ["sha256", bigSha] })));
      for (const result of results) assert.equal(createHash("sha256").update(readFileSync(result.path)).digest("hex"), bigSha);
      const page = await http.getText(`${server.simpleUrl}big/`, { accept: "text/html" });
      assert.match(page.text, /big-1\.0\.tar\.gz/);
      await assert.rejects(http.getText(`${server.simpleUrl}nosuch/`), /HTTP 404/);
      const head = await http.request(server.fileUrl("big-1.0.tar.gz"), { method: "HEAD" }, async (response) => {
        await response.body.dump();
        return response.status;
      });
      assert.equal(head, 200);
      await http.close();
    });
  });
}

describe("a slow server", () => {
  let server: IndexServer;
  before(async () => {
    server = await startIndexServer({
      wire: { framing: "close", slowBody: { chunkBytes: 256 * 1024, delayMs: 5 } },
      projects: { big: [{ filename: "big-1.0.tar.gz", path: bigPath }] },
    });
  });
  after(() => server.close());

  test("a body that trickles in over many writes arrives whole", async () => {
    const http = client();
    const sha = await http.request(server.fileUrl("big-1.0.tar.gz"), {}, async (response) => slowSha(response.body as AsyncIterable<Buffer>));
    await http.close();
    assert.equal(sha, bigSha);
  });
});
