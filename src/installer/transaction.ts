/**
 * One distribution's install, upgrade or removal as a recoverable
 * transaction, so that kill -9 at any point leaves nothing the next run
 * cannot put right.
 *
 * A transaction is a directory `.pip-accel-txn-XXXXXX` in the site
 * directory that holds the distribution's metadata:
 *
 * - `journal.json` (the first thing written; one cut short does not parse):
 *   the owner's pid, the paths of the old version in stash order (`old`),
 *   the paths the new version will place outside its `.dist-info`
 *   (`planned`) and the final `.dist-info` path;
 * - `stash/<i>`: the old version's `old[i]`, moved here by rename (no
 *   `stash/` when there is no old version);
 * - `installing`: exists once every old path is stashed and new files are
 *   being placed. A fresh install (no old version) stashes nothing, so its
 *   journal says `installing: true` from the start instead (one file fewer);
 * - `dist-info/`: the new `.dist-info`, filled in and renamed to its final
 *   name last. For a removal it stays empty and is removed to commit.
 *
 * The commit point is `dist-info/` leaving the transaction. Recovery
 * (`recoverTransactions`, run whenever an environment is opened) finishes a
 * committed transaction by deleting its stash, and undoes one that was not:
 * it removes the planned paths (in the install phase) and moves every
 * stashed path back. A transaction whose owner still runs (this process
 * included) is left alone, unless it is an hour old (a reused pid); one
 * being recovered is claimed first by renaming it (`.r<pid>` suffix), so two
 * runs never undo the same transaction.
 *
 * Between a kill and the next run, Python may see a partial swap; a
 * pip-accel run always sees one whole version (pip has no journal at all).
 * Recovery removes whatever is at a planned path, even a file another
 * distribution had there before (the same file the install would have
 * overwritten).
 */
import {
  cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { processAlive } from "../cache/file-lock.js";
import { isInside } from "../archive/member-path.js";

const PREFIX = ".pip-accel-txn-";
/** A transaction older than this is recovered even if a process with its owner's pid runs (pid reuse). */
const STALE_MS = 60 * 60_000;

/** Whether a site directory's entry is a transaction's (an install or removal not finished). */
export const isTransactionEntry = (name: string): boolean => name.startsWith(PREFIX);

interface Journal {
  version: 1;
  pid: number;
  /** What is being done, for messages (`app 2.0 replacing 1.0`). */
  label: string;
  /** The final `.dist-info` path, or null for a removal. */
  distInfo: string | null;
  /** Directories empty-directory pruning never passes (the scheme's roots). */
  stops: string[];
  old: string[];
  planned: string[];
  /** True when the install phase began with the journal (a fresh install: nothing to stash), so no `installing` file is written. */
  installing?: true;
}

export interface TransactionPlan {
  label: string;
  /** Where the new `.dist-info` goes (absolute), or null when only removing. */
  distInfo: string | null;
  /** The old version's paths, files before directories. */
  old: string[];
  /** The new version's paths outside its `.dist-info`. */
  planned: string[];
  stops: string[];
}

export class Transaction {
  private constructor(readonly dir: string, private readonly journal: Journal) {}

  /** Creates the transaction directory in `site` and writes its journal; nothing else is touched yet. */
  static begin(site: string, plan: TransactionPlan): Transaction {
    const dir = mkdtempSync(join(site, PREFIX));
    mkdirSync(join(dir, "dist-info"));
    if (plan.old.length > 0) mkdirSync(join(dir, "stash")); // a fresh install stashes nothing
    const journal: Journal = {
      version: 1, pid: process.pid, ...plan, stops: plan.stops.map((s) => resolve(s)), ...(plan.old.length === 0 ? { installing: true as const } : {}),
    };
    // Written in place: a journal cut short does not parse, and recovery then finds nothing touched (it is the first write).
    writeFileSync(join(dir, "journal.json"), JSON.stringify(journal));
    return new Transaction(dir, journal);
  }

  /** Where the new `.dist-info`'s files are written until commit. */
  get newDistInfo(): string {
    return join(this.dir, "dist-info");
  }

  /** Moves every existing old path into the stash, prunes the directories that emptied, and marks the install phase. */
  stashOld(allowedRoots?: string[]): string[] {
    const moved: string[] = [];
    this.journal.old.forEach((path, i) => {
      if (lstatSync(path, { throwIfNoEntry: false }) === undefined) return;
      movePath(path, join(this.dir, "stash", String(i)));
      moved.push(path);
    });
    pruneEmptyDirectories(moved.map((p) => dirname(p)), this.journal.stops, allowedRoots);
    if (this.journal.installing !== true) writeFileSync(join(this.dir, "installing"), "");
    return moved;
  }

  /** Puts the new `.dist-info` in place (or, for a removal, drops the marker) and deletes the stash. */
  commit(): void {
    const { distInfo } = this.journal;
    let inTheWay = false;
    if (distInfo === null) rmdirSync(this.newDistInfo);
    else {
      if (lstatSync(distInfo, { throwIfNoEntry: false }) !== undefined) {
        renameSync(distInfo, join(this.dir, "in-the-way"));
        inTheWay = true;
      }
      renameSync(this.newDistInfo, distInfo);
    }
    // What is left is known: no recursive walk of the transaction for a fresh install.
    if (inTheWay) rmSync(join(this.dir, "in-the-way"), { recursive: true, force: true });
    if (this.journal.old.length > 0) rmSync(join(this.dir, "stash"), { recursive: true, force: true });
    if (this.journal.installing !== true) rmSync(join(this.dir, "installing"), { force: true });
    unlinkSync(join(this.dir, "journal.json"));
    rmdirSync(this.dir);
  }

  /**
   * Restores the old version and deletes the transaction. `removePlanned`
   * also removes whatever is at the planned paths (recovery after a kill;
   * an in-process failure has already removed exactly what it created).
   */
  rollback(removePlanned: boolean): void {
    undo(this.dir, this.journal, removePlanned);
  }
}

export interface RecoveredTransaction {
  label: string;
  outcome: "completed" | "rolled-back";
}

/** Finishes or undoes every interrupted transaction in `siteDirs` whose owner is gone. */
export function recoverTransactions(siteDirs: string[]): RecoveredTransaction[] {
  const out: RecoveredTransaction[] = [];
  for (const site of new Set(siteDirs)) {
    let names: string[];
    try {
      names = readdirSync(site);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!isTransactionEntry(name)) continue;
      const recovered = recoverOne(site, name);
      if (recovered !== null) out.push(recovered);
    }
  }
  return out;
}

function recoverOne(site: string, name: string): RecoveredTransaction | null {
  const dir = join(site, name);
  const claimant = /\.r(\d+)$/.exec(name);
  const journal = readJournal(dir);
  const owner = claimant !== null ? Number(claimant[1]) : journal?.pid ?? 0;
  const age = Date.now() - (statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? 0);
  if (owner === process.pid || (processAlive(owner) && age < STALE_MS)) return null; // ours, in progress, or another live run's
  const claimed = join(site, `${name.replace(/\.r\d+$/, "")}.r${process.pid}`);
  try {
    renameSync(dir, claimed);
  } catch {
    return null; // another run claimed it first
  }
  if (journal === null) { // killed before anything was touched
    rmSync(claimed, { recursive: true, force: true });
    return null;
  }
  if (!existsSync(join(claimed, "dist-info"))) {
    rmSync(claimed, { recursive: true, force: true });
    return { label: journal.label, outcome: "completed" };
  }
  undo(claimed, journal, true);
  return { label: journal.label, outcome: "rolled-back" };
}

function readJournal(dir: string): Journal | null {
  try {
    const journal = JSON.parse(readFileSync(join(dir, "journal.json"), "utf8")) as Journal;
    return journal.version === 1 ? journal : null;
  } catch {
    return null;
  }
}

function undo(dir: string, journal: Journal, removePlanned: boolean): void {
  if (removePlanned && (journal.installing === true || existsSync(join(dir, "installing")))) {
    const caches = new Map<string, string[]>();
    for (const path of journal.planned) {
      for (const p of path.endsWith(".py") ? [path, ...compiledSiblings(path, caches)] : [path]) rmSync(p, { force: true });
    }
    pruneEmptyDirectories(journal.planned.map((p) => dirname(p)), journal.stops, undefined);
  }
  // Newest first: a stashed directory (moved after its files) is back before the files that go into it.
  for (let i = journal.old.length - 1; i >= 0; i--) {
    const original = journal.old[i]!;
    const stashed = join(dir, "stash", String(i));
    if (lstatSync(stashed, { throwIfNoEntry: false }) === undefined) continue;
    mkdirSync(dirname(original), { recursive: true });
    const st = lstatSync(original, { throwIfNoEntry: false });
    if (st !== undefined) rmSync(original, { recursive: st.isDirectory(), force: true });
    movePath(stashed, original);
  }
  rmSync(dir, { recursive: true, force: true });
}

/** `x.pyc`, `x.pyo` and `__pycache__/x.*.pyc` next to `x.py` (directory listings memoised in `listings`). */
export function compiledSiblings(source: string, listings: Map<string, string[]>): string[] {
  const stem = source.slice(source.lastIndexOf("/") + 1, -".py".length);
  const out = [`${source}c`, `${source}o`];
  const cache = join(dirname(source), "__pycache__");
  let names = listings.get(cache);
  if (names === undefined) {
    try {
      names = readdirSync(cache);
    } catch {
      names = [];
    }
    listings.set(cache, names);
  }
  for (const name of names) if (name.startsWith(`${stem}.`) && name.endsWith(".pyc")) out.push(join(cache, name));
  return out;
}

/** Renames, or across file systems copies to `<to>.partial`, renames that, then removes the original. */
function movePath(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    cpSync(from, `${to}.partial`, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    renameSync(`${to}.partial`, to);
    rmSync(from, { recursive: true, force: true });
  }
}

/** Removes directories that became empty, walking up but never past a stop or outside the allowed roots. */
function pruneEmptyDirectories(dirs: string[], stopDirs: string[], roots: string[] | undefined): void {
  const stops = new Set([...stopDirs, ...(roots ?? [])].map((d) => resolve(d)));
  const candidates = [...new Set(dirs)].sort((a, b) => b.length - a.length);
  for (const start of candidates) {
    for (let dir = start; !stops.has(dir) && dirname(dir) !== dir; dir = dirname(dir)) {
      if (roots !== undefined && !roots.some((r) => isInside(r, dir))) break;
      let entries: string[];
      try {
        entries = readdirSync(dir);
      } catch {
        break;
      }
      if (entries.length > 0) break;
      rmdirSync(dir);
    }
  }
}
