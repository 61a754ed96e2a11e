/**
 * Removing an installed distribution, staged so it can be undone.
 *
 * Which files (pip-behaviour.md §4.4): every RECORD row (plus the `.pyc`
 * siblings of each `.py`) and the `.dist-info` itself; for a legacy
 * `.egg-info`, its `installed-files.txt` (relative to the egg-info
 * directory), or else the `top_level.txt` names. A `.dist-info` without
 * RECORD is refused, as pip does.
 *
 * Staging: `stageUninstall` moves every file into the stash of a
 * `Transaction` (transaction.ts) in the site directory and removes
 * directories it emptied; `commit()` deletes the stash, `rollback()` puts
 * everything back, and after a kill the next run does one or the other.
 * Upgrades stash the old version inside the new version's transaction
 * (`installFromStore` with `replaces`).
 */
import { lstatSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isInside } from "../archive/member-path.js";
import type { InstalledDistribution } from "./environment.js";
import { UninstallError } from "./errors.js";
import { parseEntryPoints } from "./scripts.js";
import { parseRecord } from "./record.js";
import { compiledSiblings, Transaction } from "./transaction.js";

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

/** The paths of `dist` that a removal moves (files before directories) and those it must leave (outside `allowedRoots`). */
export function removalPaths(dist: InstalledDistribution, options: UninstallOptions = {}): { paths: string[]; refused: string[] } {
  const roots = options.allowedRoots;
  const listed = distributionPaths(dist, options);
  const refused = roots === undefined ? [] : listed.filter((p) => !roots.some((r) => isInside(r, p)));
  const allowed = listed.filter((p) => !refused.includes(p));
  // Files first, whole directories after, so a directory is moved with what is left in it.
  const paths = [...allowed].sort((a, b) => Number(isDirectory(a)) - Number(isDirectory(b)));
  return { paths, refused };
}

/** Moves `dist`'s files into a stash; nothing is deleted until `commit()`. */
export function stageUninstall(dist: InstalledDistribution, options: UninstallOptions = {}): StagedRemoval {
  const { paths, refused } = removalPaths(dist, options);
  const txn = Transaction.begin(dist.location, { label: `${dist.name} ${dist.version} (uninstall)`, distInfo: null, old: paths, planned: [], stops: [dist.location] });
  let removed: string[];
  try {
    removed = txn.stashOld(options.allowedRoots);
  } catch (error) {
    txn.rollback(false);
    throw new UninstallError(`Uninstalling ${dist.name} ${dist.version} failed; nothing was removed`, { cause: error });
  }
  let done = false;
  const once = (fn: () => void) => () => {
    if (done) return;
    done = true;
    fn();
  };
  return { removed, refused, commit: once(() => txn.commit()), rollback: once(() => txn.rollback(false)) };
}

/** Removes `dist` at once (stage + commit). */
export function uninstallDistribution(dist: InstalledDistribution, options: UninstallOptions = {}): StagedRemoval {
  const staged = stageUninstall(dist, options);
  staged.commit();
  return staged;
}

function isDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}
