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
 * `--set demo|generated-40|realworld` runs one set only (realworld: the 30
 * wheels of `../shared/realworld`, when present). Venv creation is not timed.
 *
 * pip compiles bytecode by default and pip-accel does not, so pip is also run
 * with `--no-compile` (cold and warm; the fair ratio). Every run's peak RSS
 * is taken with `/usr/bin/time -f %M`. Per set, the link floor is `cp -al` of
 * the warm venv's site-packages (hard-linking the same files), shown with
 * Node's own start-up (`node -e 0`) and the warm install as a multiple of
 * their sum, and the ways Node could place those files (link-strategies.ts:
 * linkSync, pooled async link, copyFile with FICLONE). Start-up of `--version` is measured for the npm bundle and, when
 * built (`npm run build:exe`), the single executable. pip-accel runs as users run it, through
 * the package's bin (the launcher, src/cli/pip-accel.sh). Where `NODE_EXTRA_CA_CERTS` is set
 * (this machine sets it; Node 20 parses that file and its bundled roots at every start, 30-60 ms
 * here), the launcher hands it to pip-accel instead, but the executable pays for it; warm, no-op
 * and start-up are measured again without it, as on a CI image that does not set it, and the
 * link floor's Node start-up is `node -e 0` without it. Results go to
 * `bench/results.json` and `bench/results.svg`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startIndexServer, type IndexServer } from "../test/kit/index-server.js";
import { motoAvailable, startS3Server, type S3Server } from "../test/kit/s3-server.js";
import { buildGeneratedSet, demoSet, realworldSet, withBuildTools, type BenchSet } from "./bench-sets.js";
import { renderChart } from "./bench-chart.js";
import { CLI, makeVenv, mustSucceed, sandbox, timed } from "./demo.js";
import { measureLinkStrategies, type StrategyResult } from "./link-strategies.js";

/** Ratio targets (issue 16), against pip with --no-compile where it was run, else pip's defaults. */
const TARGETS = { cold: 0.5, warm: 0.05, "no-op": 0.1, shared: 0.1 } as const;
type Scenario = keyof typeof TARGETS;

export interface Row {
  scenario: Scenario;
  runs: number;
  /** Median milliseconds. */
  accel: number;
  pip: number;
  /** pip with `--no-compile`, where run. */
  pipNoCompile: number | null;
  /** Peak RSS (KiB), the largest of the runs. */
  accelRssKb: number;
  pipRssKb: number;
}

export interface SetResult {
  label: string;
  description: string;
  distributions: number;
  rows: Row[];
  /** `cp -al` of the warm venv's site-packages, ms (median). */
  linkFloorMs: number;
  /** `node -e 0`, ms (median). */
  nodeStartMs: number;
  files: number;
  /** Ways of placing the same files, from the installer's process (link-strategies.ts). */
  linkStrategies: StrategyResult[];
  /**
   * Warm and no-op medians (ms) and `node -e 0` with `NODE_EXTRA_CA_CERTS` unset, as on a CI
   * image that does not set it (Node 20 parses that file at every start); null when it is not set.
   */
  withoutExtraCa: { warm: number; noop: number; nodeStartMs: number } | null;
}

/** The variable this machine sets and Node 20 reads at every start-up (about 45 ms here). */
const EXTRA_CA = "NODE_EXTRA_CA_CERTS";
const withoutExtraCa = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
  const out = { ...env };
  delete out[EXTRA_CA];
  return out;
};

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
    readonly set: BenchSet,
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

  readonly rss = { accel: 0, pip: 0 };
  private measured = 0;

  /** Runs under `/usr/bin/time -f %M`, keeping the peak RSS; returns the wall time in ms. */
  private async run(label: string, tool: "accel" | "pip", command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
    const rssFile = join(this.work, `rss-${++this.measured}`);
    const ms = mustSucceed(label, await timed("/usr/bin/time", ["-f", "%M", "-o", rssFile, command, ...args], env, this.work));
    const kb = Number(readFileSync(rssFile, "utf8").trim().split("\n").pop());
    if (Number.isFinite(kb)) this.rss[tool] = Math.max(this.rss[tool], kb);
    return ms;
  }

  resetRss(): void {
    this.rss.accel = 0;
    this.rss.pip = 0;
  }

  /** `noExtraCa`: run with `NODE_EXTRA_CA_CERTS` unset. */
  accel(venv: string, cache: string, extraEnv: Record<string, string> = {}, noExtraCa = false): Promise<number> {
    const args = ["install", "--python", venv, "--cache-dir", cache, "--index-url", this.server.simpleUrl, "-r", this.set.requirementsFile];
    const env = this.env(extraEnv);
    return this.run(`pip-accel install (${this.set.label})`, "accel", CLI, args, noExtraCa ? withoutExtraCa(env) : env);
  }

  pip(venv: string, cache: string, noCompile = false): Promise<number> {
    const args = ["-m", "pip", "install", "--isolated", "--disable-pip-version-check", "--no-input", "--cache-dir", cache, "--index-url", this.server.simpleUrl, "-r", this.set.requirementsFile, ...(noCompile ? ["--no-compile"] : [])];
    return this.run(`pip install (${this.set.label})`, "pip", join(venv, "bin", "python"), args, this.env());
  }

  check(venv: string, tool: string): void {
    const n = installedCount(venv);
    if (n !== this.set.expected) throw new Error(`${tool} installed ${n} distributions of ${this.set.label}, expected ${this.set.expected}`);
  }
}

function sitePackages(venv: string): string {
  const lib = join(venv, "lib");
  return join(lib, readdirSync(lib)[0]!, "site-packages");
}

function countFiles(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) n += entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1;
  return n;
}

/** Median ms of `runs` runs of a command (not through the Runner: no RSS). */
async function medianRun(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, runs: number, label: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(mustSucceed(label, await timed(command, args, env, cwd)));
  return median(times);
}

async function measure(runner: Runner, coldRuns: number, runs: number): Promise<SetResult> {
  const cold = { accel: [] as number[], pip: [] as number[], pipNoCompile: [] as number[] };
  let accelCache = "";
  let pipCache = "";
  const rows: Row[] = [];
  const row = (scenario: Scenario, n: number, accel: number[], pip: number[], pipNoCompile: number[] | null, pipRssKb = runner.rss.pip): void => {
    rows.push({
      scenario, runs: n, accel: median(accel), pip: median(pip), pipNoCompile: pipNoCompile === null ? null : median(pipNoCompile),
      accelRssKb: runner.rss.accel, pipRssKb,
    });
    runner.resetRss();
  };
  for (let i = 0; i < coldRuns; i++) {
    accelCache = join(runner.work, `accel-cache-${i}`);
    pipCache = join(runner.work, `pip-cache-${i}`);
    const [a, p, q] = [runner.newVenv("accel"), runner.newVenv("pip"), runner.newVenv("pip")];
    cold.accel.push(await runner.accel(a, accelCache));
    cold.pip.push(await runner.pip(p, pipCache));
    cold.pipNoCompile.push(await runner.pip(q, join(runner.work, `pip-cache-nc-${i}`), true));
    runner.check(a, "pip-accel");
    runner.check(p, "pip");
  }
  const coldPipRss = runner.rss.pip;
  row("cold", coldRuns, cold.accel, cold.pip, cold.pipNoCompile);
  const warm = { accel: [] as number[], pip: [] as number[], pipNoCompile: [] as number[] };
  let last = { accel: "", pip: "" };
  for (let i = 0; i < runs; i++) {
    last = { accel: runner.newVenv("accel"), pip: runner.newVenv("pip") };
    warm.accel.push(await runner.accel(last.accel, accelCache));
    warm.pip.push(await runner.pip(last.pip, pipCache));
    warm.pipNoCompile.push(await runner.pip(runner.newVenv("pip"), pipCache, true));
  }
  runner.check(last.accel, "pip-accel");
  row("warm", runs, warm.accel, warm.pip, warm.pipNoCompile);
  const noop = { accel: [] as number[], pip: [] as number[] };
  for (let i = 0; i < runs; i++) {
    noop.accel.push(await runner.accel(last.accel, accelCache));
    noop.pip.push(await runner.pip(last.pip, pipCache));
  }
  row("no-op", runs, noop.accel, noop.pip, null);
  if (runner.s3 !== null) {
    const env = runner.s3.env(runner.work.split("/").pop()!);
    await runner.accel(runner.newVenv("accel"), join(runner.work, "shared-seed-cache"), env);
    runner.resetRss();
    const shared: number[] = [];
    for (let i = 0; i < runs; i++) {
      const venv = runner.newVenv("accel");
      shared.push(await runner.accel(venv, join(runner.work, `shared-fresh-cache-${i}`), env));
      runner.check(venv, "pip-accel (shared cache)");
    }
    row("shared", runs, shared, cold.pip, cold.pipNoCompile, coldPipRss); // compared with pip's cold install
  }
  let extraCa: SetResult["withoutExtraCa"] = null;
  if (process.env[EXTRA_CA] !== undefined) {
    const warmNoCa: number[] = [];
    const noopNoCa: number[] = [];
    let venv = "";
    for (let i = 0; i < runs; i++) warmNoCa.push(await runner.accel((venv = runner.newVenv("accel")), accelCache, {}, true));
    for (let i = 0; i < runs; i++) noopNoCa.push(await runner.accel(venv, accelCache, {}, true));
    runner.resetRss();
    const nodeStartMs = await medianRun(process.execPath, ["-e", "0"], withoutExtraCa(process.env), runner.work, 5, "node -e 0");
    extraCa = { warm: median(warmNoCa), noop: median(noopNoCa), nodeStartMs };
  }
  const site = sitePackages(last.accel);
  const floors: number[] = [];
  for (let i = 0; i < Math.max(runs, 5); i++) {
    const target = join(runner.work, `link-floor-${i}`);
    floors.push(mustSucceed("cp -al", await timed("cp", ["-al", site, target], process.env, runner.work)));
  }
  // Node's start-up as pip-accel's command pays it: the launcher keeps Node from reading NODE_EXTRA_CA_CERTS.
  const nodeStartMs = await medianRun(process.execPath, ["-e", "0"], withoutExtraCa(process.env), runner.work, 5, "node -e 0");
  const strategies = await measureLinkStrategies(site, runner.work, Math.max(runs, 5));
  return {
    label: runner.set.label, description: runner.set.description, distributions: runner.set.expected, rows,
    linkFloorMs: median(floors), nodeStartMs, files: countFiles(site), linkStrategies: strategies.results, withoutExtraCa: extraCa,
  };
}

const fair = (r: Row): number => r.pipNoCompile ?? r.pip;

function printSet(result: SetResult): void {
  console.log(`\n[${result.label}] ${result.description}; ${result.distributions} distributions installed, ${result.files} files`);
  console.log("  scenario  runs  pip-accel    pip   pip --no-compile  ratio (no-compile)  target   RSS accel / pip");
  for (const r of result.rows) {
    const ratio = r.accel / fair(r);
    const verdict = ratio <= TARGETS[r.scenario] ? "met" : "missed";
    const nc = r.pipNoCompile === null ? "       -" : `${(r.pipNoCompile / 1000).toFixed(3).padStart(7)} s`;
    console.log(`  ${r.scenario.padEnd(8)} ${String(r.runs).padStart(5)} ${(r.accel / 1000).toFixed(3).padStart(7)} s ${(r.pip / 1000).toFixed(3).padStart(6)} s ${nc.padStart(17)}  ${(r.accel / r.pip).toFixed(3)} (${ratio.toFixed(3)})  <= ${TARGETS[r.scenario]} ${verdict}   ${(r.accelRssKb / 1024).toFixed(0)} / ${(r.pipRssKb / 1024).toFixed(0)} MB`);
  }
  const warm = result.rows.find((r) => r.scenario === "warm");
  if (warm) {
    const floor = result.linkFloorMs + result.nodeStartMs;
    console.log(`  link floor: cp -al of the ${result.files} files ${result.linkFloorMs.toFixed(0)} ms + node start-up ${result.nodeStartMs.toFixed(0)} ms; warm = ${(warm.accel / floor).toFixed(1)} x that (target <= 3)`);
  }
  const noCa = result.withoutExtraCa;
  const noop = result.rows.find((r) => r.scenario === "no-op");
  if (noCa !== null && warm && noop) {
    console.log(`  without ${EXTRA_CA} (node -e 0 ${noCa.nodeStartMs.toFixed(0)} ms): warm ${(noCa.warm / 1000).toFixed(3)} s (${(noCa.warm / fair(warm)).toFixed(3)} of pip --no-compile, ${(noCa.warm / (result.linkFloorMs + noCa.nodeStartMs)).toFixed(1)} x link floor + node start-up), no-op ${(noCa.noop / 1000).toFixed(3)} s (${(noCa.noop / fair(noop)).toFixed(3)})`);
  }
  console.log(`  placing the same files from Node: ${result.linkStrategies.map((s) => `${s.strategy} ${s.ms.toFixed(1)} ms (${s.usPerFile.toFixed(1)} us/file)`).join("; ")}`);
}

async function benchSet(work: string, set: BenchSet, pipTemplate: string, coldRuns: number, runs: number, s3: S3Server | null): Promise<SetResult | null> {
  const dir = join(work, set.label);
  mkdirSync(dir, { recursive: true });
  const server = await startIndexServer({ projects: set.projects });
  try {
    const result = await measure(new Runner(dir, server, set, pipTemplate, s3), coldRuns, runs);
    printSet(result);
    return result;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    console.log(`\n[${set.label}] FAILED: ${text.split("\n").slice(0, 4).join("\n  ")}`);
    process.exitCode = 1;
    return null;
  } finally {
    await server.close();
  }
}

/** `--version` start-up of the npm bundle and of the single executable (when built), median ms of 7 runs. */
async function startup(work: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const exe = fileURLToPath(new URL("../exe/pip-accel", import.meta.url));
  const envs: Array<[string, NodeJS.ProcessEnv]> = [["", process.env]];
  if (process.env[EXTRA_CA] !== undefined) envs.push([` (no ${EXTRA_CA})`, withoutExtraCa(process.env)]);
  for (const [suffix, env] of envs) {
    out[`node -e 0${suffix}`] = await medianRun(process.execPath, ["-e", "0"], env, work, 7, "node -e 0");
    out[`bundle --version${suffix}`] = await medianRun(CLI, ["--version"], env, work, 7, "pip-accel --version");
    if (existsSync(exe)) out[`executable --version${suffix}`] = await medianRun(exe, ["--version"], env, work, 7, "executable --version");
  }
  return out;
}

async function main(): Promise<void> {
  const runs = option("--runs", 5);
  const coldRuns = option("--cold-runs", 1);
  const work = mkdtempSync(join(tmpdir(), "pip-accel-bench-"));
  const started = performance.now();
  const s3 = motoAvailable() ? await startS3Server() : null;
  if (s3 === null) console.log("moto is not installed: the shared-cache scenario is skipped");
  try {
    const pipTemplate = join(work, "pip-template");
    makeVenv(pipTemplate, true);
    const pipVersion = spawnSync(join(pipTemplate, "bin", "python"), ["-m", "pip", "--version"], { env: sandbox(work), encoding: "utf8" }).stdout.split(" from ")[0];
    console.log(`pip-accel vs ${pipVersion} (isolated, same local index); times are wall-clock per install, medians`);
    const only = process.argv.includes("--set") ? process.argv[process.argv.indexOf("--set") + 1] : undefined;
    const demo = await demoSet(join(work, "demo-files"));
    const tools = { setuptools: demo.projects["setuptools"]!, wheel: demo.projects["wheel"]! };
    const realworld = realworldSet();
    const sets = [demo, withBuildTools(buildGeneratedSet(join(work, "generated-files")), tools), ...(realworld ? [realworld] : [])];
    const results: SetResult[] = [];
    for (const set of sets.filter((s) => only === undefined || s.label === only)) {
      const result = await benchSet(work, set, pipTemplate, coldRuns, runs, s3);
      if (result) results.push(result);
    }
    const starts = await startup(work);
    console.log(`\nstart-up (median of 7): ${Object.entries(starts).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(", ")}`);
    const seconds = (performance.now() - started) / 1000;
    console.log(`bench took ${seconds.toFixed(0)} s; cold = empty caches + new venv, warm = full caches + new venv, no-op = same venv again, shared = empty local cache + full S3 cache + new venv (ratio to pip's cold)`);
    if (only === undefined || process.argv.includes("--write")) {
      const outDir = fileURLToPath(new URL("../../bench/", import.meta.url));
      mkdirSync(outDir, { recursive: true });
      const doc = { date: new Date().toISOString(), pip: pipVersion, node: process.version, runs, coldRuns, targets: TARGETS, startup: starts, sets: results };
      writeFileSync(join(outDir, "results.json"), `${JSON.stringify(doc, null, 1)}\n`);
      writeFileSync(join(outDir, "results.svg"), renderChart(results, TARGETS));
      console.log("wrote bench/results.json and bench/results.svg");
    }
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
