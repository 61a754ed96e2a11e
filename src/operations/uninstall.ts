/**
 * `pip-accel uninstall`: remove installed distributions by their RECORD.
 * Every removal is staged first and committed only when it fully succeeded,
 * so a failure leaves the distribution as it was.
 */
import { canonicalizeName } from "../filenames/index.js";
import { uninstallDistribution } from "../installer/uninstall.js";
import type { InstalledDistribution } from "../installer/environment.js";
import type { TargetEnvironment } from "./environment.js";

export interface UninstallReporter {
  /** Before removing: the distribution and the files that will go. */
  onUninstallStart?(dist: { name: string; version: string }): void;
  onUninstalled?(dist: { name: string; version: string }, removed: number): void;
  /** A name that is not installed (pip warns and goes on). */
  onNotInstalled?(name: string): void;
}

export interface UninstallPlanItem {
  dist: InstalledDistribution;
}

/** Finds the distributions for `names`; names not installed are returned separately. */
export function planUninstall(environment: TargetEnvironment, names: string[]): { found: InstalledDistribution[]; missing: string[] } {
  const byName = new Map(environment.installed().map((d) => [d.canonicalName, d]));
  const found: InstalledDistribution[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const key = canonicalizeName(name);
    const dist = byName.get(key);
    if (dist === undefined) missing.push(name);
    else if (!seen.has(key)) {
      seen.add(key);
      found.push(dist);
    }
  }
  return { found, missing };
}

/** Removes `dists` one by one (each staged, then committed). */
export function removeDistributions(environment: TargetEnvironment, dists: InstalledDistribution[], reporter: UninstallReporter = {}): number {
  const scripts = environment.schemeFor("UNKNOWN").scripts;
  let count = 0;
  for (const dist of dists) {
    reporter.onUninstallStart?.(dist);
    const staged = uninstallDistribution(dist, { scriptsDir: scripts });
    reporter.onUninstalled?.(dist, staged.removed.length);
    count++;
  }
  return count;
}
