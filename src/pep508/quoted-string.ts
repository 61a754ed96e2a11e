/**
 * The value of a marker's quoted string, as packaging computes it with
 * `ast.literal_eval`: the token is a Python string literal, so backslash
 * escapes are decoded and malformed literals are rejected ("Invalid quoted
 * string" in packaging 26.4).
 *
 * Supported: \\ \' \" \a \b \f \n \r \t \v, octal \ooo, \xhh, \uXXXX,
 * \UXXXXXXXX, backslash-newline continuations, and unknown escapes kept
 * verbatim (Python only warns about those). Rejected: a raw line break or NUL
 * inside the literal, a literal whose closing quote is escaped, truncated
 * \x/\u/\U escapes, code points above U+10FFFF, and `\N{...}` (named
 * characters need Unicode's name table, which is not bundled; documented in
 * docs/pep508.md).
 */
const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
};

const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

function isOctal(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "7";
}

/** Decodes a hex escape at body[i] (the letter); returns [text, next index] or null. */
function decodeHex(body: string, i: number): [string, number] | null {
  const length = HEX_LENGTH[body[i]!]!;
  const digits = body.slice(i + 1, i + 1 + length);
  if (digits.length !== length || !/^[0-9a-fA-F]+$/.test(digits)) return null;
  const cp = parseInt(digits, 16);
  if (cp > 0x10ffff) return null;
  return [String.fromCodePoint(cp), i + 1 + length];
}

function decodeOctal(body: string, i: number): [string, number] {
  let end = i;
  while (end < i + 3 && isOctal(body[end])) end++;
  return [String.fromCodePoint(parseInt(body.slice(i, end), 8)), end];
}

/** Decodes one escape whose letter is at body[i]; returns [text, next index] or null. */
function decodeEscape(body: string, i: number): [string, number] | null {
  const c = body[i];
  if (c === undefined || c === "\0") return null; // undefined: the backslash escapes the closing quote
  if (c === "\r") return ["", body[i + 1] === "\n" ? i + 2 : i + 1];
  if (c === "\n") return ["", i + 1];
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return [simple, i + 1];
  if (c in HEX_LENGTH) return decodeHex(body, i);
  if (isOctal(c)) return decodeOctal(body, i);
  if (c === "N") return null;
  return ["\\" + c, i + 1];
}

/**
 * The string value of a quoted-string token (quotes included), or null when
 * Python would reject the literal.
 */
export function decodeQuotedString(token: string): string | null {
  const body = token.slice(1, -1);
  if (!body.includes("\\")) return /[\r\n\0]/.test(body) ? null : body;
  let out = "";
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c === "\r" || c === "\n" || c === "\0") return null;
    if (c !== "\\") { out += c; i++; continue; }
    const decoded = decodeEscape(body, i + 1);
    if (decoded === null) return null;
    out += decoded[0];
    i = decoded[1];
  }
  return out;
}
