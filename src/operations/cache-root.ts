/**
 * The cache root of a command: `--cache-dir` (relative to the working
 * directory unless it starts with `~` or `$`), else `$PIP_ACCEL_CACHE`, else
 * pip-accel.conf's `data-directory`, else the default. Light on purpose:
 * the CLI's no-op replay reads it before the rest of the program loads.
 */
import { homedir } from "node:os";
import { resolve } from "node:path";
import { resolveCacheRoot } from "../cache/cache.js";

export function cacheRootFrom(given: string | undefined, env: Record<string, string | undefined>, cwd: string, configured?: string): string {
  const relative = given !== undefined && !/^[~$]/.test(given) ? resolve(cwd, given) : given;
  return resolve(cwd, resolveCacheRoot({ cacheDir: relative ?? null, env, home: env.HOME || homedir(), configured: configured ?? null }));
}
