/**
 * `npm run bench`: pip-accel against this machine's pip, on two sets served
 * by the same local index (see `bench-sets.ts`): the demo index (12 sdists)
 * and a generated 40-project wheel set. For each set, in one run:
 *
 * - cold: empty caches, new venv (one run by default: pip rebuilds every
 *   sdist in isolated environments, which is slow; `--cold-runs N`);
 * - warm: full caches, new venv (median of `--runs N`, default 3);
 * - no-op: the same venv again (median of `--runs N`);
 * - shared: a fresh machine with a warm shared cache: empty local cache, a
 *   full S3 cache (moto on 127.0.0.1, filled by one earlier pip-accel run),
 *   new venv, as a ratio to pip's cold install (skipped without moto).
 *
 * pip is `<venv>/bin/python -m pip` (ensurepip's copy of the machine's pip
 * version), isolated: `--isolated`, `PIP_CONFIG_FILE=/dev/null`, no `PIP_*`
 * or `PYTHON*` variables, `--index-url` the local server, its own
 * `--cache-dir`. pip-accel installs into venvs made with `--without-pip`.
 * `--set demo|generated-40` runs one set only. Venv creation is not timed. Each tool keeps its defaults (pip compiles
 * bytecode, pip-accel does not; see docs/ops.md).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startIndexServer, type IndexServer } from "../test/kit/index-server.js";
import { motoAvailable, startS3Server, type S3Server } from "../test/kit/s3-server.js";
import { buildGeneratedSet, demoSet, withBuildTools, type BenchSet } from "./bench-sets.js";
import { CLI, makeVenv, mustSucceed, sandbox, timed } from "./demo.js";

const TARGETS = { cold: 0.8, warm: 0.05, "no-op": 0.1, shared: 0.1 } as const;
type Scenario = keyof typeof TARGETS;

interface Row {
  scenario: Scenario;
  runs: number;
  accel: number;
  pip: number;
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Distributions in a venv's site-packages, without pip's and setuptools' own. */
export function installedCount(venv: string): number {
  const lib = join(venv, "lib");
  const site = readdirSync(lib).map((d) => join(lib, d, "site-packages")).find((p) => existsSync(p));
  if (!site) return 0;
  return readdirSync(site).filter((d) => d.endsWith(".dist-info") && !/^(pip|setuptools|_distutils_hack)-/.test(d)).length;
}

class Runner {
  private venvs = 0;
  constructor(
    readonly work: string,
    private readonly server: IndexServer,
    private readonly set: BenchSet,
    private readonly pipTemplate: string,
    readonly s3: S3Server | null,
  ) {}

  private env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...sandbox(this.work), ...extra });

  newVenv(tool: "accel" | "pip"): string {
    const dir = join(this.work, `venv-${tool}-${++this.venvs}`);
    if (tool === "accel") makeVenv(dir);
    else if (spawnSync("cp", ["-a", this.pipTemplate, dir]).status !== 0) throw new Error("copying the pip venv failed");
    return dir;
  }

  async accel(venv: string, cache: string, extraEnv: Record<string, string> = {}): Promise<number> {
    const args = [CLI, "install", "--python", venv, "--cache-dir", cache, "--index-url", this.server.simpleUrl, "-r", this.set.requirementsFile];
    return mustSucceed(`pip-accel install (${this.set.label})`, await timed(process.execPath, args, this.env(extraEnv), this.work));
  }

  async pip(venv: string, cache: string): Promise<number> {
    const args = ["-m", "pip", "install", "--isolated", "--disable-pip-version-check", "--no-input", "--cache-dir", cache, "--index-url", this.server.simpleUrl, "-r", this.set.requirementsFile];
    return mustSucceed(`pip install (${this.set.label})`, await timed(join(venv, "bin", "python"), args, this.env(), this.work));
  }

  check(venv: string, tool: string): void {
    const n = installedCount(venv);
    if (n !== this.set.expected) throw new Error(`${tool} installed ${n} distributions of ${this.set.label}, expected ${this.set.expected}`);
  }
}

async function measure(runner: Runner, coldRuns: number, runs: number): Promise<Row[]> {
  const cold = { accel: [] as number[], pip: [] as number[] };
  let accelCache = "";
  let pipCache = "";
  for (let i = 0; i < coldRuns; i++) {
    accelCache = join(runner.work, `accel-cache-${i}`);
    pipCache = join(runner.work, `pip-cache-${i}`);
    const [a, p] = [runner.newVenv("accel"), runner.newVenv("pip")];
    cold.accel.push(await runner.accel(a, accelCache));
    cold.pip.push(await runner.pip(p, pipCache));
    runner.check(a, "pip-accel");
    runner.check(p, "pip");
  }
  const warm = { accel: [] as number[], pip: [] as number[] };
  let last = { accel: "", pip: "" };
  for (let i = 0; i < runs; i++) {
    last = { accel: runner.newVenv("accel"), pip: runner.newVenv("pip") };
    warm.accel.push(await runner.accel(last.accel, accelCache));
    warm.pip.push(await runner.pip(last.pip, pipCache));
  }
  runner.check(last.accel, "pip-accel");
  const noop = { accel: [] as number[], pip: [] as number[] };
  for (let i = 0; i < runs; i++) {
    noop.accel.push(await runner.accel(last.accel, accelCache));
    noop.pip.push(await runner.pip(last.pip, pipCache));
  }
  const rows: Row[] = [
    { scenario: "cold", runs: coldRuns, accel: median(cold.accel), pip: median(cold.pip) },
    { scenario: "warm", runs, accel: median(warm.accel), pip: median(warm.pip) },
    { scenario: "no-op", runs, accel: median(noop.accel), pip: median(noop.pip) },
  ];
  if (runner.s3 !== null) {
    const env = runner.s3.env(runner.work.split("/").pop()!);
    await runner.accel(runner.newVenv("accel"), join(runner.work, "shared-seed-cache"), env);
    const shared: number[] = [];
    for (let i = 0; i < runs; i++) {
      const venv = runner.newVenv("accel");
      shared.push(await runner.accel(venv, join(runner.work, `shared-fresh-cache-${i}`), env));
      runner.check(venv, "pip-accel (shared cache)");
    }
    rows.push({ scenario: "shared", runs, accel: median(shared), pip: median(cold.pip) });
  }
  return rows;
}

function printRows(set: BenchSet, rows: Row[]): void {
  console.log(`\n[${set.label}] ${set.description}; ${set.expected} distributions installed`);
  console.log("  scenario  runs  pip-accel        pip   ratio  target");
  for (const r of rows) {
    const ratio = r.accel / r.pip;
    const verdict = ratio <= TARGETS[r.scenario] ? "met" : "missed";
    console.log(`  ${r.scenario.padEnd(8)} ${String(r.runs).padStart(5)} ${(r.accel / 1000).toFixed(3).padStart(9)} s ${(r.pip / 1000).toFixed(3).padStart(8)} s  ${ratio.toFixed(3)}  <= ${TARGETS[r.scenario]} ${verdict}`);
  }
}

async function benchSet(work: string, set: BenchSet, pipTemplate: string, coldRuns: number, runs: number, s3: S3Server | null): Promise<void> {
  const dir = join(work, set.label);
  mkdirSync(dir, { recursive: true });
  const server = await startIndexServer({ projects: set.projects });
  try {
    printRows(set, await measure(new Runner(dir, server, set, pipTemplate, s3), coldRuns, runs));
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    console.log(`\n[${set.label}] FAILED: ${text.split("\n").slice(0, 4).join("\n  ")}`);
    process.exitCode = 1;
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  const runs = option("--runs", 3);
  const coldRuns = option("--cold-runs", 1);
  const work = mkdtempSync(join(tmpdir(), "pip-accel-bench-"));
  const started = performance.now();
  const s3 = motoAvailable() ? await startS3Server() : null;
  if (s3 === null) console.log("moto is not installed: the shared-cache scenario is skipped");
  try {
    const pipTemplate = join(work, "pip-template");
    makeVenv(pipTemplate, true);
    const pipVersion = spawnSync(join(pipTemplate, "bin", "python"), ["-m", "pip", "--version"], { env: sandbox(work), encoding: "utf8" }).stdout.split(" from ")[0];
    console.log(`pip-accel vs ${pipVersion} (isolated, same local index); times are wall-clock per install`);
    const only = process.argv.includes("--set") ? process.argv[process.argv.indexOf("--set") + 1] : undefined;
    const demo = await demoSet(join(work, "demo-files"));
    const tools = { setuptools: demo.projects["setuptools"]!, wheel: demo.projects["wheel"]! };
    const sets = [demo, withBuildTools(buildGeneratedSet(join(work, "generated-files")), tools)];
    for (const set of sets.filter((s) => only === undefined || s.label === only)) await benchSet(work, set, pipTemplate, coldRuns, runs, s3);
    console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(0)} s; cold = empty caches + new venv, warm = full caches + new venv, no-op = same venv again, shared = empty local cache + full S3 cache + new venv (ratio to pip's cold)`);
  } finally {
    await s3?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
