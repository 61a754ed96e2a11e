/**
 * Runs every record of a vectors file (the schema of ../shared/vectors/README.md)
 * through the category checks and counts passes and failures per record path.
 */
import type { Check, Checks, Meta } from "./types.js";
import { checks as versionChecks } from "./checks-version.js";
import { checks as specifierChecks } from "./checks-specifier.js";
import { checks as markerChecks } from "./checks-marker.js";
import { checks as requirementChecks } from "./checks-requirement.js";
import { checks as utilsChecks } from "./checks-utils.js";
import { checks as tagsChecks } from "./checks-tags.js";

const allChecks: Checks = {
  ...versionChecks, ...specifierChecks, ...markerChecks, ...requirementChecks, ...utilsChecks, ...tagsChecks,
};

export interface Failure { path: string; index: number; record: unknown; reason: string }
export interface CategoryCount { path: string; passed: number; failed: number }
export interface ConformanceResult { categories: CategoryCount[]; failures: Failure[]; passed: number; failed: number }

/** Each list in the file, with its dotted path: "version.valid", "utils", ... */
function* recordLists(data: Record<string, unknown>): Generator<[string, unknown[]]> {
  for (const [key, value] of Object.entries(data)) {
    if (key === "meta") continue;
    if (Array.isArray(value)) { yield [key, value]; continue; }
    if (value && typeof value === "object") {
      for (const [sub, list] of Object.entries(value)) {
        if (Array.isArray(list)) yield [`${key}.${sub}`, list];
      }
    }
  }
}

export function runConformance(data: Record<string, unknown>): ConformanceResult {
  const meta = (data.meta ?? {}) as Meta;
  const categories: CategoryCount[] = [];
  const failures: Failure[] = [];
  for (const [path, list] of recordLists(data)) {
    const check: Check | undefined = allChecks[path];
    const count: CategoryCount = { path, passed: 0, failed: 0 };
    list.forEach((record, index) => {
      let reason: string | null;
      if (!check) reason = `no check for record path '${path}'`;
      else {
        try { reason = check(record, { index, list, meta }); }
        catch (error) { reason = `threw: ${(error as Error).message}`; }
      }
      if (reason === null) count.passed++;
      else { count.failed++; failures.push({ path, index, record, reason }); }
    });
    categories.push(count);
  }
  const passed = categories.reduce((n, c) => n + c.passed, 0);
  const failed = categories.reduce((n, c) => n + c.failed, 0);
  return { categories, failures, passed, failed };
}
