/**
 * `npm run demo`: builds the bundled example index from `demo/` (sdists,
 * cached under `.cache/demo/sdists/`, plus ensurepip's setuptools wheel),
 * serves it on 127.0.0.1, and runs `pip-accel install -r demo/requirements.txt`
 * twice: cold (a fresh cache under `.cache/demo/run/`, a new venv made with
 * `python3 -m venv --without-pip`) and warm (the same cache, another new venv).
 * It prints both times and proves the result: calls the C extension, runs
 * the console scripts, shows `pip-accel list` and that the marker-excluded
 * dependencies are absent. No network beyond 127.0.0.1, no pip, no PyPI
 * mirror: every child runs without `PIP_*`/`PYTHON*` variables.
 * The run directory is kept for inspection and replaced by the next run.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { startIndexServer } from "../test/kit/index-server.js";
import { cleanPythonEnv, repoRoot } from "../test/kit/repo.js";
import { buildDemoIndex } from "./demo-index.js";

/** The command as users run it: the package's `bin`, the launcher of the esbuild bundle of dist/src. */
export const CLI = fileURLToPath(new URL("../bin/pip-accel", import.meta.url));

/** The environment for every child: no `PIP_*`/`PYTHON*`, no pip.conf, HOME inside `home`. */
export function sandbox(home: string): NodeJS.ProcessEnv {
  return cleanPythonEnv({ HOME: home, PIP_CONFIG_FILE: "/dev/null", XDG_CONFIG_HOME: join(home, ".config"), NO_COLOR: "1" });
}

export interface Timed {
  ms: number;
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs a command without blocking the event loop (the index server runs in this process). */
export function timed(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Timed> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ ms: performance.now() - started, stdout, stderr, code: code ?? -1 }));
  });
}

/** Throws with the command's output unless it exited 0; returns its time in ms. */
export function mustSucceed(label: string, run: Timed): number {
  if (run.code !== 0) throw new Error(`${label} failed (exit ${run.code}):\n${run.stdout}${run.stderr}`);
  return run.ms;
}

/** `python3 -m venv [--without-pip] dir`; returns the venv's python. */
export function makeVenv(dir: string, withPip = false): string {
  rmSync(dir, { recursive: true, force: true });
  const result = spawnSync("python3", ["-m", "venv", ...(withPip ? [] : ["--without-pip"]), dir], { env: cleanPythonEnv(), encoding: "utf8" });
  if (result.status !== 0) throw new Error(`python3 -m venv failed: ${result.stderr}`);
  return join(dir, "bin", "python");
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const indent = (text: string): string => text.trimEnd().split("\n").filter(Boolean).map((l) => `    ${l.trimEnd()}`).join("\n");

/** Runs one proof; prints `ok`/`FAIL` and its output; returns whether it held. */
function prove(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): boolean {
  const result = spawnSync(command, args, { env, encoding: "utf8" });
  const ok = result.status === 0;
  const out = `${result.stdout ?? ""}${ok ? "" : result.stderr ?? ""}`.trim();
  const oneLine = !out.includes("\n");
  console.log(`  ${ok ? "ok  " : "FAIL"} ${label}${oneLine && out ? `: ${out}` : ""}`);
  if (!oneLine) console.log(indent(out));
  return ok;
}

/** Python that prints whether each distribution is installed, and exits 1 if any answer is unexpected. */
function presenceCheck(present: string[], absent: string[]): string {
  return [
    "import importlib.metadata as m, sys",
    "def have(n):",
    "    try: return m.version(n)",
    "    except m.PackageNotFoundError: return None",
    `want = [(n, True) for n in ${JSON.stringify(present)}] + [(n, False) for n in ${JSON.stringify(absent)}]`,
    "bad = [n for n, p in want if (have(n) is not None) != p]",
    "print(', '.join((f'{n} {have(n)}' if p else f'{n} absent') for n, p in want))",
    "sys.exit(1 if bad else 0)",
  ].join("\n");
}

function proofs(venv: string, env: NodeJS.ProcessEnv): boolean {
  const python = join(venv, "bin", "python");
  const bin = (name: string): string => join(venv, "bin", name);
  return [
    prove("C extension", python, ["-c", "import demo_geo; print(f\"demo_geo.distance('paris', 'berlin') = {demo_geo.distance('paris', 'berlin'):.1f} km ({demo_geo._native.__file__.rsplit('/', 1)[-1]})\")"], env),
    prove("console script demo-weather", bin("demo-weather"), ["berlin"], env),
    prove("console script demo-admin", bin("demo-admin"), [], env),
    prove('sys_platform == "linux" dependency installed', python, ["-c", presenceCheck(["demo-inotify"], [])], env),
    prove('python_version < "3.8" and [win] on linux skipped', python, ["-c", presenceCheck([], ["demo-dataclasses-backport", "demo-colorama"])], env),
    prove("pip-accel check", CLI, ["check", "--python", venv], env),
  ].every(Boolean);
}

async function main(): Promise<void> {
  const root = repoRoot();
  const run = join(root, ".cache", "demo", "run");
  rmSync(run, { recursive: true, force: true });
  mkdirSync(run, { recursive: true });
  const env = sandbox(run);
  const index = await buildDemoIndex();
  const server = await startIndexServer({ projects: index.projects });
  try {
    const names = Object.keys(index.projects).filter((n) => n !== "setuptools");
    console.log(`demo index: ${names.length} sdists of demo/ (${index.built} built now, ${names.length - index.built} from .cache/demo/sdists) + setuptools at ${server.simpleUrl}`);
    const cache = join(run, "cache");
    const install = async (label: string, venv: string): Promise<number> => {
      makeVenv(venv);
      console.log(`${label} -> ${relative(root, venv)}`);
      const args = ["install", "--python", venv, "--cache-dir", cache, "--index-url", server.simpleUrl, "-r", index.requirementsFile];
      const run = await timed(CLI, args, env, root);
      const ms = mustSucceed("pip-accel install", run);
      console.log(indent(run.stdout.trim().split("\n").slice(-1).join("")));
      return ms;
    };
    const cold = await install("cold install: empty cache, new venv without pip", join(run, "venv-cold"));
    const coldRequests = server.requests.length;
    server.clearLog();
    const warmVenv = join(run, "venv-warm");
    const warm = await install("warm install: same cache, another new venv", warmVenv);
    console.log(`\n  cold ${seconds(cold)} (${coldRequests} index requests)   warm ${seconds(warm)} (${server.requests.length} index requests)\n`);
    const list = spawnSync(CLI, ["list", "--python", warmVenv], { env, encoding: "utf8" });
    console.log(`pip-accel list --python ${relative(root, warmVenv)}:\n${indent(list.stdout)}\n`);
    console.log("the warm venv works:");
    if (!proofs(warmVenv, env)) process.exitCode = 1;
    console.log(`\nkept for inspection: ${relative(root, run)}/ (cache, venv-cold, venv-warm)`);
  } finally {
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
