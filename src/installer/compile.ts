/**
 * Optional byte-compilation of installed `.py` files with the target
 * interpreter's `compileall` (one process for all files, list on stdin).
 * Off by default: pip-accel's original never compiled, and Python compiles
 * lazily on first import where the directory is writable.
 */
import { basename, dirname, join } from "node:path";
import { runPython } from "../python/run.js";
import { InstallError } from "./errors.js";

/** Compiles `paths` (absolute `.py` files) in place into `__pycache__/`. */
export async function compileBytecode(paths: string[], executable: string): Promise<void> {
  if (paths.length === 0) return;
  const result = await runPython(executable, ["-I", "-m", "compileall", "-q", "-f", "-i", "-"], { input: paths.join("\n") + "\n" });
  // Exit status 1 means some files did not compile (pip ignores those too); anything else is a failure.
  if (result.code !== 0 && result.code !== 1) {
    throw new InstallError(`byte-compiling ${paths.length} files failed`, { hint: (result.stdout + result.stderr).trim().slice(-2000) });
  }
}

/** PEP 3147 location of the compiled file for `source` (optimisation level 0). */
export function pycPath(source: string, cacheTag: string): string {
  const stem = basename(source).replace(/\.py$/, "");
  return join(dirname(source), "__pycache__", `${stem}.${cacheTag}.pyc`);
}
