/**
 * The context-sensitive tokenizer behind PEP 508 requirements and markers.
 *
 * It mirrors `packaging._tokenizer`: the parser asks "is the next token an X?"
 * at the current position, and each token kind has its own matcher. Matchers
 * are hand-written scanners (the specifier token uses one precompiled sticky
 * regex without nested quantifiers), so parsing is linear in the input.
 *
 * Python's `re` semantics that matter and are reproduced here:
 * - `\b` word boundaries look at the character before the position too, with
 *   Unicode word characters (letters, numbers, underscore).
 * - `\s` is Python's Unicode whitespace (which includes \x1c-\x1f and \x85).
 * - END matches only at the very end (packaging 26.4 no longer accepts a
 *   trailing newline there).
 * Positions are UTF-16 indices; errors convert them to code-point columns.
 */
import { SPECIFIER_TOKEN } from "./specifier-token.js";

export type TokenName =
  | "LEFT_PARENTHESIS" | "RIGHT_PARENTHESIS" | "LEFT_BRACKET" | "RIGHT_BRACKET"
  | "SEMICOLON" | "COMMA" | "QUOTED_STRING" | "OP" | "BOOLOP" | "IN" | "NOT"
  | "VARIABLE" | "SPECIFIER" | "AT" | "URL" | "IDENTIFIER"
  | "VERSION_PREFIX_TRAIL" | "VERSION_LOCAL_LABEL_TRAIL" | "WS" | "END";

export interface Token { name: TokenName; text: string; position: number }

/**
 * A syntax error at [start, end) (UTF-16 indices); the parsers turn it into an
 * AccelError. Deliberately not an Error: it never escapes the parsers, and
 * skipping the stack capture keeps rejecting bad input cheap.
 */
export class SyntaxFailure {
  constructor(readonly message: string, readonly start: number, readonly end: number) {}
}

const SINGLE_CHAR: Partial<Record<TokenName, number>> = {
  LEFT_PARENTHESIS: 0x28, RIGHT_PARENTHESIS: 0x29, LEFT_BRACKET: 0x5b, RIGHT_BRACKET: 0x5d,
  SEMICOLON: 0x3b, COMMA: 0x2c, AT: 0x40,
};

const OPERATORS = ["===", "==", "~=", "!=", "<=", ">=", "<", ">"];

/** The marker variables packaging's VARIABLE rule accepts, in its alternation order. */
const VARIABLES = [
  "python_version", "python_full_version", "os.name", "os_name", "sys.platform", "sys_platform",
  "platform_release", "platform_system", "platform.version", "platform_version",
  "platform.machine", "platform_machine", "platform.python_implementation",
  "platform_python_implementation", "python_implementation", "implementation_name",
  "implementation_version", "extras", "extra", "dependency_groups",
];

const UNICODE_WORD = /[\p{L}\p{N}_]/u;

function isWordCodePoint(cp: number): boolean {
  if (cp < 0x80) {
    return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f;
  }
  return UNICODE_WORD.test(String.fromCodePoint(cp));
}

/** Python's `\w` for the character starting at index i (false past the end). */
export function isWordAt(s: string, i: number): boolean {
  if (i < 0 || i >= s.length) return false;
  return isWordCodePoint(s.codePointAt(i)!);
}

/** Python's `\w` for the character ending just before index i. */
export function isWordBefore(s: string, i: number): boolean {
  if (i <= 0) return false;
  const low = s.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = s.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return isWordCodePoint(s.codePointAt(i - 2)!);
  }
  return isWordCodePoint(s.codePointAt(i - 1)!);
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isIdentifierChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 0x2e || c === 0x5f || c === 0x2d;
}

/** `\b<word>\b` at position `at`: the length of word, or -1. */
function matchKeyword(s: string, at: number, word: string): number {
  if (isWordBefore(s, at) || !s.startsWith(word, at)) return -1;
  return isWordAt(s, at + word.length) ? -1 : word.length;
}

function matchRun(s: string, at: number, accept: (c: number) => boolean): number {
  let end = at;
  while (end < s.length && accept(s.charCodeAt(end))) end++;
  return end > at ? end - at : -1;
}

function matchQuoted(s: string, at: number): number {
  const quote = s.charCodeAt(at);
  if (quote !== 0x22 && quote !== 0x27) return -1;
  const close = s.indexOf(quote === 0x22 ? '"' : "'", at + 1);
  return close < 0 ? -1 : close + 1 - at;
}

/** `\b[a-zA-Z0-9][a-zA-Z0-9._-]*\b`, with the regex's backtracking onto a boundary. */
function matchIdentifier(s: string, at: number): number {
  if (at >= s.length || !isAsciiAlnum(s.charCodeAt(at)) || isWordBefore(s, at)) return -1;
  let end = at + 1;
  while (end < s.length && isIdentifierChar(s.charCodeAt(end))) end++;
  for (; end > at; end--) {
    if (isWordBefore(s, end) !== isWordAt(s, end)) return end - at;
  }
  return -1;
}

function matchVariable(s: string, at: number): number {
  for (const name of VARIABLES) {
    const length = matchKeyword(s, at, name);
    if (length > 0) return length;
  }
  return -1;
}

function matchSpecifier(s: string, at: number): number {
  SPECIFIER_TOKEN.lastIndex = at;
  const m = SPECIFIER_TOKEN.exec(s);
  return m ? m[0].length : -1;
}

function matchLocalLabelTrail(s: string, at: number): number {
  if (s.charCodeAt(at) !== 0x2b) return -1;
  const c = s.charCodeAt(at + 1);
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) ? 2 : -1;
}

/** The length of token `name` at `at` in `s`, or -1 when it does not match there. */
export function matchToken(s: string, at: number, name: TokenName): number {
  const single = SINGLE_CHAR[name];
  if (single !== undefined) return s.charCodeAt(at) === single ? 1 : -1;
  switch (name) {
    case "WS": return matchRun(s, at, (c) => c === 0x20 || c === 0x09);
    case "END": return at === s.length ? 0 : -1;
    case "QUOTED_STRING": return matchQuoted(s, at);
    case "OP": return OPERATORS.find((op) => s.startsWith(op, at))?.length ?? -1;
    case "BOOLOP": return Math.max(matchKeyword(s, at, "or"), matchKeyword(s, at, "and"));
    case "IN": return matchKeyword(s, at, "in");
    case "NOT": return matchKeyword(s, at, "not");
    case "VARIABLE": return matchVariable(s, at);
    case "SPECIFIER": return matchSpecifier(s, at);
    case "URL": return matchRun(s, at, (c) => c !== 0x20 && c !== 0x09);
    case "IDENTIFIER": return matchIdentifier(s, at);
    case "VERSION_PREFIX_TRAIL": return s.startsWith(".*", at) ? 2 : -1;
    case "VERSION_LOCAL_LABEL_TRAIL": return matchLocalLabelTrail(s, at);
    default: return -1;
  }
}

/** A cursor over the source with packaging's check / read / expect vocabulary. */
export class Tokenizer {
  position = 0;

  constructor(readonly source: string) {}

  /** True when token `name` is next (nothing is consumed). */
  peek(name: TokenName): boolean {
    return matchToken(this.source, this.position, name) >= 0;
  }

  /** Consumes and returns token `name` if it is next, else null. */
  take(name: TokenName): Token | null {
    const length = matchToken(this.source, this.position, name);
    if (length < 0) return null;
    const token: Token = { name, text: this.source.slice(this.position, this.position + length), position: this.position };
    this.position += length;
    return token;
  }

  /** Consumes token `name` if it is next. */
  skip(name: TokenName): void {
    this.take(name);
  }

  /** Consumes token `name`, or fails with "Expected <expected>" at the current position. */
  expect(name: TokenName, expected: string): Token {
    return this.take(name) ?? this.fail(`Expected ${expected}`);
  }

  fail(message: string, start: number = this.position, end: number = this.position): never {
    throw new SyntaxFailure(message, start, end);
  }

  /**
   * Runs `body` inside an optional pair of enclosing tokens: if `open` is
   * next it is consumed, and `close` must then follow the body.
   */
  enclosed<T>(open: TokenName, close: TokenName, around: string, body: () => T): T {
    const openPosition = this.take(open) ? this.position - 1 : -1;
    const result = body();
    if (openPosition < 0) return result;
    if (!this.take(close)) {
      this.fail(`Expected matching ${close} for ${open}, after ${around}`, openPosition);
    }
    return result;
  }
}

/** Converts a UTF-16 index in `s` into a code-point column (what Python reports). */
export function codePointColumn(s: string, index: number): number {
  let column = index;
  for (let i = 0; i < index && i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < index) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) { column--; i++; }
    }
  }
  return column;
}
