/**
 * 8 processes at once, installing overlapping sets into 8 venvs through one cache root,
 * from a cold cache. All must succeed; venvs given the same set must hold identical
 * site-packages; afterwards every source archive in the cache is byte-identical to the
 * index's file and every store entry is intact. The figure (processes, downloads per
 * artifact, which a cross-process lock keeps at one) is printed at the end. Then 4
 * processes install the same C-extension sdist at once: it is built once (a lock on its
 * binary-cache record) and every venv imports it.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { buildSdist } from "../kit/artifacts.js";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";
import { pythonAvailable, tempDir } from "../kit/repo.js";
import { buildWheelhouse, makeVenv, runCliAsync, runPython, sitePackagesOf } from "../e2e/env.js";
import { Store } from "../../src/installer/store.js";

const skip = !pythonAvailable() && "python3 not found";
const dir = tempDir("concurrency");
let server: IndexServer;
const SETS = [["app[fast]==2.0"], ["app==1.0"], ["lib==1.5", "speedup==1.0"], ["app==2.0", "data-pkg==0.1"]];
const PROCESSES = 8;

function files(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (name === "__pycache__") continue;
      if (statSync(full).isDirectory()) walk(full);
      else {
        // A RECORD's script rows hash the script, whose shebang names its own venv: left out.
        const data = name === "RECORD" ? readFileSync(full, "utf8").split("\n").filter((l) => !l.startsWith("../")).join("\n") : readFileSync(full);
        out.push(`${relative(root, full)} ${createHash("sha256").update(data).digest("hex")}`);
      }
    }
  };
  walk(root);
  return out;
}

before(async () => {
  if (skip) return;
  buildWheelhouse(join(dir.path, "wheels"));
  const cext = await buildSdist("cext");
  server = await startIndexServer({ root: join(dir.path, "wheels"), projects: { "pa-demo-cext": [{ filename: cext.filename, path: cext.path }] } });
});
after(async () => {
  await server?.close();
  dir.cleanup();
});

test(`${PROCESSES} concurrent installs of overlapping sets through one cold cache: all succeed, same sets give the same files, no corrupt entry`, { skip, timeout: 300_000 }, async () => {
  const cache = join(dir.path, "cache");
  const venvs = Array.from({ length: PROCESSES }, (_, i) => join(dir.path, `venv-${i}`));
  venvs.forEach((v) => makeVenv(v));
  const runs = await Promise.all(venvs.map((venv, i) =>
    runCliAsync(["install", "--python", venv, "--cache-dir", cache, "-i", server.simpleUrl, ...SETS[i % SETS.length]!], dir.path)));
  runs.forEach((run, i) => assert.equal(run.code, 0, `process ${i}: ${run.stderr}`));
  for (let i = SETS.length; i < PROCESSES; i++) {
    assert.deepEqual(files(sitePackagesOf(venvs[i]!)), files(sitePackagesOf(venvs[i - SETS.length]!)), `venv ${i} and venv ${i - SETS.length} hold the same files`);
  }
  const wheels = join(dir.path, "wheels");
  const sources = files(join(cache, "sources-v1")).filter((line) => line.split(" ")[0]!.endsWith(".whl"));
  assert.ok(sources.length >= 5);
  for (const line of sources) {
    const [path, digest] = line.split(" ");
    const name = path!.split("/").pop()!;
    assert.equal(digest, createHash("sha256").update(readFileSync(join(wheels, name))).digest("hex"), `${path} is the index's file`);
  }
  const store = new Store(join(cache, "store-v1"));
  const entries = readdirSync(store.root).filter((n) => /^[0-9a-f]{64}$/.test(n));
  for (const sha of entries) assert.notEqual(store.get(sha), null, `store entry ${sha} is intact`);
  assert.deepEqual(readdirSync(store.root).filter((n) => n.startsWith(".")), [], "no temporary directory is left");
  // Whole-file GETs (the resolver's range requests for METADATA are not downloads).
  const downloads = new Map<string, number>();
  for (const r of server.requests) if (r.path.endsWith(".whl") && r.method === "GET" && r.headers.range === undefined && r.status === 200) downloads.set(r.path, (downloads.get(r.path) ?? 0) + 1);
  assert.equal(downloads.size, sources.length);
  for (const [path, count] of downloads) assert.equal(count, 1, `${path} was downloaded ${count} times: the cross-process lock makes it once`);
  console.log(`concurrency: ${PROCESSES} processes, ${downloads.size} artifacts each downloaded once, ${entries.length} store entries intact, 0 corrupt`);
});

test("4 concurrent installs of one sdist through one cold cache: it is built once, and every venv imports it", { skip, timeout: 300_000 }, async () => {
  const cache = join(dir.path, "build-cache");
  const venvs = Array.from({ length: 4 }, (_, i) => join(dir.path, `build-venv-${i}`));
  venvs.forEach((v) => makeVenv(v));
  const runs = await Promise.all(venvs.map((venv) =>
    runCliAsync(["install", "--python", venv, "--cache-dir", cache, "-i", server.simpleUrl, "pa-demo-cext==1.0"], dir.path)));
  runs.forEach((run, i) => assert.equal(run.code, 0, `process ${i}: ${run.stderr}`));
  const builds = runs.filter((run) => /Built pa-demo-cext/.test(run.stdout)).length;
  assert.equal(builds, 1, `the sdist was built ${builds} times: the build lock makes it once`);
  for (const venv of venvs) {
    assert.equal(runPython(join(venv, "bin", "python"), "from pa_demo_cext import _speedup; print(_speedup.add(2, 3))").trim(), "5");
  }
  assert.deepEqual(readdirSync(join(cache, "binaries-v1", "pa-demo-cext")).filter((n) => n.endsWith(".lock") || n.startsWith(".")), [], "no lock or temporary file is left");
  console.log(`concurrency: 4 processes, one sdist, built ${builds} time(s)`);
});
