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
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pythonAvailable, tempDir } from "../kit/repo.js";
import { buildWheelhouse, CLI, makeVenv, runCliAsync, sandboxEnv, sitePackagesOf } from "../e2e/env.js";

const skip = !pythonAvailable() && "python3 not found";
const TRIALS = Number(process.env.PIP_ACCEL_INTERRUPT_TRIALS ?? 50);
const SEED = Number(process.env.PIP_ACCEL_INTERRUPT_SEED ?? 613);
const dir = tempDir("interrupts");
const venv = (): string => join(dir.path, "venv");
const args = (target: string): string[] => ["install", "--python", venv(), "--cache-dir", join(dir.path, "cache"), "--no-index", "-f", join(dir.path, "wheels"), `app==${target}`];

/** mulberry32: a small seeded PRNG, so a failing trial can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const site = (): string => sitePackagesOf(venv());

/** The one whole version of app installed, or a description of what is wrong. */
function appState(): { version: string } | { broken: string } {
  const sp = site();
  const infos = readdirSync(sp).filter((n) => /^app-.*\.dist-info$/.test(n));
  if (infos.length !== 1) return { broken: `${infos.length} app .dist-info directories: ${infos.join(", ")}` };
  const version = infos[0]!.slice(4, -".dist-info".length);
  if (!existsSync(join(sp, infos[0]!, "RECORD"))) return { broken: `${infos[0]} has no RECORD` };
  for (const line of readFileSync(join(sp, infos[0]!, "RECORD"), "utf8").split("\n")) {
    const [path, hash] = line.split(",");
    if (!path || !hash) continue;
    const full = join(sp, path);
    if (!existsSync(full)) return { broken: `${path} of app ${version} is missing` };
    const digest = `sha256=${createHash("sha256").update(readFileSync(full)).digest("base64url")}`;
    if (digest !== hash) return { broken: `${path} of app ${version} does not match RECORD` };
  }
  const other = version === "1.0" ? "new_only.py" : "old_only.py";
  if (existsSync(join(sp, "app", other))) return { broken: `app ${version} with ${other} of the other version` };
  return { version };
}

/** Starts an install and kills it with SIGKILL after `ms`; resolves when it is gone. */
function killedAfter(target: string, ms: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args(target)], { cwd: dir.path, env: sandboxEnv(dir.path), stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.on("exit", (code) => { clearTimeout(timer); resolve(code); });
  });
}

let survived = 0;
let killedMidway = 0;
let journals = 0;
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
  const random = prng(SEED);
  let current = "1.0";
  for (let trial = 0; trial < TRIALS; trial++) {
    const target = current === "1.0" ? "2.0" : "1.0";
    const delay = Math.floor(random() * fullRun * 1.1);
    const code = await killedAfter(target, delay);
    if (code === null) killedMidway++;
    const raw = appState();
    const journaled = readdirSync(site()).some((n) => n.startsWith(".pip-accel-txn-"));
    assert.ok(!("broken" in raw) || journaled, `trial ${trial} (seed ${SEED}, killed after ${delay} ms): ${"broken" in raw ? raw.broken : ""}, and no journal says so`);
    if (journaled) journals++;
    const opened = await runCliAsync(["freeze", "--python", venv(), "--cache-dir", join(dir.path, "cache")], dir.path);
    assert.equal(opened.code, 0, opened.stderr);
    const state = appState();
    assert.ok(!("broken" in state), `trial ${trial} (seed ${SEED}, killed after ${delay} ms): ${"broken" in state ? state.broken : ""}`);
    assert.ok([current, target].includes(state.version), `trial ${trial}: app ${state.version}`);
    const done = await runCliAsync(args(target), dir.path);
    assert.equal(done.code, 0, `trial ${trial}: the next run fails: ${done.stderr}`);
    assert.deepEqual(appState(), { version: target }, `trial ${trial}: the next run completes the change`);
    current = target;
    survived++;
  }
  assert.ok(killedMidway >= TRIALS / 4, `at least a quarter of the kills land before the run ends (${killedMidway})`);
  console.log(`interrupts: ${TRIALS} kill -9 trials (${killedMidway} mid-run, ${journals} mid-swap and recovered from the journal, seed ${SEED}), ${survived} survived with one whole version, 0 mixes`);
});
