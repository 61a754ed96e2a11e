/**
 * The remembered outcome of a whole command, valid while its local inputs
 * are as they were (the CLI keeps no-op installs this way: cli/noop-replay.ts).
 *
 * A record, `<cache>/<bucket>/<sha256 of the command>.json`, holds the
 * outcome and a stamp of every input path: inode, size, mtime and ctime
 * (with its target's for a symlink), or "absent". The command is whatever
 * plain data the caller says identifies it (for the CLI: the arguments,
 * the working directory, the whole environment and pip-accel's version);
 * only its hash is stored. `recallCommand` answers only while every stamp
 * still holds.
 *
 * `rememberCommand` keeps nothing when an input's ctime is not older than
 * the run's start by more than a clock tick: file times come from a coarse
 * clock, and a change during the run could otherwise leave a stamp that
 * matches a later, different file. A bucket keeps its newest 64 records.
 */
import { createHash } from "node:crypto";
import { lstatSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { keepNewest, writeFileAtomic } from "../cache/cache.js";

/** File times lag the clock by up to one tick (at most 10 ms). */
const RACY_MS = 15;
/** Records kept per bucket, newest first (a command's environment differs between shells, so old ones pile up). */
const KEEP = 64;

interface CommandRecord<T> {
  version: 1;
  /** [path, stamp] for every input. */
  stamps: Array<[string, string]>;
  outcome: T;
}

export interface CommandMemoPlace {
  /** The cache root. */
  root: string;
  /** The bucket under it (`noop-v1`). */
  bucket: string;
  /** What identifies the command (plain JSON data). */
  command: unknown;
}

function recordPath(place: CommandMemoPlace): string {
  const key = createHash("sha256").update(JSON.stringify([place.bucket, place.command])).digest("hex");
  return join(place.root, place.bucket, `${key}.json`);
}

const stampText = (s: { ino: number; size: number; mtimeMs: number; ctimeMs: number }): string => `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;

/** inode, size, mtime and ctime of `path` (and of its target when it is a symlink); "-" when absent, "!CODE" when it cannot be looked at. */
export function pathStamp(path: string): string {
  try {
    const own = lstatSync(path, { throwIfNoEntry: false });
    if (own === undefined) return "-";
    if (!own.isSymbolicLink()) return stampText(own);
    const target = statSync(path, { throwIfNoEntry: false });
    return `${stampText(own)}>${target === undefined ? "-" : stampText(target)}`;
  } catch (error) {
    return `!${(error as NodeJS.ErrnoException).code ?? "error"}`;
  }
}

/** The ctimes in a stamp. */
function ctimes(stamp: string): number[] {
  return stamp.split(">").filter((s) => /^\d/.test(s)).map((s) => Number(s.split(":")[3]));
}

/** The remembered outcome, if there is a record and every stamp in it still holds; else null. */
export function recallCommand<T>(place: CommandMemoPlace): T | null {
  try {
    const record = JSON.parse(readFileSync(recordPath(place), "utf8")) as CommandRecord<T>;
    if (record.version !== 1 || !Array.isArray(record.stamps) || record.outcome === undefined) return null;
    for (const [path, stamp] of record.stamps) if (pathStamp(path) !== stamp) return null;
    return record.outcome;
  } catch {
    return null; // no record, or not one of ours
  }
}

export interface RememberedCommand<T> extends CommandMemoPlace {
  /** Every local path whose state the outcome depended on. */
  inputs: Iterable<string>;
  outcome: T;
  /** When the run started, before it read any input (epoch ms; default the process's start). */
  startedAt?: number;
}

/** Keeps the record `recallCommand` reads; false (nothing kept) when an input is too new or cannot be looked at, or the cache cannot be written. */
export async function rememberCommand<T>(memo: RememberedCommand<T>): Promise<boolean> {
  const startedAt = memo.startedAt ?? performance.timeOrigin;
  const stamps: Array<[string, string]> = [];
  for (const path of new Set(memo.inputs)) {
    const stamp = pathStamp(path);
    if (stamp.startsWith("!") || ctimes(stamp).some((c) => c >= startedAt - RACY_MS)) return false;
    stamps.push([path, stamp]);
  }
  const target = recordPath(memo);
  const record: CommandRecord<T> = { version: 1, stamps, outcome: memo.outcome };
  try {
    await writeFileAtomic(target, JSON.stringify(record));
  } catch {
    return false; // an unwritable cache only costs the memo
  }
  await keepNewest(dirname(target), KEEP);
  return true;
}

