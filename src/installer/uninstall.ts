/**
 * Removing an installed distribution, staged so it can be undone.
 *
 * Which files (pip-behaviour.md §4.4): every RECORD row (plus the `.pyc`
 * siblings of each `.py`) and the `.dist-info` itself; for a legacy
 * `.egg-info`, its `installed-files.txt` (relative to the egg-info
 * directory), or else the `top_level.txt` names. A `.dist-info` without
 * RECORD is refused, as pip does.
 *
 * Staging: `stageUninstall` moves every file into a stash directory next to
 * the site directory and removes directories it emptied; `commit()` deletes
 * the stash, `rollback()` puts everything back. `replaceDistribution` wraps
 * an upgrade/downgrade so that a failure (or a throwing reporter standing in
 * for an interrupt) leaves the old version installed.
 */
import {
  cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { isInside } from "../archive/member-path.js";
import type { InstalledDistribution } from "./environment.js";
import { UninstallError } from "./errors.js";
import { parseEntryPoints } from "./scripts.js";
import { parseRecord } from "./record.js";

export interface UninstallOptions {
  /** Only paths under these directories may be removed (default: the distribution's site dir's prefix, i.e. any). */
  allowedRoots?: string[];
  /** Where console scripts live, for egg-info installs without a file list. */
  scriptsDir?: string;
}

export interface StagedRemoval {
  /** Every path that was moved away (absolute). */
  removed: string[];
  /** Paths that were listed but lie outside `allowedRoots`, left in place. */
  refused: string[];
  /** Deletes the stash: the removal becomes final. */
  commit(): void;
  /** Restores every moved file and removed directory. */
  rollback(): void;
}

/** The absolute paths (files and whole directories) that make up `dist`. */
export function distributionPaths(dist: InstalledDistribution, options: UninstallOptions = {}): string[] {
  const paths = new Set<string>();
  if (dist.kind === "dist-info") {
    const text = readOrNull(join(dist.infoPath, "RECORD"));
    if (text === null) {
      throw new UninstallError(`Cannot uninstall ${dist.name} ${dist.version}: no RECORD file in ${dist.infoPath}`, {
        hint: `It was installed by ${dist.installer ?? "an unknown tool"}; reinstall it with that tool first, or remove it by hand.`,
      });
    }
    for (const row of parseRecord(text)) paths.add(resolve(dist.location, row.path));
  } else {
    addEggInfoPaths(dist, options, paths);
  }
  const caches = new Map<string, string[]>();
  for (const path of [...paths]) if (path.endsWith(".py")) for (const pyc of compiledSiblings(path, caches)) paths.add(pyc);
  paths.add(dist.infoPath);
  return [...paths];
}

function addEggInfoPaths(dist: InstalledDistribution, options: UninstallOptions, paths: Set<string>): void {
  const listing = readOrNull(join(dist.infoPath, "installed-files.txt"));
  if (listing !== null) {
    for (const line of listing.split(/\r?\n/)) if (line.trim() !== "") paths.add(resolve(dist.infoPath, line.trim()));
    return;
  }
  const namespaces = new Set(lines(readOrNull(join(dist.infoPath, "namespace_packages.txt"))));
  for (const name of lines(readOrNull(join(dist.infoPath, "top_level.txt")))) {
    if (namespaces.has(name) || name.includes("..")) continue;
    const base = join(dist.location, ...name.split("/"));
    for (const path of [base, `${base}.py`, `${base}.pyc`, `${base}.pyo`]) paths.add(path);
  }
  const eps = readOrNull(join(dist.infoPath, "entry_points.txt"));
  if (eps !== null && options.scriptsDir !== undefined) {
    for (const ep of parseEntryPoints(eps)) paths.add(join(options.scriptsDir, ep.name));
  }
}

function lines(text: string | null): string[] {
  return text === null ? [] : text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** `x.pyc`, `x.pyo` and `__pycache__/x.*.pyc` next to `x.py`. */
function compiledSiblings(source: string, listings: Map<string, string[]>): string[] {
  const stem = basename(source, ".py");
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

/** Moves `dist`'s files into a stash; nothing is deleted until `commit()`. */
export function stageUninstall(dist: InstalledDistribution, options: UninstallOptions = {}): StagedRemoval {
  const roots = options.allowedRoots;
  const listed = distributionPaths(dist, options);
  const refused = roots === undefined ? [] : listed.filter((p) => !roots.some((r) => isInside(r, p)));
  const allowed = listed.filter((p) => !refused.includes(p));
  const stash = mkdtempSync(join(dirname(dist.location), ".pip-accel-stash-"));
  const moves: Array<[string, string]> = [];
  const removedDirs: string[] = [];
  try {
    // Files first, whole directories after, so a directory is moved with what is left in it.
    const ordered = [...allowed].sort((a, b) => Number(isDirectory(a)) - Number(isDirectory(b)));
    for (const path of ordered) {
      if (!exists(path)) continue;
      const target = join(stash, String(moves.length));
      movePath(path, target);
      moves.push([path, target]);
    }
    pruneEmptyDirectories(moves.map(([p]) => dirname(p)), dist.location, roots, removedDirs);
  } catch (error) {
    restore(moves, removedDirs, stash);
    throw new UninstallError(`Uninstalling ${dist.name} ${dist.version} failed; nothing was removed`, { cause: error });
  }
  let done = false;
  return {
    removed: moves.map(([p]) => p),
    refused,
    commit: () => {
      if (done) return;
      done = true;
      rmSync(stash, { recursive: true, force: true });
    },
    rollback: () => {
      if (done) return;
      done = true;
      restore(moves, removedDirs, stash);
    },
  };
}

/** Removes `dist` at once (stage + commit). */
export function uninstallDistribution(dist: InstalledDistribution, options: UninstallOptions = {}): StagedRemoval {
  const staged = stageUninstall(dist, options);
  staged.commit();
  return staged;
}

/**
 * Upgrade, downgrade or reinstall: stash `old` (if any), run `installNew`,
 * then commit; on any error roll back so the old version is intact, and rethrow.
 */
export async function replaceDistribution<T>(old: InstalledDistribution | null, installNew: () => Promise<T>, options: UninstallOptions = {}): Promise<T> {
  const staged = old === null ? null : stageUninstall(old, options);
  try {
    const result = await installNew();
    staged?.commit();
    return result;
  } catch (error) {
    staged?.rollback();
    throw error;
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function movePath(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    cpSync(from, to, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    rmSync(from, { recursive: true, force: true });
  }
}

/** Removes directories that became empty, walking up but never past the site dir or outside the allowed roots. */
function pruneEmptyDirectories(dirs: string[], site: string, roots: string[] | undefined, removed: string[]): void {
  const stops = new Set([resolve(site), ...(roots ?? []).map((r) => resolve(r))]);
  const candidates = [...new Set(dirs)].sort((a, b) => b.length - a.length);
  for (const start of candidates) {
    for (let dir = start; !stops.has(dir) && dirname(dir) !== dir; dir = dirname(dir)) {
      if (roots !== undefined && !roots.some((r) => isInside(r, dir))) break;
      if (!existsSync(dir) || readdirSync(dir).length > 0) break;
      rmdirSync(dir);
      removed.push(dir);
    }
  }
}

function restore(moves: Array<[string, string]>, removedDirs: string[], stash: string): void {
  for (const dir of [...removedDirs].reverse()) mkdirSync(dir, { recursive: true });
  for (const [original, stashed] of [...moves].reverse()) {
    mkdirSync(dirname(original), { recursive: true });
    movePath(stashed, original);
  }
  rmSync(stash, { recursive: true, force: true });
}
