export { Version, InvalidVersion, parseVersion, compareVersions } from "./version.js";
export type { PreTag, VersionParts } from "./version.js";
export { Specifier, InvalidSpecifier } from "./specifier.js";
export type { ContainsOptions, FilterOptions, Operator } from "./specifier.js";
export { SpecifierSet } from "./specifier-set.js";
export { canonicalizeVersion } from "./canonicalize.js";
export type { CanonicalizeOptions } from "./canonicalize.js";
