/**
 * The cache commands' operations (`pip-accel cache info|list|remove|purge`):
 * the binary cache (`binaries-v1/`), the build environments
 * (`build-envs-v1/`) and the build logs. PATTERN is a glob (`*`, `?`) on
 * the project name, matched against its canonical form like `pip cache`.
 */
import { existsSync, lstatSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { BinaryCache, BINARY_BUCKET, type CachedBinary } from "../builder/binary-cache.js";
import { BUILD_ENV_BUCKET } from "../builder/build-env.js";
import { BUCKETS } from "../cache/cache.js";
import { canonicalizeName } from "../filenames/index.js";

export type { CachedBinary };

/** The shared store's state for `cache info`, or null when no bucket is configured. */
export async function sharedCacheInfo(root: string, env: Record<string, string | undefined>, cwd: string, python?: string): Promise<string | null> {
  const { configuredS3, openSharedCache } = await import("./shared-cache-config.js");
  const settings = configuredS3(env);
  if (settings === null) return null;
  const { findInterpreter, queryInterpreter } = await import("../python/interpreter.js");
  const { interpreterKey } = await import("../builder/binary-key.js");
  const interpreter = await queryInterpreter(findInterpreter({ python, env, cwd }), { cacheDir: root, env });
  const opened = await openSharedCache(settings, env, () => {});
  try {
    const status = await opened.cache.status(interpreterKey(interpreter.info));
    return [
      `Shared cache: ${status.location}${settings.url ? ` at ${settings.url}` : ""}`,
      `  reachable: ${status.reachable ? "yes" : "no"}`,
      `  writable: ${status.writable}`,
      `  binaries: ${status.entries} (${status.entriesHere} for this interpreter and platform)`,
      ...(status.problem ? [`  problem: ${status.problem}`] : []),
      "",
    ].join("\n");
  } finally {
    await opened.close();
  }
}

/** `cache push`: shares every local binary the store lacks. */
export async function pushBinaries(root: string, env: Record<string, string | undefined>): Promise<{ location: string; uploaded: number; present: number }> {
  const { configuredS3, openSharedCache } = await import("./shared-cache-config.js");
  const settings = configuredS3(env);
  if (settings === null) {
    const { AccelError } = await import("../report/errors.js");
    throw new AccelError("usage", "No shared cache is configured", { hint: "Set PIP_ACCEL_S3_BUCKET (and PIP_ACCEL_S3_URL for a non-AWS store)." });
  }
  const opened = await openSharedCache(settings, env, () => {});
  try {
    return { location: opened.cache.location, ...(await opened.cache.push(new BinaryCache(root).list())) };
  } finally {
    await opened.close();
  }
}

const LOG_BUCKET = "build-logs";

/** The cached binaries whose project matches `pattern`, one line each (name, version, kind, tags, size, path). */
export function listBinaries(root: string, pattern = "*"): string[] {
  return new BinaryCache(root).list().filter((e) => matches(e, pattern)).map(describe);
}

/** Removes the cached binaries whose project matches `pattern`; returns how many. */
export function removeBinaries(root: string, pattern: string): number {
  const cache = new BinaryCache(root);
  const gone = cache.list().filter((e) => matches(e, pattern));
  for (const e of gone) cache.remove(e);
  return gone.length;
}

/** Removes every binary, the build environments and the build logs; returns how many binaries there were. */
export function purgeBinaries(root: string): number {
  const count = new BinaryCache(root).list().length;
  for (const bucket of [BINARY_BUCKET, BUILD_ENV_BUCKET, LOG_BUCKET]) rmSync(join(root, bucket), { recursive: true, force: true });
  return count;
}

/** `cache info`'s text: counts and sizes of each part of the cache. */
export function cacheInfo(root: string): string {
  const cache = new BinaryCache(root);
  const entries = cache.list();
  const envs = existsSync(join(root, BUILD_ENV_BUCKET)) ? readdirSync(join(root, BUILD_ENV_BUCKET)).filter((n) => !n.startsWith(".")).length : 0;
  return [
    `Cache location: ${root}`,
    `Cached binaries: ${entries.length} (${entries.filter((e) => e.kind === "wheel").length} wheels from PEP 517 backends)`,
    `Binary cache size: ${human(dirSize(join(root, BINARY_BUCKET)))}`,
    `Build environments: ${envs} (${human(dirSize(join(root, BUILD_ENV_BUCKET)))})`,
    `Build logs: ${human(dirSize(join(root, LOG_BUCKET)))}`,
    `Downloaded archives (${BUCKETS.sources}): ${human(dirSize(join(root, BUCKETS.sources)))}`,
    `Index pages and metadata (${BUCKETS.http}): ${human(dirSize(join(root, BUCKETS.http)))}`,
    "",
  ].join("\n");
}

function describe(e: CachedBinary): string {
  const k = e.key;
  return `${k.name} ${k.version} ${e.kind} ${k.implementation}${k.pythonVersion} ${k.abi} ${k.platform} ${human(e.size)} ${e.path}`;
}

function matches(e: CachedBinary, pattern: string): boolean {
  const canon = canonicalizeName(pattern);
  const regex = new RegExp(`^${canon.replace(/[+^$()[\]{}|\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  return regex.test(e.key.name);
}

function dirSize(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const st = lstatSync(full);
    total += st.isDirectory() ? dirSize(full) : st.size;
  }
  return total;
}

function human(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${value.toFixed(1)} ${units[unit]}`;
}
