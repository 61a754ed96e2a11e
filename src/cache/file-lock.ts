/**
 * A lock between processes sharing one cache root: `<path>.lock`, created
 * with `O_EXCL` and holding the owner's pid. A second process waits (polling)
 * until the file is gone; a lock whose owner is no longer running (killed)
 * or that is older than `staleMs` is taken over. Used so that concurrent
 * runs download an artifact once: the waiter then finds the file in place.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface FileLockOptions {
  /** A lock older than this is taken over even if its owner still runs (default 15 minutes). */
  staleMs?: number;
  /** Time between attempts (default 50 ms). */
  pollMs?: number;
}

/** A lock file still empty after this long was left by a process killed between creating and writing it. */
const EMPTY_LOCK_GRACE_MS = 10_000;

function ownerAlive(lockFile: string, ageMs: number): boolean {
  let text: string;
  try {
    text = readFileSync(lockFile, "utf8").trim();
  } catch {
    return true; // just removed: look again
  }
  // Created but its pid not written yet (O_EXCL then write): taking it over would let two runs in.
  if (text === "") return ageMs < EMPTY_LOCK_GRACE_MS;
  return processAlive(Number(text));
}

/** Whether a process with this pid runs (this process counts; a pid we may not signal counts as running). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Runs `fn` while holding the lock for `path` (its directory is made if missing); `waited` tells whether another process held it first. */
export async function withFileLock<T>(path: string, fn: (waited: boolean) => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lockFile = `${path}.lock`;
  const staleMs = options.staleMs ?? 15 * 60_000;
  let waited = false;
  mkdirSync(dirname(lockFile), { recursive: true });
  for (;;) {
    let fd: number;
    try {
      fd = openSync(lockFile, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (statSync(lockFile, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (!ownerAlive(lockFile, age) || age > staleMs) rmSync(lockFile, { force: true });
      else await sleep(options.pollMs ?? 50);
      waited = true;
      continue;
    }
    try {
      writeSync(fd, `${process.pid}\n`);
    } finally {
      closeSync(fd);
    }
    try {
      return await fn(waited);
    } finally {
      rmSync(lockFile, { force: true });
    }
  }
}
