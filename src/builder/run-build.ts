/**
 * Running one build command with the target interpreter: a clean
 * environment, output captured (and streamed to the reporter), the full
 * log kept on disk when the command fails.
 *
 * Environment: `PIP_*` and `PYTHON*` variables are removed; then
 * `PYTHONPATH` = the build environment, `PYTHONNOUSERSITE=1`,
 * `PYTHONDONTWRITEBYTECODE=1` (no `.pyc` in the cached binary: they would
 * embed build-time mtimes and the installer compiles on request), and
 * `SOURCE_DATE_EPOCH` (the caller's value, else 315532800 = 1980-01-01, so
 * archives a backend writes are reproducible).
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { AccelError } from "../report/errors.js";

export const DEFAULT_SOURCE_DATE_EPOCH = "315532800";

export interface BuildReporter {
  /** A build is starting (not called for cache hits). */
  onBuildStart?(project: string): void;
  /** A chunk of build output (stdout and stderr interleaved). */
  onOutput?(project: string, chunk: string): void;
  /** A build finished; `fromCache` when nothing had to be built. */
  onBuildDone?(project: string, info: { fromCache: boolean; seconds: number }): void;
  /** Free-form notes (dropped files, fallbacks, system packages). */
  onNote?(project: string, message: string): void;
}

export interface RunOptions {
  cwd: string;
  /** Site directories of the build environment (PYTHONPATH, first). */
  envSites: string[];
  /** `bin/` directories put first on PATH. */
  envBins: string[];
  /** Base environment (default process.env). */
  baseEnv?: NodeJS.ProcessEnv;
  project: string;
  reporter?: BuildReporter;
}

export interface RunResult {
  code: number;
  output: string;
}

/** The environment a build command sees. */
export function buildEnvironment(options: Pick<RunOptions, "envSites" | "envBins" | "baseEnv">): NodeJS.ProcessEnv {
  const base = options.baseEnv ?? process.env;
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    const upper = key.toUpperCase();
    if (upper.startsWith("PIP_") || upper.startsWith("PYTHON") || upper === "VIRTUAL_ENV" || upper === "__PYVENV_LAUNCHER__") continue;
    env[key] = value;
  }
  if (options.envSites.length > 0) env.PYTHONPATH = options.envSites.join(delimiter);
  env.PYTHONNOUSERSITE = "1";
  env.PYTHONDONTWRITEBYTECODE = "1";
  env.SOURCE_DATE_EPOCH = base.SOURCE_DATE_EPOCH ?? DEFAULT_SOURCE_DATE_EPOCH;
  env.PATH = [...options.envBins, base.PATH ?? ""].filter((p) => p !== "").join(delimiter);
  return env;
}

/** Runs `python args…`; never throws on a non-zero exit. */
export function runBuildCommand(python: string, args: string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { cwd: options.cwd, env: buildEnvironment(options), stdio: ["ignore", "pipe", "pipe"] });
    const chunks: string[] = [];
    const onData = (buf: Buffer): void => {
      const text = buf.toString("utf8");
      chunks.push(text);
      options.reporter?.onOutput?.(options.project, text);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", (cause) => reject(new AccelError("python-not-runnable", `Cannot run the Python interpreter ${python}`, { cause })));
    child.on("close", (code) => resolve({ code: code ?? -1, output: chunks.join("") }));
  });
}

/** Writes a failed build's output to `<logDir>/<project>-<time>.log` and returns the path. */
export function writeBuildLog(logDir: string, project: string, output: string): string {
  mkdirSync(logDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = join(logDir, `${project.replace(/[^A-Za-z0-9._-]/g, "_")}-${stamp}-${process.pid}.log`);
  writeFileSync(file, output);
  return file;
}
