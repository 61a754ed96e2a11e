/**
 * Broken networks against a whole install: the fault-injecting index server
 * answers 500/503 (with Retry-After), resets connections, delays past
 * `--timeout`, truncates bodies, serves wrong bytes for a hash, serves an HTML
 * page that is not a simple index, and redirects in a loop. Each run is either
 * retried to success or ends in `error[...]` naming the URL, exit 1 (the
 * lasting faults run with `--retries 1`, to keep the suite short). After
 * every fault, every cache entry is hashed: each archive in the source index
 * has the bytes the index's hash names, and each store entry matches its
 * manifest. No partial, temporary or wrong file is left. The figure is
 * printed at the end.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { storePath, type StoreManifest } from "../../src/installer/store.js";
import { startIndexServer, type Fault, type FaultMatch, type IndexServer } from "../kit/index-server.js";
import { pythonAvailable, tempDir } from "../kit/repo.js";
import { buildWheelhouse, runCliAsync } from "../e2e/env.js";

const skip = !pythonAvailable() && "python3 not found";
const dir = tempDir("network-faults");
const wheels = join(dir.path, "wheels");
let server: IndexServer;
/** sha256 of every served file, by filename. */
const truth = new Map<string, string>();
const sha256 = (data: Buffer): string => createHash("sha256").update(data).digest("hex");

before(async () => {
  if (skip) return;
  buildWheelhouse(wheels);
  for (const name of readdirSync(wheels)) truth.set(name, sha256(readFileSync(join(wheels, name))));
  server = await startIndexServer({ root: wheels });
});
after(async () => {
  await server?.close();
  dir.cleanup();
});

function walk(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out;
}

/** Every problem with the cache at `cache`: archives that are not what the index hashed, store files that differ from their manifest, leftovers. */
function cacheProblems(cache: string): { problems: string[]; archives: number; storeFiles: number } {
  const problems: string[] = [];
  let archives = 0;
  let storeFiles = 0;
  for (const path of walk(join(cache, "sources-v1"))) {
    const name = path.slice(path.lastIndexOf("/") + 1);
    if (!/\.(whl|tar\.gz|zip)$/.test(name)) {
      if (!relative(join(cache, "sources-v1"), path).startsWith("simple/") && !name.endsWith(".json")) problems.push(`unexpected file ${relative(cache, path)}`);
      continue;
    }
    archives++;
    const want = truth.get(name);
    if (want === undefined) problems.push(`${relative(cache, path)} is not a served file`);
    else if (sha256(readFileSync(path)) !== want) problems.push(`${relative(cache, path)} does not have the index's hash`);
  }
  const store = join(cache, "store-v1");
  for (const entry of existsSync(store) ? readdirSync(store) : []) {
    const manifestPath = join(store, entry, "manifest.json");
    if (!existsSync(manifestPath)) {
      problems.push(`store entry ${entry} has no manifest`);
      continue;
    }
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as StoreManifest;
    if (truth.size > 0 && ![...truth.values()].includes(manifest.archiveSha256)) problems.push(`store entry ${entry} came from an archive the index never served`);
    for (const file of manifest.files) {
      storeFiles++;
      if (sha256(readFileSync(storePath(join(store, entry), file))) !== file.sha256) problems.push(`store file ${entry}/${file.scheme}/${file.path} differs from its manifest`);
    }
  }
  for (const path of walk(cache)) if (/\.(tmp|partial|part)$|\.tmp-|\.lock$/.test(path)) problems.push(`leftover ${relative(cache, path)}`);
  return { problems, archives, storeFiles };
}

interface Case {
  name: string;
  faults: Array<[FaultMatch, Fault]>;
  /** Extra CLI options. */
  options?: string[];
  /** `ok`: retried to success; otherwise a pattern the error must match (it must also name a URL). */
  expect: "ok" | RegExp;
}

const WHEEL = /\/app-2\.0-py3-none-any\.whl$/;
const PAGE = "/simple/app/";
const CASES: Case[] = [
  { name: "503 with Retry-After on the project page, twice", faults: [[PAGE, { kind: "status", status: 503, headers: { "Retry-After": "1" }, times: 2 }]], expect: "ok" },
  { name: "500 on the wheel, once", faults: [[WHEEL, { kind: "status", status: 500, times: 1 }]], expect: "ok" },
  { name: "a reset connection on the wheel, once", faults: [[WHEEL, { kind: "reset", times: 1 }]], expect: "ok" },
  { name: "a truncated wheel, once", faults: [[WHEEL, { kind: "truncate", times: 1 }]], expect: "ok" },
  { name: "a wheel delayed past --timeout, once", faults: [[WHEEL, { kind: "delay", ms: 2500, times: 1 }]], options: ["--timeout", "1"], expect: "ok" },
  { name: "503 on the project page for good", faults: [[PAGE, { kind: "status", status: 503 }]], options: ["--retries", "1"], expect: /503/ },
  { name: "a reset on every wheel request", faults: [[WHEEL, { kind: "reset" }]], options: ["--retries", "1"], expect: /app-2\.0-py3-none-any\.whl/ },
  { name: "a truncated wheel every time", faults: [[WHEEL, { kind: "truncate" }]], options: ["--retries", "1"], expect: /app-2\.0-py3-none-any\.whl/ },
  { name: "a wheel delayed past --timeout every time", faults: [[WHEEL, { kind: "delay", ms: 2500 }]], options: ["--timeout", "1", "--retries", "1"], expect: /app-2\.0-py3-none-any\.whl/ },
  { name: "wrong bytes for the wheel's hash", faults: [[WHEEL, { kind: "wrong-hash" }]], options: ["--retries", "1"], expect: /hash/i },
  {
    name: "an HTML page that is not a simple index (a login page)",
    faults: [[PAGE, { kind: "status", status: 200, headers: { "Content-Type": "text/html" }, body: "<html><body><form action=/login>Sign in</form></body></html>" }]],
    expect: /app/,
  },
  { name: "a redirect loop on the project page", faults: [[PAGE, { kind: "status", status: 302, headers: { Location: PAGE } }]], options: ["--retries", "1"], expect: /redirect/i },
  { name: "a redirect loop on the wheel", faults: [[WHEEL, { kind: "status", status: 302, headers: { Location: "/loop/a" } }], ["/loop/a", { kind: "status", status: 302, headers: { Location: "/loop/b" } }], ["/loop/b", { kind: "status", status: 302, headers: { Location: "/loop/a" } }]], options: ["--retries", "1"], expect: /redirect/i },
];

let injected = 0;
let hashedArchives = 0;
let hashedStoreFiles = 0;

for (const [i, c] of CASES.entries()) {
  test(`network fault: ${c.name}: ${c.expect === "ok" ? "retried to success" : "a clear error naming the URL"}, and every cache entry hashes right`, { skip, timeout: 120_000 }, async () => {
    server.clearFaults();
    server.clearLog();
    for (const [match, fault] of c.faults) server.setFault(match, fault);
    const cache = join(dir.path, `cache-${i}`);
    const target = join(dir.path, `target-${i}`);
    const run = await runCliAsync(["install", "--python", "python3", "--target", target, "--cache-dir", cache, "-i", server.simpleUrl, ...(c.options ?? []), "app==2.0"], dir.path);
    injected += server.requests.filter((r) => r.fault !== undefined).length;
    assert.ok(server.requests.some((r) => r.fault !== undefined), "the fault was injected");
    if (c.expect === "ok") {
      assert.equal(run.code, 0, run.stderr);
      assert.ok(existsSync(join(target, "app", "new_only.py")));
    } else {
      assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
      assert.match(run.stderr, /error\[/);
      assert.match(run.stderr, /http:\/\/127\.0\.0\.1:\d+\//, "the error names the URL");
      assert.match(run.stderr, c.expect);
      assert.doesNotMatch(run.stderr, /at .+\.js:\d+/, "no stack trace");
      assert.ok(!existsSync(join(target, "app")), "nothing was installed");
    }
    const { problems, archives, storeFiles } = cacheProblems(cache);
    assert.deepEqual(problems, []);
    hashedArchives += archives;
    hashedStoreFiles += storeFiles;
    // The same cache, with the fault gone, installs: nothing a failed run left is trusted wrongly.
    server.clearFaults();
    const again = await runCliAsync(["install", "--python", "python3", "--target", join(dir.path, `again-${i}`), "--cache-dir", cache, "-i", server.simpleUrl, "app==2.0"], dir.path);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(cacheProblems(cache).problems, []);
    if (i === CASES.length - 1) {
      console.log(`network faults: ${CASES.length} scenarios, ${injected} faults injected, ${hashedArchives} cached archives and ${hashedStoreFiles} store files hashed, 0 wrong`);
    }
  });
}
