/**
 * Shared pieces of the end-to-end tests: real virtualenvs made with
 * `python3 -m venv --without-pip`, the CLI run as a child process with an
 * environment that cannot reach the machine's pip configuration, PIP_*
 * variables or its PyPI mirror, and a few wheels built on the fly.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { buildWheel } from "../kit/artifacts.js";
import { cleanPythonEnv, repoRoot, spawnCollect } from "../kit/repo.js";

export const CLI = join(repoRoot(), "dist", "src", "cli", "main.js");

export type { ProcessOutput as Run } from "../kit/repo.js";
import type { ProcessOutput as Run } from "../kit/repo.js";

/** The environment every child process gets: no PIP_*, PYTHON*, VIRTUAL_ENV; pip config files off; HOME in the sandbox. */
export function sandboxEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return cleanPythonEnv({ HOME: home, PIP_CONFIG_FILE: "/dev/null", NO_COLOR: "1", XDG_CONFIG_HOME: join(home, ".config"), ...extra });
}

/** Runs `pip-accel ARGS` in `cwd`. */
export function runCli(args: string[], cwd: string, extraEnv: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, env: sandboxEnv(cwd, extraEnv), encoding: "utf8" });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** `runCli` without blocking the event loop (needed when the index server runs in this process). */
export function runCliAsync(args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  return spawnCollect(process.execPath, [CLI, ...args], { cwd, env: sandboxEnv(cwd, extraEnv) });
}

/** Creates a venv without pip at `dir`; returns its python. */
export function makeVenv(dir: string, withPip = false): string {
  const args = ["-m", "venv", ...(withPip ? [] : ["--without-pip"]), dir];
  const result = spawnSync("python3", args, { env: cleanPythonEnv(), encoding: "utf8" });
  if (result.status !== 0) throw new Error(`venv creation failed: ${result.stderr}`);
  return join(dir, "bin", "python");
}

/** The purelib site-packages of a venv made by `makeVenv`. */
export function sitePackagesOf(venv: string): string {
  const lib = join(venv, "lib");
  return join(lib, readdirSync(lib).find((d) => d.startsWith("python"))!, "site-packages");
}

/** Runs python code in the venv; returns stdout (throws on failure). */
export function runPython(python: string, code: string): string {
  const result = spawnSync(python, ["-c", code], { env: cleanPythonEnv(), encoding: "utf8" });
  if (result.status !== 0) throw new Error(`python failed: ${result.stderr}`);
  return result.stdout;
}

/**
 * A small wheelhouse: `app` 1.0/2.0 (console script, depends on `lib`,
 * extra `fast` pulls `speedup`), `lib` 1.0/1.5, `speedup` 1.0, `winonly`
 * (only under a Windows marker), `data-pkg` with data and headers.
 */
export function buildWheelhouse(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const app = (version: string): void => {
    buildWheel({
      name: "app", version,
      files: { "app/__init__.py": `VERSION = "${version}"\ndef main():\n    print("app", VERSION)\n`, ...(version === "1.0" ? { "app/old_only.py": "" } : { "app/new_only.py": "" }) },
      metadata: {
        requiresDist: ["lib>=1.0", "speedup; extra == 'fast'", "winonly; sys_platform == 'win32'"], providesExtra: ["fast"], summary: "The app",
      },
      entryPoints: { console_scripts: { "app-cli": "app:main" } },
    }, dir);
  };
  app("1.0");
  app("2.0");
  for (const version of ["1.0", "1.5"]) buildWheel({ name: "lib", version, files: { "lib.py": `V = "${version}"\n` } }, dir);
  buildWheel({ name: "speedup", version: "1.0", files: { "speedup/__init__.py": "FAST = True\n" } }, dir);
  buildWheel({ name: "winonly", version: "1.0", files: { "winonly.py": "" } }, dir);
  buildWheel({ name: "data-pkg", version: "0.1", files: { "data_pkg.py": "" }, data: { data: { "share/data-pkg/x.txt": "x\n" } } }, dir);
  return dir;
}
