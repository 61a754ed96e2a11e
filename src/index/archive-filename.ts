/**
 * What a distribution file name says: archive extension, project name,
 * version, and (for wheels) build tag and tags.
 *
 * The shape the index client works with, over `src/filenames` (packaging's
 * strict parsers and pip's `_find_name_version_sep`): parse failures become
 * null, versions stay as written in the file name.
 */
import {
  canonicalizeName, parseSdistFilename as strictSdist, parseWheelFilename as strictWheel, splitNameVersion,
  type NormalizedName,
} from "../filenames/index.js";

export { canonicalizeName, type NormalizedName };

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
  try {
    const wheel = strictWheel(filename);
    const version = filename.split("-")[1] as string;
    const buildTag: [number, string] | null = wheel.build.length === 2 ? [wheel.build[0], wheel.build[1]] : null;
    return { name: wheel.name, version, buildTag, tags: wheel.tags.map((tag) => String(tag).toLowerCase()) };
  } catch {
    return null;
  }
}

/**
 * pip's `_find_name_version_sep`: the version part of an sdist stem for a
 * known project, found at the first `-` whose prefix normalises to the
 * project name. Null when no prefix matches or the version is empty.
 */
export function versionFromStem(stem: string, project: string): string | null {
  return splitNameVersion(stem, canonicalizeName(project));
}

/** packaging's `parse_sdist_filename`: only `.tar.gz` and `.zip`, split at the last `-`. */
export function parseSdistFilename(filename: string): { name: NormalizedName; version: string } | null {
  try {
    const sdist = strictSdist(filename);
    const stem = filename.replace(/\.(tar\.gz|zip)$/i, "");
    return { name: sdist.name, version: stem.slice(stem.lastIndexOf("-") + 1) };
  } catch {
    return null;
  }
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
