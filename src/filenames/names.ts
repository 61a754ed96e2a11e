/**
 * Project names and versions in their canonical forms (packaging.utils 26.4:
 * `canonicalize_name`, `is_normalized_name`, `canonicalize_version`).
 */
import { Version } from "../pep440/index.js";
import { AccelError } from "../report/errors.js";

declare const normalizedNameBrand: unique symbol;
/** A name that went through `canonicalizeName` (PEP 503): lower case, runs of `-_.` as one `-`. */
export type NormalizedName = string & { readonly [normalizedNameBrand]: true };

/** A name that is not a valid distribution name (packaging's `InvalidName`). */
export class InvalidName extends AccelError {
  constructor(input: string) {
    super("invalid-name", `Invalid project name: ${JSON.stringify(input)}`, {
      input,
      hint: "A name is ASCII letters, digits, '.', '_' and '-', and starts and ends with a letter or digit.",
    });
    this.name = "InvalidName";
  }
}

/** The core metadata rule for `Name` (case-insensitive, ASCII). */
const VALID_NAME = /^(?:[a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9])$/i;
/**
 * A name already in canonical form: alphanumeric runs joined by single hyphens. (packaging's
 * older `[a-z0-9]([a-z0-9-](?!--))*[a-z0-9]` let `a--b` through; pypa/packaging#1230.)
 */
const NORMALIZED_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** True when `name` is a valid distribution name (what `validate: true` checks). */
export function isValidName(name: string): boolean {
  return VALID_NAME.test(name);
}

/**
 * PEP 503 normalisation: lower case, every run of `-`, `_` and `.` becomes one `-`.
 * With `validate`, throws `InvalidName` for a name that is not a valid distribution name.
 */
export function canonicalizeName(name: string, options: { validate?: boolean } = {}): NormalizedName {
  if (options.validate && !VALID_NAME.test(name)) throw new InvalidName(name);
  return name.toLowerCase().replace(/[-_.]+/g, "-") as NormalizedName;
}

/** True when `canonicalizeName` would return the name unchanged (and it is valid). */
export function isNormalizedName(name: string): name is NormalizedName {
  return NORMALIZED_NAME.test(name);
}

/**
 * The canonical text of a version: normalized, and by default with trailing
 * zeros of the release removed (`1.4.0` -> `1.4`, `1.0` -> `1`). A string that
 * is not a valid version is returned unchanged.
 */
export function canonicalizeVersion(version: Version | string, options: { stripTrailingZero?: boolean } = {}): string {
  let parsed: Version;
  if (typeof version === "string") {
    try { parsed = Version.parse(version); } catch { return version; }
  } else {
    parsed = version;
  }
  const text = parsed.toString();
  if (options.stripTrailingZero === false) return text;
  const epoch = parsed.epoch ? `${parsed.epoch}!` : "";
  const releaseText = epoch + parsed.release.join(".");
  const release = [...parsed.release];
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  return epoch + release.join(".") + text.slice(releaseText.length);
}

/** The `.dist-info` directory of a distribution: name and version escaped with `_` (binary distribution format). */
export function distInfoName(name: string, version: string): string {
  return `${name.toLowerCase().replace(/[-_.]+/g, "_")}-${version.replace(/-/g, "_")}.dist-info`;
}
