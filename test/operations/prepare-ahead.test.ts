/**
 * Preparing ahead (operations/prepare-ahead.ts): wheels the resolver pins are
 * fetched and unpacked while it still works. A version it pins and then drops
 * never enters the source index, every archive the install uses does, the
 * staging folder is left empty, and a failed fetch ahead is fetched again by
 * the plan. Runs `install()` with `--target` and the machine's python3.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { install } from "../../src/lib.js";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";
import { pythonAvailable, tempDir } from "../kit/repo.js";
import { buildWheel } from "../kit/wheel-factory.js";
import { sandboxEnv } from "../e2e/env.js";

const skip = !pythonAvailable() && "python3 not found";
const dir = tempDir("prepare-ahead");
let server: IndexServer;

before(async () => {
  if (skip) return;
  const wheels = join(dir.path, "wheels");
  // top 2.0 is pinned first and then dropped: its dependency mid needs a leaf that top 2.0 rules out.
  buildWheel({ name: "top", version: "2.0", files: { "top.py": "V = 2\n" }, metadata: { requiresDist: ["leaf==2.0", "mid"] } }, wheels);
  buildWheel({ name: "top", version: "1.0", files: { "top.py": "V = 1\n" }, metadata: { requiresDist: ["leaf>=1"] } }, wheels);
  buildWheel({ name: "mid", version: "1.0", files: { "mid.py": "" }, metadata: { requiresDist: ["leaf<2"] } }, wheels);
  for (const version of ["1.0", "2.0"]) buildWheel({ name: "leaf", version, files: { "leaf.py": "" } }, wheels);
  server = await startIndexServer({ root: wheels });
});
after(async () => {
  await server?.close();
  dir.cleanup();
});

const options = (name: string) => ({
  cacheDir: join(dir.path, `cache-${name}`), python: "python3", target: join(dir.path, `target-${name}`), env: sandboxEnv(dir.path), cwd: dir.path,
  indexUrls: [server.simpleUrl], http: { retries: 0, backoffMs: 1 },
});
const wholeGets = (filename: string): number => server.requests.filter((r) => r.path.endsWith(`/${filename}`) && r.headers.range === undefined).length;
const sourceFiles = (cache: string): string[] => readdirSync(join(cache, "sources-v1"), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();

test("a version pinned and then dropped is fetched ahead but stays out of the source index; the install's own files go in", { skip }, async () => {
  server.clearLog();
  const o = options("dropped");
  const summary = await install({ ...o, requirements: ["top"] });
  assert.deepEqual(summary.installed.map((i) => `${i.name}-${i.version}`), ["leaf-2.0", "top-1.0"]);
  assert.equal(wholeGets("top-2.0-py3-none-any.whl"), 1, "top 2.0, pinned first, was fetched ahead");
  assert.equal(wholeGets("top-1.0-py3-none-any.whl"), 1, "top 1.0, a later pin of the same project, was fetched by the plan only");
  assert.equal(wholeGets("leaf-2.0-py3-none-any.whl"), 1, "leaf was fetched once, ahead, and adopted");
  assert.deepEqual(sourceFiles(o.cacheDir), ["leaf-2.0-py3-none-any.whl", "top-1.0-py3-none-any.whl"], "top 2.0 is not a local candidate");
  const staging = join(o.cacheDir, "sources-v1", "ahead");
  assert.deepEqual(existsSync(staging) ? readdirSync(staging) : [], [], "nothing is left in the staging folder");

  // The source index alone now answers: an offline install into a new target needs no server.
  server.clearLog();
  const again = await install({ ...o, target: join(dir.path, "target-dropped-2"), requirements: ["top"], offline: true });
  assert.deepEqual(again.installed.map((i) => `${i.name}-${i.version}`), ["leaf-2.0", "top-1.0"]);
  assert.equal(server.requests.length, 0);
});

test("a fetch ahead that fails is dropped, and the plan fetches the file again", { skip }, async () => {
  server.clearLog();
  server.setFault((r) => r.path.endsWith("/leaf-2.0-py3-none-any.whl") && r.headers.range === undefined, { kind: "reset", times: 1 });
  try {
    const o = options("reset");
    const summary = await install({ ...o, requirements: ["top"] });
    assert.deepEqual(summary.installed.map((i) => `${i.name}-${i.version}`), ["leaf-2.0", "top-1.0"]);
    assert.equal(wholeGets("leaf-2.0-py3-none-any.whl"), 2, "the reset fetch ahead, then the plan's own");
    assert.deepEqual(sourceFiles(o.cacheDir), ["leaf-2.0-py3-none-any.whl", "top-1.0-py3-none-any.whl"]);
  } finally {
    server.clearFaults();
  }
});

test("a dry run fetches nothing ahead", { skip }, async () => {
  server.clearLog();
  const o = options("dry");
  const summary = await install({ ...o, requirements: ["top"], dryRun: true });
  assert.equal(summary.dryRun, true);
  assert.equal(server.requests.filter((r) => r.path.endsWith(".whl") && r.headers.range === undefined).length, 0);
  assert.equal(existsSync(join(o.cacheDir, "store-v1")) ? readdirSync(join(o.cacheDir, "store-v1")).length : 0, 0);
});
