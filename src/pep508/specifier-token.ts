/**
 * The version-specifier token of PEP 508 requirements, as packaging's
 * `Specifier._specifier_regex_str` defines it (VERBOSE | IGNORECASE).
 *
 * Translation notes (Python `re` to JavaScript):
 * - Python's `\s` on str is Unicode whitespace including \x1c-\x1f and \x85,
 *   spelled out below because JavaScript's `\s` differs.
 * - The regex is case-insensitive but the letters it names are ASCII only:
 *   JavaScript's `i` flag without `u` never folds a non-ASCII character onto
 *   an ASCII letter, which matches packaging's `(?a:...)` groups.
 * - No nested unbounded quantifiers: matching is linear.
 */
const WS_CHARS = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
/** Python's `\s` (Unicode whitespace). */
export const PY_WS = `[${WS_CHARS}]`;

const EPOCH = "(?:[0-9]+!)?";
const PRE = "(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?";
const POST = "(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?";
const DEV = "(?:[-_.]?dev[-_.]?[0-9]*)?";
const LOCAL = "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?";

const ARBITRARY = `===${PY_WS}*[^${WS_CHARS};)]*`;
const EQUALITY = `(?:==|!=)${PY_WS}*v?${EPOCH}[0-9]+(?:\\.[0-9]+)*(?:\\.\\*|${PRE}${POST}${DEV}${LOCAL})?`;
const COMPATIBLE = `~=${PY_WS}*v?${EPOCH}[0-9]+(?:\\.[0-9]+)+${PRE}${POST}${DEV}`;
const ORDERED = `(?:<=|>=|<|>)${PY_WS}*v?${EPOCH}[0-9]+(?:\\.[0-9]+)*${PRE}${POST}${DEV}`;

const SPECIFIER = `(?:${ARBITRARY}|${EQUALITY}|${COMPATIBLE}|${ORDERED})`;

/** Sticky: set `lastIndex` to the position, then `exec`. */
export const SPECIFIER_TOKEN = new RegExp(SPECIFIER, "iy");

const SPECIFIER_FULL = new RegExp(`^${PY_WS}*${SPECIFIER}${PY_WS}*$`, "i");

/** True when `text` is one valid specifier clause (packaging's `Specifier(text)` accepts it). */
export function isValidSpecifierClause(text: string): boolean {
  return SPECIFIER_FULL.test(text);
}

const PY_WS_EDGES = new RegExp(`^${PY_WS}+|${PY_WS}+$`, "g");

/** Python's `str.strip()`. */
export function pyStrip(text: string): string {
  return text.replace(PY_WS_EDGES, "");
}
