/**
 * kill -9 trials of an install that switches one project between two
 * versions, shared by the interrupt suites.
 *
 * `distState`: what a kill left of one project in a site directory: the one
 * whole version installed, or what is wrong. Whole means one `<name>-*.dist-info` with a
 * RECORD, every RECORD file present with its hash, and, in the directories
 * under the top-level directories of the RECORD's files, no file it does not list (a file of the
 * other version). `__pycache__` is left out.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CLI, runCliAsync, sandboxEnv } from "../e2e/env.js";

export type DistState = { version: string; files: number } | { broken: string };

export function distState(site: string, distName: string): DistState {
  const infos = readdirSync(site).filter((n) => n.startsWith(`${distName}-`) && n.endsWith(".dist-info"));
  if (infos.length !== 1) return { broken: `${infos.length} ${distName} .dist-info directories: ${infos.join(", ")}` };
  const info = infos[0]!;
  const version = info.slice(distName.length + 1, -".dist-info".length);
  const recordFile = join(site, info, "RECORD");
  if (!existsSync(recordFile)) return { broken: `${info} has no RECORD` };
  const listed = new Set<string>();
  for (const line of readFileSync(recordFile, "utf8").split("\n")) {
    const [path, hash] = line.split(",");
    if (!path) continue;
    listed.add(join(site, path));
    if (!hash) continue;
    const full = join(site, path);
    if (!existsSync(full)) return { broken: `${path} of ${distName} ${version} is missing` };
    const digest = `sha256=${createHash("sha256").update(readFileSync(full)).digest("base64url")}`;
    if (digest !== hash) return { broken: `${path} of ${distName} ${version} does not match its RECORD` };
  }
  const tops = new Set([...listed].map((p) => p.slice(site.length + 1)).filter((p) => !p.startsWith("../") && p.includes("/") && !p.split("/")[0]!.endsWith(".dist-info")).map((p) => join(site, p.split("/")[0]!)));
  const walk = (d: string): string | null => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (name === "__pycache__") continue;
      if (statSync(full).isDirectory()) {
        const found = walk(full);
        if (found !== null) return found;
      } else if (!listed.has(full)) return full;
    }
    return null;
  };
  for (const top of tops) {
    const stray = existsSync(top) ? walk(top) : null;
    if (stray !== null) return { broken: `${distName} ${version} with ${stray.slice(site.length + 1)}, which its RECORD does not list` };
  }
  return { version, files: listed.size };
}

/** mulberry32: a small seeded PRNG, so a failing trial can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface KillTrials {
  /** The working directory (runs use it as HOME too). */
  cwd: string;
  site: string;
  /** The project's .dist-info name prefix (`app`, `rich`). */
  distName: string;
  /** Its two versions; trials start from the first installed. */
  versions: readonly [string, string];
  /** The install command that switches to `version`. */
  installArgs(version: string): string[];
  /** Any command that opens the environment (and so recovers it). */
  openArgs: string[];
  trials: number;
  seed: number;
  /** The longest uninterrupted run, in ms (kills land in [0, 1.1 × this)). */
  fullRunMs: number;
}

export interface KillTrialResult {
  trials: number;
  /** Kills that landed before the run ended. */
  midRun: number;
  /** Kills that left a journal (mid-swap), recovered when the environment was opened. */
  journaled: number;
}

/** Starts a run and kills it with SIGKILL after `ms`; resolves with its exit code (null when killed). */
export function killedAfter(args: string[], cwd: string, ms: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: sandboxEnv(cwd), stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.on("exit", (code) => { clearTimeout(timer); resolve(code); });
  });
}

/**
 * Each trial kills a switch to the other version at a random point; the tree
 * must then be whole or journaled, whole (old or new) once opened again, and
 * the next run must complete the switch.
 */
export async function runKillTrials(o: KillTrials): Promise<KillTrialResult> {
  const random = prng(o.seed);
  const result: KillTrialResult = { trials: 0, midRun: 0, journaled: 0 };
  let current = o.versions[0];
  for (let trial = 0; trial < o.trials; trial++) {
    const target = current === o.versions[0] ? o.versions[1] : o.versions[0];
    const delay = Math.floor(random() * o.fullRunMs * 1.1);
    const where = `trial ${trial} (seed ${o.seed}, ${o.distName} ${current} -> ${target}, killed after ${delay} ms)`;
    if ((await killedAfter(o.installArgs(target), o.cwd, delay)) === null) result.midRun++;
    const raw = distState(o.site, o.distName);
    const journaled = readdirSync(o.site).some((n) => n.startsWith(".pip-accel-txn-"));
    assert.ok(!("broken" in raw) || journaled, `${where}: ${"broken" in raw ? raw.broken : ""}, and no journal says so`);
    if (journaled) result.journaled++;
    const opened = await runCliAsync(o.openArgs, o.cwd);
    assert.equal(opened.code, 0, opened.stderr);
    const state = distState(o.site, o.distName);
    assert.ok(!("broken" in state), `${where}: once opened again: ${"broken" in state ? state.broken : ""}`);
    assert.ok([current, target].includes(state.version), `${where}: ${o.distName} ${state.version}`);
    const done = await runCliAsync(o.installArgs(target), o.cwd);
    assert.equal(done.code, 0, `${where}: the next run fails: ${done.stderr}`);
    const after = distState(o.site, o.distName);
    assert.ok(!("broken" in after) && after.version === target, `${where}: the next run completes the switch (${JSON.stringify(after)})`);
    current = target;
    result.trials++;
  }
  assert.ok(result.midRun >= o.trials / 4, `at least a quarter of the kills land before the run ends (${result.midRun})`);
  return result;
}
