/**
 * packaging's `canonicalize_version`: the normalized form of a version, by
 * default with trailing zeros of the release dropped (`1.0.0` -> `1`), as
 * PEP 625 sdist names and specifier equality use it. Invalid input is
 * returned unchanged.
 */
import { parseVersion, type Version } from "./version.js";

export interface CanonicalizeOptions {
  /** Drop trailing `.0` release numbers (keeping at least one). Default true. */
  stripTrailingZero?: boolean;
}

export function canonicalizeVersion(version: Version | string, options: CanonicalizeOptions = {}): string {
  const parsed = typeof version === "string" ? parseVersion(version) : version;
  if (parsed === null) return version as string;
  if (options.stripTrailingZero === false) return parsed.toString();
  let end = parsed.release.length;
  while (end > 1 && parsed.release[end - 1] === 0) end--;
  if (end === parsed.release.length) return parsed.toString();
  return parsed.replace({ release: parsed.release.slice(0, end) }).toString();
}
