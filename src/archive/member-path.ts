/**
 * Rules for member names inside untrusted archives, and containment checks
 * for paths written on disk. Shared by the ZIP reader, the binary-tarball
 * reader, the sdist unpacker and the installer.
 */
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { UnsafeArchiveError } from "./errors.js";

/**
 * Throws unless `name` is a safe relative archive path: `/`-separated, no
 * leading `/`, no drive letter, no backslash or NUL or control character, no
 * empty, `.` or `..` segments. A single trailing `/` (directory entry) is allowed.
 */
export function checkMemberName(name: string, archive: string): void {
  const body = name.endsWith("/") ? name.slice(0, -1) : name;
  const reason = memberNameProblem(body);
  if (reason !== null) {
    throw new UnsafeArchiveError(`${archive}: refusing member ${JSON.stringify(name)}: ${reason}`);
  }
}

function memberNameProblem(body: string): string | null {
  if (body === "") return "empty name";
  if (/[\u0000-\u001f]/.test(body)) return "control character in name";
  if (body.includes("\ufffd")) return "name is not valid UTF-8";
  if (body.includes("\\")) return "backslash in name";
  if (body.startsWith("/")) return "absolute path";
  if (/^[A-Za-z]:/.test(body)) return "drive letter";
  for (const part of body.split("/")) {
    if (part === "") return "empty path segment";
    if (part === "." || part === "..") return "'.' or '..' segment";
  }
  return null;
}

/** Joins `relPath` (archive-style, `/`-separated) onto `dir`, refusing anything that lands outside `dir`. */
export function containedJoin(dir: string, relPath: string): string {
  // The common case, a plain relative path onto an absolute directory, needs no resolve/relative round trip.
  if (isAbsolute(dir) && plainRelative(relPath)) return join(dir, relPath);
  const full = resolve(dir, ...relPath.split("/"));
  if (!isInside(dir, full)) {
    throw new UnsafeArchiveError(`refusing to write ${JSON.stringify(relPath)}: it resolves outside ${dir}`);
  }
  return full;
}

/** A `.` or `..` segment, a backslash or a control character. */
const UNPLAIN = /(?:^|\/)\.\.?(?:\/|$)|[\\\u0000-\u001f]/;

/** Relative and `/`-separated, with no `.`/`..` segment or trailing `/`: joined onto a directory, it stays inside and matches `resolve`. */
function plainRelative(path: string): boolean {
  return path !== "" && !path.startsWith("/") && !path.endsWith("/") && !UNPLAIN.test(path);
}

/** True when `path` is `dir` itself or below it (lexically). */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
}
