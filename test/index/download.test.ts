import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Downloader, verifyFile } from "../../src/index/download.js";
import { HttpClient } from "../../src/index/http.js";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";

const DATA = Buffer.from("x".repeat(50_000));
const SHA = createHash("sha256").update(DATA).digest("hex");

describe("downloads", () => {
  let server: IndexServer;
  let http: HttpClient;
  before(async () => {
    server = await startIndexServer({ projects: { demo: [{ filename: "demo-1.0.tar.gz", data: DATA }] } });
    http = new HttpClient({ retries: 2, backoffMs: 1, netrcPath: null, env: {} });
  });
  after(async () => {
    await http.close();
    await server.close();
  });
  const fresh = () => mkdtempSync(join(tmpdir(), "pa-dl-"));
  const url = () => server.fileUrl("demo-1.0.tar.gz");

  test("a good download is checked and renamed into place", async () => {
    const dir = fresh();
    const result = await new Downloader(http).download({ url: url(), destination: join(dir, "demo-1.0.tar.gz"), indexHash: ["sha256", SHA], size: DATA.length });
    assert.equal(result.sha256, SHA);
    assert.deepEqual(readFileSync(result.path), DATA);
    assert.deepEqual(readdirSync(dir), ["demo-1.0.tar.gz"]);
  });

  test("a truncated body is retried; the second attempt is kept", async () => {
    const dir = fresh();
    server.clearLog();
    server.setFault("demo-1.0.tar.gz", { kind: "truncate", times: 1 });
    const result = await new Downloader(http).download({ url: url(), destination: join(dir, "demo-1.0.tar.gz"), indexHash: ["sha256", SHA] });
    server.clearFaults();
    assert.equal(result.sha256, SHA);
    assert.equal(server.requestsTo("demo-1.0.tar.gz").length, 2);
    assert.deepEqual(readdirSync(dir), ["demo-1.0.tar.gz"]);
  });

  test("always truncated: a clear error and nothing stored", async () => {
    const dir = fresh();
    server.setFault("demo-1.0.tar.gz", { kind: "truncate", fraction: 0.3 });
    await assert.rejects(new Downloader(http).download({ url: url(), destination: join(dir, "demo-1.0.tar.gz") }), { code: "download-truncated" });
    server.clearFaults();
    assert.deepEqual(readdirSync(dir), []);
  });

  test("wrong bytes: hash-mismatch naming both hashes, not retried, nothing stored", async () => {
    const dir = fresh();
    server.clearLog();
    server.setFault("demo-1.0.tar.gz", { kind: "wrong-hash" });
    await assert.rejects(new Downloader(http).download({ url: url(), destination: join(dir, "demo-1.0.tar.gz"), indexHash: ["sha256", SHA] }),
      (error: Error & { code?: string }) => error.code === "hash-mismatch" && error.message.includes(SHA));
    server.clearFaults();
    assert.equal(server.requestsTo("demo-1.0.tar.gz").length, 1);
    assert.deepEqual(readdirSync(dir), []);
  });

  test("user --hash values: any listed digest passes, none matching fails", async () => {
    const dir = fresh();
    const destination = join(dir, "demo-1.0.tar.gz");
    const md5 = createHash("md5").update(DATA).digest("hex");
    await assert.rejects(new Downloader(http).download({ url: url(), destination, userHashes: { sha256: ["00"] } }), { code: "hash-mismatch" });
    assert.equal(existsSync(destination), false);
    const ok = await new Downloader(http).download({ url: url(), destination, userHashes: { sha256: ["00", SHA], md5: [md5] } });
    assert.equal(ok.path, destination);
  });

  test("a size different from the index's announcement is refused", async () => {
    const dir = fresh();
    await assert.rejects(new Downloader(http).download({ url: url(), destination: join(dir, "f.tar.gz"), size: 10 }), { code: "download-size-mismatch" });
    assert.deepEqual(readdirSync(dir), []);
  });

  test("concurrent downloads of one URL share one transfer", async () => {
    const dir = fresh();
    server.clearLog();
    const downloader = new Downloader(http);
    const request = { url: url(), destination: join(dir, "demo-1.0.tar.gz") };
    const [a, b] = await Promise.all([downloader.download(request), downloader.download(request)]);
    assert.equal(a.sha256, b.sha256);
    assert.equal(server.requestsTo("demo-1.0.tar.gz").length, 1);
  });

  test("file: URLs are copied with the same checks; verifyFile checks files on disk", async () => {
    const dir = fresh();
    const source = join(dir, "src.tar.gz");
    writeFileSync(source, DATA);
    const copied = await new Downloader(http).download({ url: pathToFileURL(source).toString(), destination: join(dir, "out", "demo-1.0.tar.gz"), indexHash: ["sha256", SHA] });
    assert.equal(copied.sha256, SHA);
    assert.equal((await verifyFile(source, { url: "file:x", indexHash: ["sha256", SHA] })).size, DATA.length);
    await assert.rejects(verifyFile(source, { url: "file:x", indexHash: ["sha256", "beef"] }), { code: "hash-mismatch" });
  });
});
