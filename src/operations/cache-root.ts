/**
 * The cache root of a command: `--cache-dir`, else `$PIP_ACCEL_CACHE`, else
 * pip-accel.conf's `data-directory`, else `/var/cache/pip-accel` for root,
 * else `~/.pip-accel`. Light on purpose: the CLI's no-op replay reads it
 * before the rest of the program loads.
 */
import { homedir } from "node:os";
import { resolve } from "node:path";
import { resolveCacheRoot } from "../cache/cache.js";

type Env = Record<string, string | undefined>;

/** The cache root from `--cache-dir` as given, the environment and `data-directory` (passed as `configured`). */
export function cacheRoot(given: string | undefined, env: Env, configured?: string): string {
  return resolveCacheRoot({ cacheDir: given ?? null, env, home: env.HOME || homedir(), configured: configured ?? null });
}

/** `cacheRoot` for a command run in `cwd`: a relative `--cache-dir` (not `~…` or `$…`) is relative to it. */
export function cacheRootFrom(given: string | undefined, env: Env, cwd: string, configured?: string): string {
  const relative = given !== undefined && !/^[~$]/.test(given) ? resolve(cwd, given) : given;
  return resolve(cwd, cacheRoot(relative, env, configured));
}
