import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Cache } from "../../src/cache/cache.js";
import { SpecifierSet } from "../../src/pep440/index.js";
import { IndexClient, type IndexClientOptions } from "../../src/index/client.js";
import { HttpClient, type RequestLogEntry } from "../../src/index/http.js";
import { defaultTarget } from "../../src/index/target.js";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";

const fixtureIndexes = fileURLToPath(new URL("../../../test/fixtures/indexes/", import.meta.url));
const METADATA = "Metadata-Version: 2.1\nName: demo\nVersion: 1.1\n";
const target = defaultTarget({ pythonVersion: [3, 11, 0], supportedTags: ["py3-none-any"] });

describe("IndexClient", () => {
  let server: IndexServer;
  let staticRoot: string;
  before(async () => {
    staticRoot = mkdtempSync(join(tmpdir(), "pa-static-"));
    writeFileSync(join(staticRoot, "requirements.txt"), "demo>=1.0\n");
    server = await startIndexServer({
      projects: {
        demo: [
          { filename: "demo-1.0.tar.gz", data: "sdist 1.0" },
          { filename: "demo-1.1-py3-none-any.whl", data: "wheel 1.1", metadata: METADATA },
          { filename: "demo-2.0.tar.gz", data: "yanked 2.0", yanked: "broken" },
          { filename: "demo-3.0.tar.gz", data: "new python", requiresPython: ">=3.99" },
        ],
      },
      staticRoot,
    });
  });
  after(() => server.close());

  function makeClient(cacheRoot: string, extra: Partial<IndexClientOptions> & { offline?: boolean } = {}) {
    const log: RequestLogEntry[] = [];
    const http = new HttpClient({ retries: 1, backoffMs: 1, netrcPath: null, env: {}, offline: extra.offline ?? false, onRequest: (e) => log.push(e) });
    const client = new IndexClient({ cache: new Cache(cacheRoot), http, indexUrls: [server.simpleUrl], ...extra });
    return { client, http, log };
  }

  test("first run reads the index; a second download of the same set makes zero requests", async () => {
    const root = mkdtempSync(join(tmpdir(), "pa-client-"));
    const spec = SpecifierSet.parse(">=1.0");
    const first = makeClient(root);
    const found = await first.client.findCandidates("Demo", { target, specifier: spec });
    assert.equal(found.kind, "found");
    if (found.kind !== "found") return;
    assert.equal(found.from, "network");
    assert.deepEqual(found.candidates.map((c) => `${c.version} ${c.kind}`), ["1.0 sdist", "1.1 wheel", "2.0 sdist"]);
    assert.deepEqual(found.rejected.map((r) => r.reason), ["requires-python"]);
    const wheel = found.candidates.find((c) => c.kind === "wheel")!;
    assert.equal(await first.client.fetchMetadata(wheel), METADATA);
    const downloaded = await first.client.download(wheel);
    assert.ok(existsSync(downloaded.path));
    assert.ok(existsSync(join(root, "sources-v1", "simple", "demo", "index.html")));
    await first.http.close();

    server.clearLog();
    for (const offline of [false, true]) {
      const again = makeClient(root, { offline });
      const second = await again.client.findCandidates("demo", { target, specifier: spec });
      assert.equal(second.kind, "found");
      if (second.kind !== "found") return;
      assert.equal(second.from, "source-index");
      const result = await again.client.download(second.candidates[0]!);
      assert.equal(result.sha256, downloaded.sha256);
      assert.equal(await again.client.fetchMetadata(wheel), METADATA, "metadata served from the cache");
      assert.deepEqual(again.log, [], `no request (offline=${offline})`);
    }
    assert.deepEqual(server.requests, []);
  });

  test("a requirement the source index cannot meet goes to the network; -U always does", async () => {
    const root = mkdtempSync(join(tmpdir(), "pa-client-"));
    const { client, http } = makeClient(root);
    const found = await client.findCandidates("demo", { target, specifier: SpecifierSet.parse("==1.0") });
    assert.equal(found.kind, "found");
    if (found.kind === "found") await client.download(found.candidates.find((c) => c.version === "1.0")!);
    server.clearLog();
    const needsNewer = await client.findCandidates("demo", { target, specifier: SpecifierSet.parse(">=1.1") });
    assert.equal(needsNewer.kind === "found" && needsNewer.from, "network");
    assert.equal(server.requestsTo("/simple/demo/").length, 1);
    const upgrade = await client.findCandidates("demo", { target, specifier: SpecifierSet.parse("==1.0"), upgrade: true });
    assert.equal(upgrade.kind === "found" && upgrade.from, "network");
    await http.close();
  });

  test("--offline with nothing cached says what is missing and makes zero requests", async () => {
    const root = mkdtempSync(join(tmpdir(), "pa-client-"));
    server.clearLog();
    const { client, log } = makeClient(root, { offline: true });
    const result = await client.findCandidates("demo", { target, specifier: SpecifierSet.parse(">=1.0") });
    assert.deepEqual(result.kind === "offline" && result.missing, "demo>=1.0");
    await assert.rejects(client.fetchText(`${server.url}/static/requirements.txt`), { code: "offline" });
    assert.deepEqual(log, []);
    assert.deepEqual(server.requests, []);
  });

  test("yanked files in the source index do not satisfy the offline pass", async () => {
    const root = mkdtempSync(join(tmpdir(), "pa-client-"));
    const { client, http } = makeClient(root);
    const found = await client.findCandidates("demo", { target, specifier: SpecifierSet.parse("==2.0") });
    assert.equal(found.kind, "found");
    if (found.kind === "found") await client.download(found.candidates.find((c) => c.version === "2.0")!);
    const again = await client.findCandidates("demo", { target, specifier: SpecifierSet.parse("==2.0") });
    assert.equal(again.kind === "found" && again.from, "network");
    assert.equal(again.kind === "found" && again.candidates.find((c) => c.version === "2.0")?.link.yanked, "broken");
    const copies = again.kind === "found" ? again.candidates.filter((c) => c.version === "2.0") : [];
    assert.equal(copies.length, 1, "the remote link to a file already in the source index is dropped");
    assert.match(copies[0]!.link.url, /^file:/);
    await http.close();
  });

  test("unknown projects, failing extra indexes and bad metadata", async () => {
    const root = mkdtempSync(join(tmpdir(), "pa-client-"));
    const warnings: string[] = [];
    const { client, http } = makeClient(root, { indexUrls: [server.simpleUrl, `${server.url}/broken/`], onWarning: (w) => warnings.push(w) });
    server.setFault(/^\/broken\//, { kind: "status", status: 500 });
    const missing = await client.findCandidates("nothing-here", { target });
    assert.equal(missing.kind, "not-found");
    const found = await client.findCandidates("demo", { target, upgrade: true });
    assert.equal(found.kind, "found");
    assert.ok(warnings.some((w) => w.includes("/broken/demo/") && w.includes("HTTP 500")), warnings.join("\n"));
    server.clearFaults();
    server.setFault(".metadata", { kind: "wrong-hash" });
    const wheel = found.kind === "found" ? found.candidates.find((c) => c.kind === "wheel")! : null;
    await assert.rejects(client.fetchMetadata(wheel!), { code: "hash-mismatch" });
    server.clearFaults();
    await http.close();
  });

  test("HTML-only indexes (no JSON) are read as the fallback, relative links and all", async () => {
    const root = mkdtempSync(join(tmpdir(), "pa-client-"));
    const staticHtml = await startIndexServer({ staticRoot: fixtureIndexes });
    const { client, http } = makeClient(root, { indexUrls: [`${staticHtml.url}/static/relative-links/`] });
    const found = await client.findCandidates("PA.Quirk", { target, upgrade: true });
    assert.equal(found.kind, "found");
    if (found.kind === "found") {
      assert.deepEqual(found.candidates.map((c) => `${c.version} ${c.kind}`), ["1.0 sdist", "1.1 wheel", "1.2 sdist"]);
      assert.deepEqual(found.candidates[0]!.link.hashes, { sha256: "0".repeat(64) });
    }
    await http.close();
    await staticHtml.close();
  });

  test("fetchText reads -r https://… files through the page cache", async () => {
    const root = mkdtempSync(join(tmpdir(), "pa-client-"));
    const { client, http } = makeClient(root);
    assert.equal(await client.fetchText(`${server.url}/static/requirements.txt`), "demo>=1.0\n");
    await http.close();
    const offline = makeClient(root, { offline: true });
    assert.equal(await offline.client.fetchText(`${server.url}/static/requirements.txt`), "demo>=1.0\n");
  });

  test("local find-links are used by the offline pass; --no-index skips indexes", async () => {
    const root = mkdtempSync(join(tmpdir(), "pa-client-"));
    const dir = mkdtempSync(join(tmpdir(), "pa-fl-"));
    writeFileSync(join(dir, "local-5.0.tar.gz"), "local");
    server.clearLog();
    const { client, log } = makeClient(root, { noIndex: true, findLinks: [dir], offline: true });
    const found = await client.findCandidates("local", { target });
    assert.equal(found.kind === "found" && found.candidates[0]?.version, "5.0");
    if (found.kind === "found") {
      const copied = await client.download(found.candidates[0]!);
      assert.equal(copied.path, join(root, "sources-v1", "local-5.0.tar.gz"));
    }
    assert.deepEqual(log, []);
  });
});

test("insecure origins are skipped with a warning unless trusted", async () => {
  const { isSecureOrigin } = await import("../../src/index/client.js");
  const http = new HttpClient({ netrcPath: null, env: {}, trustedHosts: ["mirror.lan"] });
  assert.equal(isSecureOrigin("http://pypi.example/simple/a/", http), false);
  assert.equal(isSecureOrigin("http://mirror.lan/simple/a/", http), true);
  assert.equal(isSecureOrigin("http://127.0.0.1:8080/simple/a/", http), true);
  assert.equal(isSecureOrigin("https://pypi.example/simple/a/", http), true);
  const warnings: string[] = [];
  const log: RequestLogEntry[] = [];
  const client = new IndexClient({
    cache: new Cache(mkdtempSync(join(tmpdir(), "pa-client-"))),
    http: new HttpClient({ netrcPath: null, env: {}, onRequest: (e) => log.push(e) }),
    indexUrls: ["http://insecure.invalid/simple/"], onWarning: (w) => warnings.push(w),
  });
  assert.equal((await client.findCandidates("demo", { target })).kind, "not-found");
  assert.match(warnings[0]!, /not a trusted or secure host.*--trusted-host insecure\.invalid/);
  assert.deepEqual(log, []);
});
