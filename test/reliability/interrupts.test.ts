/**
 * kill -9 at random points (seeded) of an upgrade or downgrade between `app` 1.0 and 2.0
 * (which differ in files: `old_only.py` and `new_only.py`), from a warm cache. After each
 * kill the environment holds one whole version of `app` (one `.dist-info`, every RECORD
 * file present with its hash, no file of the other version) or a transaction journal;
 * once any pip-accel command opens it again (`freeze` here) it holds one whole version,
 * and the next install completes the change. `PIP_ACCEL_INTERRUPT_TRIALS` sets the count
 * (default 50, seeded by `PIP_ACCEL_INTERRUPT_SEED`); `PIP_ACCEL_COLD_TRIALS` the count of
 * killed cold runs (below, default 6). The figures are printed at the end.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Store } from "../../src/installer/store.js";
import { buildSdist } from "../kit/artifacts.js";
import { cleanPythonEnv, pythonAvailable, tempDir } from "../kit/repo.js";
import { killedAfter, prng, runKillTrials } from "./kill-trials.js";
import { buildWheelhouse, makeVenv, runCliAsync, sitePackagesOf } from "../e2e/env.js";

const skip = !pythonAvailable() && "python3 not found";
const TRIALS = Number(process.env.PIP_ACCEL_INTERRUPT_TRIALS ?? 50);
const SEED = Number(process.env.PIP_ACCEL_INTERRUPT_SEED ?? 613);
const dir = tempDir("interrupts");
const venv = (): string => join(dir.path, "venv");
const args = (target: string): string[] => ["install", "--python", venv(), "--cache-dir", join(dir.path, "cache"), "--no-index", "-f", join(dir.path, "wheels"), `app==${target}`];

let fullRun = 0;

before(async () => {
  if (skip) return;
  buildWheelhouse(join(dir.path, "wheels"));
  makeVenv(venv());
  for (const target of ["2.0", "1.0"]) { // warm the cache for both versions
    const started = performance.now();
    const run = await runCliAsync(args(target), dir.path);
    assert.equal(run.code, 0, run.stderr);
    fullRun = Math.max(fullRun, performance.now() - started);
  }
});
after(() => dir.cleanup());

test(`kill -9 at ${TRIALS} random points of an upgrade or downgrade: never a mix once the environment is opened again, and the next run completes it`, { skip, timeout: 600_000 }, async () => {
  const result = await runKillTrials({
    cwd: dir.path, site: sitePackagesOf(venv()), distName: "app", versions: ["1.0", "2.0"], installArgs: args,
    openArgs: ["freeze", "--python", venv(), "--cache-dir", join(dir.path, "cache")], trials: TRIALS, seed: SEED, fullRunMs: fullRun,
  });
  console.log(`interrupts: ${result.trials} kill -9 trials (${result.midRun} mid-run, ${result.journaled} mid-swap and recovered from the journal, seed ${SEED}), ${result.trials} survived with one whole version, 0 mixes`);
});

/**
 * Cold runs killed while downloading, unpacking and building: `pa-demo-cext` (an sdist with
 * a C extension, built with `setup.py bdist_dumb`) and `app` from a find-links directory,
 * each trial with an empty cache. After each kill every entry a later run would trust is
 * whole: each binary-cache record's archive has the recorded sha256, each source archive is
 * the original's bytes, each store entry matches its manifest. The next run completes and
 * the extension imports.
 */
const COLD_TRIALS = Number(process.env.PIP_ACCEL_COLD_TRIALS ?? 6);

function trustedEntryProblems(cache: string, originals: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  const sha = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");
  const binaries = join(cache, "binaries-v1");
  for (const project of existsSync(binaries) ? readdirSync(binaries) : []) {
    for (const name of readdirSync(join(binaries, project)).filter((n) => n.endsWith(".json"))) {
      const record = JSON.parse(readFileSync(join(binaries, project, name), "utf8")) as { file: string; sha256: string };
      const archive = join(binaries, project, record.file);
      if (!existsSync(archive) || sha(archive) !== record.sha256) problems.push(`binary record ${project}/${name} names an archive that is not whole`);
    }
  }
  const sources = join(cache, "sources-v1");
  for (const name of existsSync(sources) ? readdirSync(sources) : []) {
    const want = originals.get(name);
    if (want !== undefined && sha(join(sources, name)) !== want) problems.push(`source archive ${name} is not the original's bytes`);
  }
  const store = new Store(join(cache, "store-v1"));
  for (const entry of existsSync(store.root) ? readdirSync(store.root).filter((n) => /^[0-9a-f]{64}$/.test(n)) : []) {
    if (existsSync(join(store.root, entry, "manifest.json")) && store.get(entry) === null) problems.push(`store entry ${entry} is not whole`);
  }
  return problems;
}

test(`kill -9 at ${COLD_TRIALS} random points of cold runs that download, unpack and build: no entry a later run trusts is partial`, { skip, timeout: 600_000 }, async () => {
  const links = join(dir.path, "cold-links");
  mkdirSync(links, { recursive: true });
  const sdist = await buildSdist("cext");
  copyFileSync(sdist.path, join(links, sdist.filename));
  for (const name of readdirSync(join(dir.path, "wheels"))) if (/^(app-2\.0|lib-1\.5)/.test(name)) copyFileSync(join(dir.path, "wheels", name), join(links, name));
  const originals = new Map(readdirSync(links).map((n) => [n, createHash("sha256").update(readFileSync(join(links, n))).digest("hex")]));
  const coldArgs = (trial: number, target: string): string[] => ["install", "--python", "python3", "--target", target, "--cache-dir", join(dir.path, `cold-cache-${trial}`), "--no-index", "-f", links, "pa-demo-cext==1.0", "app==2.0"];
  const started = performance.now();
  const first = await runCliAsync(coldArgs(-1, join(dir.path, "cold-target--1")), dir.path);
  assert.equal(first.code, 0, first.stderr);
  const coldMs = performance.now() - started;
  const random = prng(SEED);
  let midRun = 0;
  let partialLeft = 0;
  for (let trial = 0; trial < COLD_TRIALS; trial++) {
    const delay = Math.floor(random() * coldMs * 1.1);
    if ((await killedAfter(coldArgs(trial, join(dir.path, `cold-target-${trial}`)), dir.path, delay)) === null) midRun++;
    const cache = join(dir.path, `cold-cache-${trial}`);
    assert.deepEqual(trustedEntryProblems(cache, originals), [], `cold trial ${trial} (seed ${SEED}, killed after ${delay} ms)`);
    if (existsSync(cache) && !existsSync(join(cache, "binaries-v1", "pa-demo-cext"))) partialLeft++;
    const target = join(dir.path, `cold-done-${trial}`);
    const done = await runCliAsync(coldArgs(trial, target), dir.path);
    assert.equal(done.code, 0, `cold trial ${trial}: the next run fails: ${done.stderr}`);
    const imported = spawnSync("python3", ["-c", "from pa_demo_cext import _speedup; import app; print(_speedup.add(2, 3), app.VERSION)"], { env: { ...cleanPythonEnv(), PYTHONPATH: target }, encoding: "utf8" });
    assert.equal(imported.stdout.trim(), "5 2.0", imported.stderr);
    assert.deepEqual(trustedEntryProblems(cache, originals), []);
  }
  assert.ok(midRun >= COLD_TRIALS / 3, `at least a third of the cold kills land before the run ends (${midRun})`);
  console.log(`interrupts (cold): ${COLD_TRIALS} kill -9 trials of cold runs (${midRun} mid-run, ${partialLeft} before the build was cached), 0 partial entries trusted`);
});
