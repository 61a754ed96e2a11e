/**
 * Source distribution filenames: the strict modern form
 * (`{name}-{version}.tar.gz` or `.zip`, packaging.utils 26.4
 * `parse_sdist_filename`) and the reverse.
 *
 * Legacy names (`foo-bar-1.0-py2.7.tar.gz`, other archive types) are read by
 * pip with `splitNameVersion` in `legacy-sdist.ts` instead.
 */
import { Version } from "../pep440/index.js";
import { AccelError } from "../report/errors.js";
import { canonicalizeName } from "./names.js";
import type { NormalizedName } from "./names.js";

export interface SdistFilename {
  name: NormalizedName;
  version: Version;
}

export class InvalidSdistFilename extends AccelError {
  constructor(input: string, detail: string, cause?: unknown) {
    super("invalid-sdist-filename", `Invalid sdist filename (${detail}): '${input}'`, {
      input,
      cause,
      hint: "An sdist is named {name}-{version}.tar.gz (or .zip).",
    });
    this.name = "InvalidSdistFilename";
  }
}

const SDIST_EXTENSIONS = [".tar.gz", ".zip"] as const;

/**
 * Parses `{name}-{version}.tar.gz` / `.zip`, splitting at the last `-` (a PEP 440
 * version has none). Throws `InvalidSdistFilename` for another extension, no
 * `-`, an empty name, or an invalid version.
 */
export function parseSdistFilename(filename: string): SdistFilename {
  const extension = SDIST_EXTENSIONS.find((ext) => filename.endsWith(ext));
  if (!extension) throw new InvalidSdistFilename(filename, "extension must be '.tar.gz' or '.zip'");
  const stem = filename.slice(0, -extension.length);
  const dash = stem.lastIndexOf("-");
  if (dash < 0) throw new InvalidSdistFilename(filename, "no '-' between name and version");
  const namePart = stem.slice(0, dash);
  if (namePart === "") throw new InvalidSdistFilename(filename, "empty project name");
  let version: Version;
  try {
    version = Version.parse(stem.slice(dash + 1));
  } catch (error) {
    throw new InvalidSdistFilename(filename, "invalid version", error);
  }
  return { name: canonicalizeName(namePart), version };
}

/** Builds `{name}-{version}.tar.gz` with the name normalized and escaped (`foo-bar` -> `foo_bar`). */
export function formatSdistFilename(name: string, version: Version | string): string {
  return `${canonicalizeName(name).replace(/-/g, "_")}-${version.toString()}.tar.gz`;
}
