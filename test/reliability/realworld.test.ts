/**
 * The reliability suites on real packages (`../shared/realworld/`, wheels exactly as PyPI
 * serves them, with their real RECORDs and file counts):
 *
 * - kill -9 at random points (seeded) while switching rich between 13.9.4 and 15.0.0,
 *   whose file sets differ: after each kill rich is whole or journaled, whole once the
 *   environment is opened again, and the next run completes the switch
 *   (`PIP_ACCEL_REALWORLD_TRIALS`, default 20);
 * - 4 processes installing the realworld requirements into 4 venvs through one cold
 *   cache from an HTTP/1.0 server that closes every connection: all give the recorded
 *   set, each wheel is downloaded once, and every store entry is intact.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Store } from "../../src/installer/store.js";
import { canonicalSet, expectedFreeze, REALWORLD_REQUIREMENTS, REALWORLD_WHEELS, realworldServer, realworldSkip } from "../kit/realworld.js";
import { tempDir } from "../kit/repo.js";
import { makeVenv, runCliAsync, sitePackagesOf } from "../e2e/env.js";
import { distState, runKillTrials } from "./kill-trials.js";

const skip = realworldSkip();
const TRIALS = Number(process.env.PIP_ACCEL_REALWORLD_TRIALS ?? 20);
const SEED = Number(process.env.PIP_ACCEL_INTERRUPT_SEED ?? 613);
const RICH = ["13.9.4", "15.0.0"] as const;

const dir = tempDir("reliability-realworld");
const server = realworldServer(skip, () => dir.cleanup());

test(`kill -9 at ${TRIALS} random points of switching rich between ${RICH.join(" and ")}: never a mix once opened again, and the next run completes it`, { skip, timeout: 600_000 }, async () => {
  const venv = join(dir.path, "rich-venv");
  makeVenv(venv);
  const cache = join(dir.path, "rich-cache");
  const args = (version: string): string[] => ["install", "--python", venv, "--cache-dir", cache, "--no-index", "-f", REALWORLD_WHEELS, "--no-deps", `rich==${version}`];
  let fullRunMs = 0;
  const files: Record<string, number> = {};
  for (const version of [RICH[1], RICH[0]]) { // warm the cache for both versions
    const started = performance.now();
    const run = await runCliAsync(args(version), dir.path);
    assert.equal(run.code, 0, run.stderr);
    fullRunMs = Math.max(fullRunMs, performance.now() - started);
    const state = distState(sitePackagesOf(venv), "rich");
    assert.ok(!("broken" in state) && state.version === version, JSON.stringify(state));
    files[version] = state.files;
  }
  assert.notEqual(files[RICH[0]], files[RICH[1]], "the two versions have different file sets");
  const result = await runKillTrials({
    cwd: dir.path, site: sitePackagesOf(venv), distName: "rich", versions: RICH, installArgs: args,
    openArgs: ["freeze", "--python", venv, "--cache-dir", cache], trials: TRIALS, seed: SEED, fullRunMs,
  });
  console.log(`interrupts (realworld): ${result.trials} kill -9 trials switching rich (${files[RICH[0]]} and ${files[RICH[1]]} files; ${result.midRun} mid-run, ${result.journaled} mid-swap, seed ${SEED}), 0 mixes`);
});

test("4 concurrent installs of the realworld requirements through one cold cache from an HTTP/1.0 closing server: all give the recorded set, each wheel downloaded once", { skip, timeout: 600_000 }, async () => {
  const cache = join(dir.path, "concurrent-cache");
  const venvs = Array.from({ length: 4 }, (_, i) => join(dir.path, `concurrent-${i}`));
  venvs.forEach((v) => makeVenv(v));
  server().clearLog();
  const runs = await Promise.all(venvs.map((venv) =>
    runCliAsync(["install", "--python", venv, "--cache-dir", cache, "-i", server().simpleUrl, "-r", REALWORLD_REQUIREMENTS], dir.path)));
  runs.forEach((run, i) => assert.equal(run.code, 0, `process ${i}: ${run.stderr}`));
  const expected = canonicalSet(expectedFreeze());
  for (const venv of venvs) {
    const freeze = await runCliAsync(["freeze", "--python", venv, "--cache-dir", cache], dir.path);
    assert.equal(freeze.code, 0, freeze.stderr);
    assert.deepEqual(canonicalSet(freeze.stdout.split("\n")), expected, `${venv} holds the recorded set`);
  }
  const downloads = new Map<string, number>();
  for (const r of server().requests) if (r.path.endsWith(".whl") && r.method === "GET" && r.headers.range === undefined && r.status === 200) downloads.set(r.path, (downloads.get(r.path) ?? 0) + 1);
  assert.ok(downloads.size >= expected.length, `${downloads.size} wheels downloaded for ${expected.length} projects`);
  for (const [path, count] of downloads) assert.equal(count, 1, `${path} was downloaded ${count} times`);
  const store = new Store(join(cache, "store-v1"));
  const entries = readdirSync(store.root).filter((n) => /^[0-9a-f]{64}$/.test(n));
  for (const sha of entries) assert.notEqual(store.get(sha), null, `store entry ${sha} is intact`);
  console.log(`concurrency (realworld): 4 processes, ${expected.length} projects each, ${downloads.size} wheels each downloaded once, ${entries.length} store entries intact`);
});
