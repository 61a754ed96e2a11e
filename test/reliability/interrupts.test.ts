/**
 * kill -9 at random points (seeded) of an upgrade or downgrade between `app` 1.0 and 2.0
 * (which differ in files: `old_only.py` and `new_only.py`), from a warm cache. After each
 * kill the environment holds one whole version of `app` (one `.dist-info`, every RECORD
 * file present with its hash, no file of the other version) or a transaction journal;
 * once any pip-accel command opens it again (`freeze` here) it holds one whole version,
 * and the next install completes the change. `PIP_ACCEL_INTERRUPT_TRIALS` sets the count (default 50, seeded by
 * `PIP_ACCEL_INTERRUPT_SEED`). The figure is printed at the end.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pythonAvailable, tempDir } from "../kit/repo.js";
import { runKillTrials } from "./kill-trials.js";
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
