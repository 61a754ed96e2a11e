/**
 * version.* records: ordering, equivalence classes, parsed fields, rejects.
 */
import type { Checks } from "./types.js";
import { sameJson } from "./types.js";
import { InvalidVersion, Version, parseVersion } from "../../src/pep440/index.js";

function orderReason(a: string, b: string, wanted: "<" | "="): string | null {
  const order = Version.parse(a).compare(Version.parse(b));
  const ok = wanted === "<" ? order < 0 : order === 0;
  return ok ? null : `expected ${a} ${wanted} ${b}, compare gave ${order}`;
}

function fields(v: Version): Record<string, unknown> {
  return {
    normalized: v.toString(), public: v.public, base_version: v.baseVersion, epoch: v.epoch,
    release: v.release, pre: v.pre, post: v.post, dev: v.dev, local: v.local,
    is_prerelease: v.isPrerelease, is_postrelease: v.isPostrelease, is_devrelease: v.isDevrelease,
    major: v.major, minor: v.minor, micro: v.micro,
  };
}

export const checks: Checks = {
  "version.ordered": (record: string, { index, list }) => {
    for (let j = index + 1; j < list.length; j++) {
      const reason = orderReason(record, list[j] as string, "<");
      if (reason) return reason;
    }
    return null;
  },
  "version.sorted_equivalence_classes": (record: string[], { index, list }) => {
    for (const other of record) {
      const reason = orderReason(record[0]!, other, "=");
      if (reason) return reason;
    }
    const next = list[index + 1] as string[] | undefined;
    return next ? orderReason(record[record.length - 1]!, next[0]!, "<") : null;
  },
  "version.valid": (record: Record<string, unknown>) => {
    const got = fields(Version.parse(record.input as string));
    for (const [key, value] of Object.entries(got)) {
      if (key in record && !sameJson(value, record[key])) {
        return `${key}: expected ${JSON.stringify(record[key])}, got ${JSON.stringify(value)}`;
      }
    }
    return null;
  },
  "version.invalid": (record: string) => {
    if (parseVersion(record) !== null) return `parsed as ${parseVersion(record)!.toString()}`;
    try {
      Version.parse(record);
      return "Version.parse did not throw";
    } catch (error) {
      return error instanceof InvalidVersion && error.input === record ? null : `wrong error: ${String(error)}`;
    }
  },
};
