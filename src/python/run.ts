/**
 * Running a Python interpreter as a child process, with a clean environment.
 *
 * Every run strips `PIP_*` variables (so a user's pip configuration never
 * leaks into pip-accel's own queries or builds) and `PYTHONPATH`-style
 * overrides are left to the caller. Shared by the interpreter query, the
 * byte-compiler and (later) the builder.
 */
import { createRequire } from "node:module";
import { AccelError } from "../report/errors.js";

/** Loads built-in modules on first use (a dynamic `import()` of a built-in is not available in the single executable). */
const requireBuiltin = createRequire(import.meta.url);

export interface PythonRunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface PythonRunOptions {
  /** Base environment; defaults to `process.env`. `PIP_*` keys are always removed. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Text written to the child's stdin, which is then closed. */
  input?: string;
}

/** A copy of `env` without `PIP_*` variables and without `PYTHONHOME` surprises removed. */
export function cleanPythonEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.toUpperCase().startsWith("PIP_")) continue;
    out[key] = value;
  }
  return out;
}

/** Runs `executable args…` to completion and collects its output. Never throws on a non-zero exit. */
export function runPython(executable: string, args: string[], options: PythonRunOptions = {}): Promise<PythonRunResult> {
  // Loaded on first use: a run that never starts Python (a no-op into a venv whose answer is cached) skips child_process and net.
  const { spawn } = requireBuiltin("node:child_process") as typeof import("node:child_process");
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, {
      env: cleanPythonEnv(options.env ?? process.env),
      cwd: options.cwd,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (cause) => {
      reject(new AccelError("python-not-runnable", `Cannot run the Python interpreter ${executable}`, { cause }));
    });
    child.on("close", (code) => {
      resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}
