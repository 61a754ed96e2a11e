/**
 * The text grammar of one specifier clause, ported from packaging's
 * `Specifier._regex`: which operator may carry which kind of version.
 *
 * - `===` takes any string without whitespace, `;` or `)` (even an empty one);
 * - `==`/`!=` take a full version with local segment, or a release prefix `1.2.*`;
 * - `~=` takes a version without local segment and with at least two release numbers;
 * - `<=`, `>=`, `<`, `>` take a version without local segment or wildcard.
 *
 * Case-insensitive for ASCII letters only (no `u` flag: `ı` and `ſ` do not
 * match `i` and `s`, as packaging 26.4 decided).
 */
import { PY_SPACE } from "./version.js";

const S = `[${PY_SPACE}]*`;
const PRE = "(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?";
const POST = "(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?";
const DEV = "(?:[-_.]?dev[-_.]?[0-9]*)?";
const LOCAL = "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?";
const EPOCH = "(?:[0-9]+!)?";

const ARBITRARY = `===${S}[^${PY_SPACE};)]*`;
const EQUALITY = `(?:==|!=)${S}v?${EPOCH}[0-9]+(?:\\.[0-9]+)*(?:\\.\\*|${PRE}${POST}${DEV}${LOCAL})`;
const COMPATIBLE = `~=${S}v?${EPOCH}[0-9]+(?:\\.[0-9]+)+${PRE}${POST}${DEV}`;
const ORDERED = `(?:<=|>=|<|>)${S}v?${EPOCH}[0-9]+(?:\\.[0-9]+)*${PRE}${POST}${DEV}`;

const CLAUSE_RE = new RegExp(`^${S}(?:${ARBITRARY}|${EQUALITY}|${COMPATIBLE}|${ORDERED})${S}$`, "i");
const STRIP_START = new RegExp(`^[${PY_SPACE}]+`);
const STRIP_END = new RegExp(`[${PY_SPACE}]+$`);

export type Operator = "~=" | "==" | "!=" | "<=" | ">=" | "<" | ">" | "===";

/** Python's `str.strip()` (its whitespace set differs a little from JS `trim`). */
export function pyStrip(text: string): string {
  return text.replace(STRIP_START, "").replace(STRIP_END, "");
}

/** Splits a clause into operator and version text, or returns null when it is not valid. */
export function splitClause(text: string): { operator: Operator; version: string } | null {
  if (!CLAUSE_RE.test(text)) return null;
  const spec = pyStrip(text);
  const width = spec.startsWith("===") ? 3 : /^(?:~=|==|!=|<=|>=)/.test(spec) ? 2 : 1;
  return { operator: spec.slice(0, width) as Operator, version: pyStrip(spec.slice(width)) };
}

const PREFIX_RE = /^([0-9]+)((?:a|b|c|rc)[0-9]+)$/;

/** packaging's `_version_split`: epoch, then dot-separated pieces, `1rc2` split in two. */
export function versionSplit(version: string): string[] {
  const bang = version.lastIndexOf("!");
  const result = [bang < 0 ? "0" : version.slice(0, bang) || "0"];
  for (const item of version.slice(bang + 1).split(".")) {
    const m = PREFIX_RE.exec(item);
    if (m) result.push(m[1]!, m[2]!);
    else result.push(item);
  }
  return result;
}

function isSuffix(segment: string): boolean {
  return ["dev", "a", "b", "rc", "post"].some((prefix) => segment.startsWith(prefix));
}

/**
 * The prefix `~=V` requires, as packaging computes it from the spec's text:
 * drop suffix pieces, then the last release number (`2.2.post3` -> `0!2`).
 */
export function compatiblePrefix(version: string): string {
  const pieces: string[] = [];
  for (const piece of versionSplit(version)) {
    if (isSuffix(piece)) break;
    pieces.push(piece);
  }
  const [epoch, ...rest] = pieces.slice(0, -1);
  return `${epoch ?? ""}!${rest.join(".")}`;
}

/** Count of leading all-digit pieces. */
export function numericPrefixLength(split: readonly string[]): number {
  let count = 0;
  while (count < split.length && /^[0-9]+$/.test(split[count]!)) count++;
  return count;
}
