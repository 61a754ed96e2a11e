/**
 * Runs every record of a vectors file (the schema of ../shared/vectors/README.md)
 * through the category checks and counts passes and failures per record path.
 *
 * Works for any file of that schema: a list at any depth is a category named by
 * its dotted path ("version.valid", "utils"); a path without a check, a record
 * a check does not understand, and a check that throws are all counted as
 * failures, never a crash. Keys other than lists (and `meta`) are ignored.
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

/** The record paths this build has checks for. */
export function knownRecordPaths(): string[] {
  return Object.keys(allChecks).sort();
}

/** Each list in the file, with its dotted path: "version.valid", "utils", ... (depth-first, in file order). */
function* recordLists(value: unknown, prefix: string): Generator<[string, unknown[]]> {
  if (Array.isArray(value)) { yield [prefix, value]; return; }
  if (value === null || typeof value !== "object") return;
  for (const [key, child] of Object.entries(value)) {
    if (prefix === "" && key === "meta") continue;
    yield* recordLists(child, prefix === "" ? key : `${prefix}.${key}`);
  }
}

function runOne(check: Check | undefined, path: string, record: unknown, context: Parameters<Check>[1]): string | null {
  if (!check) return `no check for record path '${path}'`;
  try {
    const reason = check(record, context);
    return reason === null || typeof reason === "string" ? reason : `check returned ${String(reason)}`;
  } catch (error) {
    return `threw: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
}

export function runConformance(data: Record<string, unknown>, checks: Checks = allChecks): ConformanceResult {
  const rawMeta = data.meta;
  const meta = (rawMeta && typeof rawMeta === "object" && !Array.isArray(rawMeta) ? rawMeta : {}) as Meta;
  const categories: CategoryCount[] = [];
  const failures: Failure[] = [];
  for (const [path, list] of recordLists(data, "")) {
    const check: Check | undefined = Object.hasOwn(checks, path) ? checks[path] : undefined;
    const count: CategoryCount = { path, passed: 0, failed: 0 };
    list.forEach((record, index) => {
      const reason = runOne(check, path, record, { index, list, meta });
      if (reason === null) count.passed++;
      else { count.failed++; failures.push({ path, index, record, reason }); }
    });
    categories.push(count);
  }
  const passed = categories.reduce((n, c) => n + c.passed, 0);
  const failed = categories.reduce((n, c) => n + c.failed, 0);
  return { categories, failures, passed, failed };
}
