/**
 * How pip reads a link's filename when it is not a wheel (pip's
 * `utils/filetypes.py`, `utils/misc.splitext`, `index/package_finder.py`
 * `_find_name_version_sep` / `_extract_version_from_fragment` and the
 * `-pyX.Y` suffix rule; see pip-behaviour.md §3.4 steps 2, 6 and 7).
 */
import { canonicalizeName } from "./names.js";

export const WHEEL_EXTENSION = ".whl";
/** Archive extensions pip accepts (with bz2 and lzma support, as Node has both via `tar`). */
export const ARCHIVE_EXTENSIONS: readonly string[] = [
  ".zip", ".whl", ".tar.gz", ".tgz", ".tar",
  ".tar.bz2", ".tbz",
  ".tar.xz", ".txz", ".tlz", ".tar.lz", ".tar.lzma",
];

export interface SplitFilename {
  /** The filename without its extension. */
  stem: string;
  /** The extension with its dot, `.tar.*` counted as one (`.tar.gz`); `""` when none. */
  extension: string;
}

/** Python's `posixpath.splitext`: the last dot, ignoring leading dots of the name. */
function splitLastExtension(filename: string): SplitFilename {
  const dot = filename.lastIndexOf(".");
  const firstNonDot = filename.search(/[^.]/);
  if (dot <= 0 || firstNonDot < 0 || dot < firstNonDot) return { stem: filename, extension: "" };
  return { stem: filename.slice(0, dot), extension: filename.slice(dot) };
}

/**
 * Splits a filename into stem and extension the way pip does: like
 * `splitext`, but `x.tar.gz` -> (`x`, `.tar.gz`). Case is kept, as in pip.
 */
export function splitArchiveExtension(filename: string): SplitFilename {
  const { stem, extension } = splitLastExtension(filename);
  if (stem.toLowerCase().endsWith(".tar")) return { stem: stem.slice(0, -4), extension: stem.slice(-4) + extension };
  return { stem, extension };
}

/** True for an extension in `ARCHIVE_EXTENSIONS` (case-sensitive, as pip compares). */
export function isArchiveExtension(extension: string): boolean {
  return ARCHIVE_EXTENSIONS.includes(extension);
}

/**
 * pip's `_find_name_version_sep` + `_extract_version_from_fragment`: scans each
 * `-` from the left and takes the first one where the text before it
 * canonicalizes to the project's name; returns the rest (the version text), or
 * null when no `-` fits or the rest is empty.
 *
 *   splitNameVersion("zope.interface-4.5.0", "zope-interface") -> "4.5.0"
 *   splitNameVersion("foo-2-2", "foo")                         -> "2-2"
 */
export function splitNameVersion(stem: string, canonicalProject: string): string | null {
  for (let i = stem.indexOf("-"); i >= 0; i = stem.indexOf("-", i + 1)) {
    if (canonicalizeName(stem.slice(0, i)) === canonicalProject) {
      const version = stem.slice(i + 1);
      return version === "" ? null : version;
    }
  }
  return null;
}

/** pip's `_py_version_re`: a legacy `-py2.7` / `-py3` suffix (one-digit minor only). */
const PY_VERSION_SUFFIX = /-py([123]\.?[0-9]?)$/;

/**
 * Cuts a legacy `-pyX.Y` suffix off a version text:
 * `1.0-py2.7` -> {version: "1.0", pyVersion: "2.7"}. `1.0-py3.11` is left as is
 * (pip only knows one-digit minors; the version is then invalid).
 */
export function stripPythonSuffix(version: string): { version: string; pyVersion: string | null } {
  const m = PY_VERSION_SUFFIX.exec(version);
  if (!m) return { version, pyVersion: null };
  return { version: version.slice(0, m.index), pyVersion: m[1]! };
}

/** The result of reading a legacy (non-wheel) filename stem for a project. */
export type LegacyNameVersion =
  | { kind: "ok"; version: string }
  | { kind: "missing-version" }
  | { kind: "python-mismatch"; version: string; pyVersion: string };

/**
 * pip's steps 6–7 for sdists and other archives: find the version after the
 * project name, then cut a `-pyX.Y` suffix, which must equal the target's
 * `pyVersion` (`"3.11"`, as pip's `TargetPython.py_version`). The version
 * text is not validated here: an invalid PEP 440 version drops the link later.
 */
export function readLegacyNameVersion(stem: string, canonicalProject: string, targetPyVersion: string): LegacyNameVersion {
  const found = splitNameVersion(stem, canonicalProject);
  if (found === null) return { kind: "missing-version" };
  const { version, pyVersion } = stripPythonSuffix(found);
  if (pyVersion !== null && pyVersion !== targetPyVersion) return { kind: "python-mismatch", version, pyVersion };
  return { kind: "ok", version };
}
