/**
 * Where things are, for tests: the repository root (the data under
 * `test/fixtures/` is not copied into `dist/` by tsc), throwaway temp
 * directories, and an environment for running `python3` that cannot pick
 * up the machine's pip configuration or a stray virtualenv.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The repository root. Compiled, this file lives at `dist/test/kit/repo.js`,
 * so the root is three levels up. (Run from source by a TS-aware runner the
 * file is at `test/kit/repo.ts` and the root is two levels up; both work.)
 */
export function repoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const parts = here.split(path.sep);
  const distIndex = parts.lastIndexOf("dist");
  if (distIndex > 0 && parts[distIndex + 1] === "test") return parts.slice(0, distIndex).join(path.sep);
  return path.resolve(here, "..", "..");
}

/** An absolute path under `<repo>/test/fixtures/`. */
export function fixturePath(...segments: string[]): string {
  return path.join(repoRoot(), "test", "fixtures", ...segments);
}

/** A source tree under `<repo>/test/fixtures/projects/<name>`. */
export function projectPath(name: string): string {
  return fixturePath("projects", name);
}

/** A temporary directory; `cleanup()` removes it (idempotent). */
export interface TempDir {
  readonly path: string;
  cleanup(): void;
}

/**
 * Makes a fresh directory under the OS temp dir, named `pip-accel-<prefix>-XXXXXX`.
 * Typical use: `const dir = tempDir(); after(() => dir.cleanup());`.
 */
export function tempDir(prefix = "test"): TempDir {
  const dir = mkdtempSync(path.join(tmpdir(), `pip-accel-${prefix}-`));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  return { path: dir, cleanup };
}

/** Variables that change what `python3` (or a pip it runs) does behind a test's back. */
function isPythonVariable(name: string): boolean {
  return name.startsWith("PIP_") || name.startsWith("PYTHON") || name === "VIRTUAL_ENV";
}

/**
 * `process.env` minus every `PIP_*`, `PYTHON*` and `VIRTUAL_ENV`, plus `extra`.
 * Pass it as `env` to every child process that runs Python.
 */
export function cleanPythonEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!isPythonVariable(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

const pythonChecks = new Map<string, boolean>();

/**
 * Whether `python` (default `python3`) runs. Use it to skip tests that need a real
 * interpreter: `test("...", { skip: !pythonAvailable() && "python3 not found" }, ...)`.
 */
export function pythonAvailable(python = "python3"): boolean {
  let ok = pythonChecks.get(python);
  if (ok === undefined) {
    ok = spawnSync(python, ["-c", "pass"], { env: cleanPythonEnv(), stdio: "ignore" }).status === 0;
    pythonChecks.set(python, ok);
  }
  return ok;
}

/** What a finished child process said. */
export interface ProcessOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command without blocking the event loop (an index server may run in this process) and collects its output. */
export function spawnCollect(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<ProcessOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
