import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { get as httpGet } from "node:http";
import { startIndexServer, type IndexServer } from "./index-server.js";

const FILE = "pa_fault-1.0.tar.gz";
const DATA = Buffer.alloc(4000, 7);

/** A raw GET that reports what node's http client saw, including errors mid-body. */
function rawGet(url: string): Promise<{ status?: number; length?: string; received: number; error?: string }> {
  return new Promise((resolve) => {
    const req = httpGet(url, { agent: false }, (res) => {
      let received = 0;
      res.on("data", (chunk: Buffer) => (received += chunk.length));
      res.on("end", () => resolve({ status: res.statusCode, length: res.headers["content-length"], received }));
      res.on("aborted", () => resolve({ status: res.statusCode, length: res.headers["content-length"], received, error: "aborted" }));
      res.on("error", (e) => resolve({ status: res.statusCode, received, error: e.message }));
    });
    req.on("error", (e) => resolve({ received: 0, error: (e as NodeJS.ErrnoException).code ?? e.message }));
  });
}

describe("index server faults", () => {
  let server: IndexServer;
  before(async () => {
    server = await startIndexServer({ projects: { "pa-fault": [{ filename: FILE, data: DATA }] } });
  });
  after(() => server.close());
  beforeEach(() => {
    server.clearFaults();
    server.clearLog();
  });

  test("status faults, and fail-N-times-then-succeed", async () => {
    server.setFault("/simple/pa-fault/", { kind: "status", status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${server.simpleUrl}pa-fault/`)).status);
    assert.deepEqual(statuses, [503, 503, 200]);
    assert.deepEqual(server.requests.map((r) => r.fault), ["status", "status", undefined]);
  });

  test("a RegExp or function match selects requests; other paths are untouched", async () => {
    server.setFault(/\.tar\.gz$/, { kind: "status", status: 404 });
    server.setFault((r) => r.headers["x-break"] === "yes", { kind: "status", status: 500 });
    assert.equal((await fetch(server.fileUrl(FILE))).status, 404);
    assert.equal((await fetch(server.simpleUrl, { headers: { "x-break": "yes" } })).status, 500);
    assert.equal((await fetch(server.simpleUrl)).status, 200);
  });

  test("delay holds the response back", async () => {
    server.setFault(FILE, { kind: "delay", ms: 150 });
    const start = performance.now();
    const res = await fetch(server.fileUrl(FILE));
    assert.equal(res.status, 200);
    assert.ok(performance.now() - start >= 140);
    assert.equal((await res.arrayBuffer()).byteLength, DATA.length);
  });

  test("reset destroys the connection without an answer", async () => {
    server.setFault(FILE, { kind: "reset", times: 1 });
    const result = await rawGet(server.fileUrl(FILE));
    assert.equal(result.status, undefined);
    assert.match(result.error ?? "", /ECONNRESET|socket hang up/);
    assert.equal(server.requests[0]!.status, 0);
    assert.equal((await rawGet(server.fileUrl(FILE))).received, DATA.length);
  });

  test("truncate announces the full length and sends half", async () => {
    server.setFault(FILE, { kind: "truncate" });
    const result = await rawGet(server.fileUrl(FILE));
    assert.equal(result.status, 200);
    assert.equal(result.length, String(DATA.length));
    assert.ok(result.received < DATA.length, `received ${result.received}`);
    assert.ok(result.error, "the client notices the short body");
    await assert.rejects(async () => (await fetch(server.fileUrl(FILE))).arrayBuffer());
  });

  test("wrong-hash serves bytes that do not match the advertised sha256", async () => {
    const advertised = createHash("sha256").update(DATA).digest("hex");
    const page = await (await fetch(`${server.simpleUrl}pa-fault/`)).text();
    assert.ok(page.includes(`#sha256=${advertised}`));
    server.setFault(FILE, { kind: "wrong-hash" });
    const served = Buffer.from(await (await fetch(server.fileUrl(FILE))).arrayBuffer());
    assert.equal(served.length, DATA.length);
    assert.notEqual(createHash("sha256").update(served).digest("hex"), advertised);
    server.clearFaults();
    server.setFault(FILE, { kind: "wrong-hash", data: "other" });
    assert.equal(await (await fetch(server.fileUrl(FILE))).text(), "other");
  });
});
