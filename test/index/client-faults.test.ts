/**
 * Each fault of the local index server against `IndexClient` pages, PEP 658
 * files and downloads: transient ones are retried and succeed; persistent
 * ones end in a clear error and leave nothing in the caches (a later offline
 * run finds nothing stored). Downloads' own faults are in `download.test.ts`.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../src/cache/cache.js";
import { IndexClient } from "../../src/index/client.js";
import { HttpClient } from "../../src/index/http.js";
import { defaultTarget } from "../../src/index/target.js";
import { startIndexServer, type Fault, type IndexServer } from "../kit/index-server.js";

const METADATA = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nRequires-Dist: dep\n";
const target = defaultTarget({ pythonVersion: [3, 11, 0], supportedTags: ["py3-none-any"] });
let server: IndexServer;

before(async () => {
  server = await startIndexServer({ projects: { demo: [{ filename: "demo-1.0-py3-none-any.whl", data: "wheel bytes", metadata: METADATA }] } });
});
after(() => server.close());

function makeClient(root: string, offline = false) {
  const http = new HttpClient({ retries: 2, backoffMs: 1, timeoutMs: 2000, netrcPath: null, env: {}, offline });
  const warnings: string[] = [];
  return { http, warnings, client: new IndexClient({ cache: new Cache(root), http, indexUrls: [server.simpleUrl], onWarning: (w) => warnings.push(w) }) };
}

const transient: [string, Fault][] = [
  ["503 twice", { kind: "status", status: 503, times: 2 }],
  ["connection reset once", { kind: "reset", times: 1 }],
  ["truncated body once", { kind: "truncate", times: 1 }],
];
const persistent: [string, Fault, RegExp][] = [
  ["always 500", { kind: "status", status: 500 }, /500/],
  ["always reset", { kind: "reset" }, /reset|hang up|socket|closed|terminated/i],
  ["always truncated", { kind: "truncate" }, /truncat|terminated|closed|length|premature|incomplete|socket/i],
];

for (const [name, fault] of transient) {
  test(`project page, ${name}: retried, then read`, async () => {
    const root = mkdtempSync(join(tmpdir(), "pa-faults-"));
    server.clearFaults();
    server.clearLog();
    server.setFault("/simple/demo/", fault);
    const { client, http } = makeClient(root);
    try {
      const found = await client.findCandidates("demo", { target });
      assert.equal(found.kind, "found");
      assert.ok(server.requestsTo("/simple/demo/").length >= 2, "the page was asked for again");
    } finally {
      server.clearFaults();
      await http.close();
    }
  });
}

for (const [name, fault, message] of persistent) {
  test(`project page, ${name}: retried, then skipped with a clear warning (as pip), no page stored`, async () => {
    const root = mkdtempSync(join(tmpdir(), "pa-faults-"));
    server.clearFaults();
    server.clearLog();
    server.setFault("/simple/demo/", fault);
    const { client, http, warnings } = makeClient(root);
    try {
      assert.equal((await client.findCandidates("demo", { target })).kind, "not-found");
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, message);
      assert.match(warnings[0]!, /^Skipping http:\/\/127\.0\.0\.1:\d+\/simple\/demo\/: /, "the warning names the URL");
      assert.equal(server.requestsTo("/simple/demo/").length, 3, "one try and two retries");
    } finally {
      server.clearFaults();
      await http.close();
    }
    const offline = makeClient(root, true);
    const after = await offline.client.findCandidates("demo", { target });
    assert.equal(after.kind, "offline", "nothing corrupt was stored as the page");
    await offline.http.close();
  });
}

test("PEP 658 file with the wrong hash: refused, not stored; the next try fetches it again", async () => {
  const root = mkdtempSync(join(tmpdir(), "pa-faults-"));
  server.clearFaults();
  const { client, http } = makeClient(root);
  try {
    const found = await client.findCandidates("demo", { target });
    assert.equal(found.kind, "found");
    if (found.kind !== "found") return;
    const wheel = found.candidates[0]!;
    server.setFault(".metadata", { kind: "wrong-hash", times: 1 });
    await assert.rejects(client.fetchMetadata(wheel), /hash/i);
    const metadataDir = join(root, "http-v1", "metadata");
    assert.deepEqual(existsSync(metadataDir) ? readdirSync(metadataDir) : [], [], "nothing stored");
    server.clearLog();
    assert.equal(await client.fetchMetadata(wheel), METADATA);
    assert.equal(server.requestsTo(".metadata").length, 1);
  } finally {
    server.clearFaults();
    await http.close();
  }
});

test("download with a 503 then good bytes is retried and stored; a 404 is a clear error and stores nothing", async () => {
  const root = mkdtempSync(join(tmpdir(), "pa-faults-"));
  server.clearFaults();
  const { client, http } = makeClient(root);
  try {
    const found = await client.findCandidates("demo", { target });
    if (found.kind !== "found") throw new Error(found.kind);
    const wheel = found.candidates[0]!;
    server.setFault("demo-1.0-py3-none-any.whl", { kind: "status", status: 404 });
    await assert.rejects(client.download(wheel), /404/);
    assert.ok(!existsSync(join(root, "sources-v1", "demo-1.0-py3-none-any.whl")));
    server.clearFaults();
    server.setFault("demo-1.0-py3-none-any.whl", { kind: "status", status: 503, times: 1 });
    const got = await client.download(wheel);
    assert.ok(existsSync(got.path));
  } finally {
    server.clearFaults();
    await http.close();
  }
});
