/**
 * Failure safety of `install()` against the local index server: a network
 * fault (a download cut off mid-way) or a failed sdist build leaves the
 * target environment byte for byte as it was, and nothing half-written in
 * the caches (`sources-v1/`, `binaries-v1/`, the store): no temp files, no
 * partial archives, every store entry complete. Runs with `--target` and
 * the machine's python3 (no venv).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { install } from "../../src/lib.js";
import { buildSdist } from "../kit/artifacts.js";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";
import { pythonAvailable, tempDir } from "../kit/repo.js";
import { buildWheelhouse, sandboxEnv } from "../e2e/env.js";

const skip = !pythonAvailable() && "python3 not found";
const dir = tempDir("failure-safety");
let server: IndexServer;
const cache = (): string => join(dir.path, "cache");
const target = (): string => join(dir.path, "target");

function walk(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: "utf8" }).map((p) => join(root, p));
}

/** Every file of a tree with its sha256 (directories by name). */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of walk(root)) {
    const stat = statSync(path);
    out[relative(root, path)] = stat.isDirectory() ? "dir" : createHash("sha256").update(readFileSync(path)).digest("hex");
  }
  return out;
}

function assertNothingHalfWritten(): void {
  const leftovers = walk(cache()).filter((p) => /\.tmp-|\.tmp$|\.partial$/.test(p) && !/\/build-logs\//.test(p));
  assert.deepEqual(leftovers, [], "no temporary files in the cache");
  const store = join(cache(), "store-v1");
  for (const entry of existsSync(store) ? readdirSync(store) : []) {
    assert.ok(existsSync(join(store, entry, "manifest.json")), `store entry ${entry} is complete`);
  }
}

const base = () => ({
  cacheDir: cache(), python: "python3", target: target(), env: sandboxEnv(dir.path), cwd: dir.path,
  indexUrls: [server.simpleUrl], http: { retries: 0, backoffMs: 1 }, jobs: 2,
});

before(async () => {
  if (skip) return;
  const wheels = buildWheelhouse(join(dir.path, "wheels"));
  const broken = await buildSdist("missing-header");
  server = await startIndexServer({ root: wheels, projects: { "pa-demo-missing-header": [{ filename: broken.filename, path: broken.path }] } });
  await install({ ...base(), requirements: ["lib==1.0"] });
});
after(async () => {
  await server?.close();
  dir.cleanup();
});

test("a download cut off mid-way leaves the environment and the caches as they were", { skip }, async () => {
  const before = snapshot(target());
  server.setFault((r) => r.path.endsWith("app-2.0-py3-none-any.whl") && r.headers.range === undefined, { kind: "truncate", fraction: 0.5 });
  try {
    await assert.rejects(install({ ...base(), requirements: ["app==2.0", "lib==1.5"] }), { code: "download-truncated" });
  } finally {
    server.clearFaults();
  }
  assert.deepEqual(snapshot(target()), before, "the target is unchanged (lib 1.0 still installed, app absent)");
  assert.ok(!readdirSync(join(cache(), "sources-v1")).some((f) => f.startsWith("app-2.0")), "the cut-off download was not kept");
  assertNothingHalfWritten();
});

// A failing index page is a warning and "not found" (as pip); the install stops at resolution.
test("an index answering 503 leaves everything as it was", { skip }, async () => {
  const before = snapshot(target());
  server.setFault((r) => r.path.startsWith("/simple/speedup"), { kind: "status", status: 503 });
  try {
    await assert.rejects(install({ ...base(), requirements: ["app[fast]==1.0"], refresh: true }), { code: "resolution-impossible" });
  } finally {
    server.clearFaults();
  }
  assert.deepEqual(snapshot(target()), before);
  assertNothingHalfWritten();
});

test("a failed sdist build installs nothing, caches no binary, and the next install still works", { skip }, async () => {
  const before = snapshot(target());
  await assert.rejects(install({ ...base(), requirements: ["lib==1.5", "pa-demo-missing-header==1.0"] }), { code: "build-failed" });
  assert.deepEqual(snapshot(target()), before, "lib 1.5 was prepared but not installed");
  const binaries = join(cache(), "binaries-v1", "pa-demo-missing-header");
  assert.deepEqual(existsSync(binaries) ? readdirSync(binaries) : [], [], "no binary cached for the failed build");
  assertNothingHalfWritten();
  const ok = await install({ ...base(), requirements: ["lib==1.5"] });
  assert.deepEqual(ok.installed.map((i) => `${i.name}-${i.version}`), ["lib-1.5"]);
});
