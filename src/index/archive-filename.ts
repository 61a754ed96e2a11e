/**
 * What a distribution file name says: archive extension, project name,
 * version, and (for wheels) build tag and tags.
 *
 * This is the small subset of `src/filenames` (owned by the standards work)
 * that the index client needs; it follows packaging's strict rules and pip's
 * `_find_name_version_sep`, and will delegate to `src/filenames` once that
 * lands.
 */
export type NormalizedName = string & { readonly __normalizedName: true };

/** PEP 503 normalisation: runs of `-`, `_`, `.` become one `-`, lower case. */
export function canonicalizeName(name: string): NormalizedName {
  return name.replace(/[-_.]+/g, "-").toLowerCase() as NormalizedName;
}

/** pip's supported archive list (with bz2 and lzma available). */
export const ARCHIVE_EXTENSIONS = [
  ".zip", ".whl", ".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tlz", ".tar.lz", ".tar.lzma",
] as const;

/** Splits a file name into stem and extension, treating `.tar.*` as one extension. */
export function splitExtension(filename: string): [string, string] {
  const tar = /\.tar(\.[^.]+)?$/i.exec(filename);
  if (tar) return [filename.slice(0, tar.index), filename.slice(tar.index)];
  const dot = filename.lastIndexOf(".");
  if (dot <= 0) return [filename, ""];
  return [filename.slice(0, dot), filename.slice(dot)];
}

export function isArchiveExtension(extension: string): boolean {
  return (ARCHIVE_EXTENSIONS as readonly string[]).includes(extension.toLowerCase());
}

export interface WheelFilename {
  name: NormalizedName;
  version: string;
  /** `[number, rest]` from the optional build tag, else null. */
  buildTag: [number, string] | null;
  /** Every `python-abi-platform` tag the compressed tag set expands to. */
  tags: string[];
}

/** packaging's strict `parse_wheel_filename`; null when the name is invalid. */
export function parseWheelFilename(filename: string): WheelFilename | null {
  if (!filename.toLowerCase().endsWith(".whl")) return null;
  const parts = filename.slice(0, -4).split("-");
  if (parts.length !== 5 && parts.length !== 6) return null;
  const [name, version] = parts as [string, string];
  if (!/^[\w.]+$/u.test(name) || version === "") return null;
  let buildTag: [number, string] | null = null;
  if (parts.length === 6) {
    const match = /^(\d+)(.*)$/.exec(parts[2] as string);
    if (!match) return null;
    buildTag = [Number(match[1]), match[2] as string];
  }
  const [python, abi, platform] = parts.slice(-3) as [string, string, string];
  const tags: string[] = [];
  for (const p of python.split(".")) {
    for (const a of abi.split(".")) {
      for (const plat of platform.split(".")) tags.push(`${p}-${a}-${plat}`.toLowerCase());
    }
  }
  return { name: canonicalizeName(name), version, buildTag, tags };
}

/**
 * pip's `_find_name_version_sep`: the version part of an sdist stem for a
 * known project, found at the first `-` whose prefix normalises to the
 * project name. Null when no prefix matches or the version is empty.
 */
export function versionFromStem(stem: string, project: string): string | null {
  const canonical = canonicalizeName(project);
  for (let i = stem.indexOf("-"); i !== -1; i = stem.indexOf("-", i + 1)) {
    if (canonicalizeName(stem.slice(0, i)) === canonical) {
      const version = stem.slice(i + 1);
      return version === "" ? null : version;
    }
  }
  return null;
}

/** packaging's `parse_sdist_filename`: only `.tar.gz` and `.zip`, split at the last `-`. */
export function parseSdistFilename(filename: string): { name: NormalizedName; version: string } | null {
  const lower = filename.toLowerCase();
  const extension = lower.endsWith(".tar.gz") ? ".tar.gz" : lower.endsWith(".zip") ? ".zip" : null;
  if (!extension) return null;
  const stem = filename.slice(0, -extension.length);
  const dash = stem.lastIndexOf("-");
  if (dash <= 0 || dash === stem.length - 1) return null;
  return { name: canonicalizeName(stem.slice(0, dash)), version: stem.slice(dash + 1) };
}

/** The project a distribution file belongs to, by the strict parsers (find-links directories, the source index). */
export function projectOfFilename(filename: string): NormalizedName | null {
  return (parseWheelFilename(filename) ?? parseSdistFilename(filename))?.name ?? null;
}

/**
 * The project of any archive whose name looks like `name-version.ext`,
 * including legacy `.tgz`/`.tar.bz2` sdists (split at the last `-` before a digit).
 */
export function looseProjectOfFilename(filename: string): NormalizedName | null {
  const strict = projectOfFilename(filename);
  if (strict) return strict;
  const [stem, extension] = splitExtension(filename);
  if (!isArchiveExtension(extension)) return null;
  const match = /^(.+?)-\d/.exec(stem);
  return match ? canonicalizeName(match[1] as string) : null;
}
