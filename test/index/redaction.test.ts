/**
 * Credentials never reach an error, a warning or the request log: URL user
 * info (`user:password@`, a bare token `token@`) and `~/.netrc` passwords,
 * through the HTTP client, the index client, downloads and `resolve()`.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../src/cache/cache.js";
import { IndexClient } from "../../src/index/client.js";
import { HttpClient, type RequestLogEntry } from "../../src/index/http.js";
import { defaultTarget } from "../../src/index/target.js";
import { resolve } from "../../src/resolver/lib.js";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";

const SECRETS = ["s3cretpw", "t0kenvalue", "n3trcpw"];
const target = defaultTarget({ pythonVersion: [3, 11, 0], supportedTags: ["py3-none-any"] });
let server: IndexServer;
let netrc: string;

before(async () => {
  server = await startIndexServer({ projects: { demo: [{ filename: "demo-1.0.tar.gz", data: "sdist" }] } });
  const dir = mkdtempSync(join(tmpdir(), "pa-redact-"));
  netrc = join(dir, "netrc");
  writeFileSync(netrc, "machine 127.0.0.1 login carol password n3trcpw\n");
});
after(() => server.close());

/** Everything a user could see: messages, hints, causes, warnings and log entries. */
function visible(items: unknown[]): string {
  return items.map((item) => {
    if (item instanceof Error) {
      const e = item as Error & { hint?: string; cause?: unknown };
      return [e.message, e.hint ?? "", e.cause instanceof Error ? e.cause.message : "", e.stack ?? ""].join("\n");
    }
    return JSON.stringify(item);
  }).join("\n");
}

function assertClean(text: string): void {
  for (const secret of [...SECRETS, ...SECRETS.map((s) => Buffer.from(`carol:${s}`).toString("base64"))]) {
    assert.ok(!text.includes(secret), `"${secret}" leaked into: ${text.slice(0, 400)}`);
  }
}

const withUserinfo = (userinfo: string) => server.simpleUrl.replace("http://", `http://${userinfo}@`);

test("failing pages, files and metadata: errors, warnings and the request log stay clean", async () => {
  const log: RequestLogEntry[] = [];
  const warnings: string[] = [];
  const errors: unknown[] = [];
  const http = new HttpClient({ retries: 1, backoffMs: 1, netrcPath: netrc, env: {}, onRequest: (e) => log.push(e) });
  try {
    for (const userinfo of ["alice:s3cretpw", "t0kenvalue", "bob:"]) {
      const client = new IndexClient({ cache: new Cache(mkdtempSync(join(tmpdir(), "pa-redact-"))), http, indexUrls: [withUserinfo(userinfo)], onWarning: (w) => warnings.push(w) });
      server.setFault("/simple/demo/", { kind: "status", status: 503 });
      assert.equal((await client.findCandidates("demo", { target })).kind, "not-found");
      server.clearFaults();
      const found = await client.findCandidates("demo", { target, upgrade: true });
      if (found.kind !== "found") throw new Error(found.kind);
      server.setFault("demo-1.0.tar.gz", { kind: "wrong-hash" });
      await client.download(found.candidates[0]!).catch((e: unknown) => errors.push(e));
      server.setFault("demo-1.0.tar.gz", { kind: "reset" });
      await client.download(found.candidates[0]!).catch((e: unknown) => errors.push(e));
      server.clearFaults();
    }
    await http.getText(`${withUserinfo("alice:s3cretpw")}missing/`).catch((e: unknown) => errors.push(e));
  } finally {
    server.clearFaults();
    await http.close();
  }
  assert.ok(warnings.length >= 3 && errors.length >= 7 && log.length > 10, `${warnings.length} warnings, ${errors.length} errors, ${log.length} log entries`);
  assert.ok(warnings.some((w) => w.includes("alice:****@")), "the user name stays, the password is masked");
  assert.ok(warnings.some((w) => w.includes("****@127.0.0.1")), "a bare token is masked");
  assertClean(visible([...errors, ...warnings, ...log]));
  assert.ok(server.requests.some((r) => r.headers.authorization === `Basic ${Buffer.from("alice:s3cretpw").toString("base64")}`), "the credentials were sent");
});

test("the netrc password is sent but never shown", async () => {
  const log: RequestLogEntry[] = [];
  const http = new HttpClient({ retries: 0, netrcPath: netrc, env: {}, onRequest: (e) => log.push(e) });
  server.clearLog();
  server.setFault("/simple/demo/", { kind: "status", status: 500 });
  const error = await http.getText(`${server.simpleUrl}demo/`).catch((e: unknown) => e);
  server.clearFaults();
  await http.close();
  assert.equal(server.requests[0]!.headers.authorization, `Basic ${Buffer.from("carol:n3trcpw").toString("base64")}`);
  assertClean(visible([error, ...log]));
});

test("resolve(): a failed resolution's explanation, warnings and pins keep no password from the index URL", async () => {
  server.setFault("/simple/demo/", { kind: "status", status: 503 });
  const failed = await resolve(["demo"], {
    environment: { markers: { python_version: "3.11", python_full_version: "3.11.4" }, tags: ["py3-none-any"] },
    indexUrls: [withUserinfo("alice:s3cretpw")], cacheDir: mkdtempSync(join(tmpdir(), "pa-redact-")), index: { http: { retries: 0, netrcPath: null } },
  }).catch((e: unknown) => e);
  server.clearFaults();
  assert.ok(failed instanceof Error);
  assertClean(visible([failed]));
});
