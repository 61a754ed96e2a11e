/**
 * The `Planner`: what an install has to do, decided from data only.
 *
 * Given the resolution's pins, the installed distributions and a lookup of
 * what the store already holds, it sorts every pin into one column (uv's
 * `Plan`, plus a build column because pip-accel builds sdists):
 * - `satisfied`: the installed version stays (same version, not forced);
 * - `fromCache`: the archive is unpacked in the store already: link only;
 * - `toFetch`: a wheel to download (or read from disk) and unpack once;
 * - `toBuild`: an sdist to build into the binary cache first.
 * `reinstall` lists the installed distributions the plan replaces
 * (upgrades, downgrades, `--force-reinstall`); they are removed by RECORD,
 * staged, only when their replacement is installed.
 * Pure: no I/O, so every rule is unit-tested.
 */
import type { InstalledDistribution } from "../installer/environment.js";
import type { PinnedFile, ResolvedPin, SourceReference } from "../resolver/lib.js";
import { Version } from "../pep440/index.js";

export interface PlanOptions {
  /** `--force-reinstall`: replace even when the same version is installed. */
  forceReinstall?: boolean;
  /** `-I`: install over whatever is there without removing it first. */
  ignoreInstalled?: boolean;
}

export interface PlanItem {
  readonly pin: ResolvedPin;
  /** The distribution being replaced (null for a new project or with `-I`). */
  readonly replaces: InstalledDistribution | null;
  /** The store key (archive sha256) when the archive is unpacked already. */
  readonly storeKey: string | null;
}

export interface SatisfiedItem {
  readonly pin: ResolvedPin;
  readonly installed: InstalledDistribution;
}

export interface Plan {
  readonly satisfied: readonly SatisfiedItem[];
  readonly fromCache: readonly PlanItem[];
  readonly toFetch: readonly PlanItem[];
  readonly toBuild: readonly PlanItem[];
  readonly reinstall: readonly InstalledDistribution[];
}

/** Where the store already holds a file's unpacked archive (its sha256), or null. */
export type StoreLookup = (file: PinnedFile, pin: ResolvedPin) => string | null;

function sameVersion(a: string, b: string): boolean {
  try {
    return Version.parse(a).compare(Version.parse(b)) === 0;
  } catch {
    return a === b;
  }
}

/** True when an installed direct-URL install and the pin name different sources. */
function sourceChanged(pin: ResolvedPin, dist: InstalledDistribution): boolean {
  const installedUrl = (dist.directUrl as { url?: string } | null)?.url ?? null;
  if (pin.source === "direct") return installedUrl !== pin.file?.url.split("#")[0];
  return installedUrl !== null;
}

/**
 * A source tree is kept only when it is a VCS reference at the commit that
 * is installed (same repository, not editable). Editables and local
 * directories are always reinstalled, as pip does; an unchanged directory
 * is then a relink of the binary the cache has for its content.
 */
function keepsTree(reference: SourceReference, version: string, current: InstalledDistribution): boolean {
  if (reference.editable || reference.vcs === null) return false;
  const installed = current.directUrl as { url?: string; vcs_info?: { commit_id?: string }; subdirectory?: string } | null;
  const wanted = reference.directUrl as { url?: string; subdirectory?: string };
  return sameVersion(version, current.version) && installed?.vcs_info?.commit_id === reference.commit
    && installed.url === wanted.url && installed.subdirectory === wanted.subdirectory;
}

export class Planner {
  constructor(private readonly options: PlanOptions = {}) {}

  plan(pins: readonly ResolvedPin[], installed: readonly InstalledDistribution[], lookup: StoreLookup): Plan {
    const byName = new Map(installed.map((d) => [d.canonicalName, d]));
    const satisfied: SatisfiedItem[] = [];
    const fromCache: PlanItem[] = [];
    const toFetch: PlanItem[] = [];
    const toBuild: PlanItem[] = [];
    const reinstall: InstalledDistribution[] = [];
    for (const pin of pins) {
      const current = this.options.ignoreInstalled === true ? null : byName.get(pin.name) ?? null;
      if (current !== null && this.keeps(pin, current)) {
        satisfied.push({ pin, installed: current });
        continue;
      }
      if (pin.file === null) throw new Error(`pin ${pin.name} ${pin.version} has neither a file nor an installed distribution`);
      if (current !== null) reinstall.push(current);
      const storeKey = lookup(pin.file, pin);
      const item: PlanItem = { pin, replaces: current, storeKey };
      if (storeKey !== null) fromCache.push(item);
      else if (pin.file.isWheel) toFetch.push(item);
      else toBuild.push(item);
    }
    return { satisfied, fromCache, toFetch, toBuild, reinstall };
  }

  private keeps(pin: ResolvedPin, current: InstalledDistribution): boolean {
    if (pin.source === "installed") return this.options.forceReinstall !== true || pin.file === null;
    if (this.options.forceReinstall === true) return false;
    const reference = pin.file?.reference;
    if (reference !== undefined) return keepsTree(reference, pin.version, current);
    return sameVersion(pin.version, current.version) && !sourceChanged(pin, current);
  }
}

/** Every item the plan installs, in name order. */
export function planInstalls(plan: Plan): PlanItem[] {
  return [...plan.fromCache, ...plan.toFetch, ...plan.toBuild].sort((a, b) => (a.pin.name < b.pin.name ? -1 : a.pin.name > b.pin.name ? 1 : 0));
}

/** True when the plan changes nothing. */
export function planIsEmpty(plan: Plan): boolean {
  return plan.fromCache.length + plan.toFetch.length + plan.toBuild.length === 0;
}
