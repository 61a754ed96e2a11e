/**
 * specifier.* records: parsing and normalization, contains, filter.
 * `{"$version": "..."}` items are passed as parsed Version objects; null flags are omitted.
 */
import type { Checks } from "./types.js";
import { isVersionObject, sameJson } from "./types.js";
import { InvalidSpecifier, Specifier, SpecifierSet, Version } from "../../src/pep440/index.js";

type Item = string | { $version: string };

function build(cls: string, spec: string, prereleases: boolean | null): Specifier | SpecifierSet {
  return cls === "Specifier" ? Specifier.parse(spec, prereleases) : SpecifierSet.parse(spec, prereleases);
}

function decode(item: Item): string | Version {
  return isVersionObject(item) ? Version.parse(item.$version) : item;
}

function encode(item: string | Version): Item {
  return typeof item === "string" ? item : { $version: item.toString() };
}

function parseCheck(record: Record<string, unknown>): string | null {
  let parsed: Specifier | SpecifierSet;
  try {
    parsed = build(record.cls as string, record.input as string, null);
  } catch (error) {
    if (!(error instanceof InvalidSpecifier)) throw error;
    return record.valid ? `rejected: ${error.message}` : null;
  }
  if (!record.valid) return `accepted as ${parsed.toString()}`;
  const got: Record<string, unknown> = { normalized: parsed.toString(), prereleases: parsed.prereleases };
  if (parsed instanceof Specifier) Object.assign(got, { operator: parsed.operator, version: parsed.version });
  for (const [key, value] of Object.entries(got)) {
    if (!sameJson(value, record[key])) return `${key}: expected ${JSON.stringify(record[key])}, got ${JSON.stringify(value)}`;
  }
  return null;
}

export const checks: Checks = {
  "specifier.parse": parseCheck,
  "specifier.contains": (r: { cls: string; spec: string; spec_prereleases: boolean | null; item: Item; prereleases: boolean | null; installed: boolean | null; expected: boolean }) => {
    const got = build(r.cls, r.spec, r.spec_prereleases).contains(decode(r.item), { prereleases: r.prereleases, installed: r.installed });
    return got === r.expected ? null : `expected ${r.expected}, got ${got}`;
  },
  "specifier.filter": (r: { cls: string; spec: string; spec_prereleases: boolean | null; prereleases: boolean | null; input: Item[]; expected: Item[] }) => {
    const got = build(r.cls, r.spec, r.spec_prereleases).filter(r.input.map(decode), { prereleases: r.prereleases }).map(encode);
    return sameJson(got, r.expected) ? null : `expected ${JSON.stringify(r.expected)}, got ${JSON.stringify(got)}`;
  },
};
