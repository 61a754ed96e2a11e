/**
 * pip-accel's cache root, its versioned buckets, and atomic writes.
 *
 * The root is, in order: `--cache-dir`, `$PIP_ACCEL_CACHE` (when non-empty,
 * `~` and `$VARS` expanded), `/var/cache/pip-accel` when running as root,
 * else `~/.pip-accel` (the original pip-accel's rules, with `~` the home of
 * the effective user). `$PIP_DOWNLOAD_CACHE`, when set, names a read-only
 * extra directory of already downloaded archives.
 *
 * Buckets carry a format version in their name (`sources-v1/`, `http-v1/`):
 * a format change bumps the version, nothing is migrated in place.
 *
 * Every file is written atomically: to a temporary name in the same
 * directory, then renamed over the target, so readers (and other pip-accel
 * processes) see either the old or the new content, never a torn file.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { AccelError } from "../report/errors.js";
import { basename, dirname, join, resolve } from "node:path";

export const BUCKETS = {
  /** Every downloaded sdist and wheel, plus the PEP 503 pages under `simple/`. */
  sources: "sources-v1",
  /** Index pages and metadata files with their HTTP validators. */
  http: "http-v1",
} as const;

export type BucketName = keyof typeof BUCKETS;

export interface CacheRootOptions {
  /** `--cache-dir`, highest precedence. */
  cacheDir?: string | null;
  env?: Record<string, string | undefined>;
  /** Effective uid; root (0) defaults to /var/cache/pip-accel. */
  uid?: number | null;
  home?: string;
  /** `data-directory` from pip-accel.conf: below `$PIP_ACCEL_CACHE`, above the defaults. */
  configured?: string | null;
}

/** Expands a leading `~` and `$VAR` / `${VAR}` references (unknown variables are kept). */
export function expandPath(path: string, env: Record<string, string | undefined>, home: string): string {
  const expanded = path.replace(/\$(\w+)|\$\{(\w+)\}/g, (whole, a: string | undefined, b: string | undefined) => {
    const value = env[(a ?? b) as string];
    return value === undefined ? whole : value;
  });
  if (expanded === "~") return home;
  if (expanded.startsWith("~/")) return join(home, expanded.slice(2));
  return expanded;
}

export function resolveCacheRoot(options: CacheRootOptions = {}): string {
  const env = options.env ?? process.env;
  const home = options.home ?? homedir();
  if (options.cacheDir) return resolve(expandPath(options.cacheDir, env, home));
  if (env.PIP_ACCEL_CACHE) return resolve(expandPath(env.PIP_ACCEL_CACHE, env, home));
  if (options.configured) return resolve(expandPath(options.configured, env, home));
  const uid = options.uid === undefined ? (process.getuid?.() ?? null) : options.uid;
  if (uid === 0) return "/var/cache/pip-accel";
  return join(home, ".pip-accel");
}

/** Makes the cache root if missing; one that cannot be made is an error that names it. */
export function ensureCacheRoot(root: string): void {
  try {
    mkdirSync(root, { recursive: true });
  } catch (error) {
    throw new AccelError("cache-unusable", `The cache directory ${root} cannot be used: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      cause: error,
      hint: "Pass --cache-dir (or set PIP_ACCEL_CACHE) to a directory pip-accel may create and write.",
    });
  }
}

/** The read-only extra source of archives named by `$PIP_DOWNLOAD_CACHE`, if any. */
export function downloadCacheDir(env: Record<string, string | undefined> = process.env, home = homedir()): string | null {
  const value = env.PIP_DOWNLOAD_CACHE;
  return value ? resolve(expandPath(value, env, home)) : null;
}

export class Cache {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  static fromOptions(options: CacheRootOptions = {}): Cache {
    return new Cache(resolveCacheRoot(options));
  }

  /** The bucket's directory (not created). */
  bucket(name: BucketName): string {
    return join(this.root, BUCKETS[name]);
  }

  /** The bucket's directory, created if needed. */
  async ensureBucket(name: BucketName): Promise<string> {
    const path = this.bucket(name);
    await mkdir(path, { recursive: true });
    return path;
  }
}

/** A fresh temporary name next to `target` (same directory, so rename is atomic). */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
}

/** True for names made by `tempPathFor` (listings skip them). */
export function isTempName(name: string): boolean {
  return name.startsWith(".") && /\.tmp-\d+-[0-9a-f]{8}$/.test(name);
}

/** Writes `data` to `target` atomically, creating the directory. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  try {
    await writeFile(temp, data);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Keeps the `keep` newest `.json` records of a memo bucket by mtime and removes
 * the rest (best effort: housekeeping never fails a run, and a record another
 * run removes first is fine).
 */
export async function keepNewest(bucket: string, keep: number): Promise<void> {
  try {
    const names = (await readdir(bucket)).filter((n) => n.endsWith(".json"));
    if (names.length <= keep) return;
    const dated = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(bucket, n)).catch(() => null))?.mtimeMs ?? 0 })));
    dated.sort((a, b) => b.t - a.t);
    await Promise.all(dated.slice(keep).map(({ n }) => rm(join(bucket, n), { force: true })));
  } catch {
    // housekeeping only
  }
}

/** Moves a finished temporary file into place (atomic within one file system). */
export async function commitTemp(temp: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  await rename(temp, target);
}
