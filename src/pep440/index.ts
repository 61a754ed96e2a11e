export { Version, InvalidVersion, parseVersion, compareVersions } from "./version.js";
export type { PreTag } from "./version.js";
export { Specifier, SpecifierSet, InvalidSpecifier } from "./specifier.js";
export type { ContainsOptions } from "./specifier.js";
