/**
 * The line tokenizer for requirement files (the first half of the split
 * pip#7245 made): text → numbered logical lines → args and option words.
 *
 * Pipeline, in pip's order: Python `splitlines`, continuation joining (with
 * pip's quirks), comment stripping, `${VAR}` expansion, then the split of
 * each line into a requirement part ("args") and an options part, and a
 * POSIX `shlex.split` of the options part. Pure: no I/O; the environment is
 * passed in.
 */
export { decodeRequirementsBytes, findCodingLine } from "./decode.js";
export type { DecodeResult } from "./decode.js";

/** One logical line: `line` is the number of its first physical line (1-based). */
export interface NumberedLine {
  line: number;
  text: string;
}

/** Environment lookup used for `${NAME}` expansion. */
export type EnvLookup = (name: string) => string | undefined;

/** Python's `str.splitlines()` boundaries. */
const LINE_BREAK = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/;

/** A whole-line comment: optional whitespace, then `#`. */
const COMMENT_LINE = /^(?:\s+)?#/;
/** A comment anywhere: `#` at the start or after whitespace, to the end. */
const COMMENT = /(^|\s+)#.*$/;
const ENV_VAR = /\$\{([A-Z0-9_]+)\}/g;

/** Python `str.splitlines()`: no empty item after a final line break. */
export function splitLines(text: string): string[] {
  const lines = text.split(LINE_BREAK);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function stripBackslashes(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && line[start] === "\\") start++;
  while (end > start && line[end - 1] === "\\") end--;
  return line.slice(start, end);
}

/**
 * pip's `join_lines`: a line ending in `\` is joined with the next one (all
 * backslashes at both ends of each piece are dropped, no space is added); a
 * comment line is never a continuation and ends a pending join.
 */
export function joinLines(lines: readonly NumberedLine[]): NumberedLine[] {
  const out: NumberedLine[] = [];
  let pending: string[] = [];
  let first = 0;
  for (const { line, text } of lines) {
    const isComment = COMMENT_LINE.test(text);
    if (!text.endsWith("\\") || isComment) {
      const piece = isComment ? ` ${text}` : text;
      if (pending.length > 0) {
        pending.push(piece);
        out.push({ line: first, text: pending.join("") });
        pending = [];
      } else {
        out.push({ line, text: piece });
      }
    } else {
      if (pending.length === 0) first = line;
      pending.push(stripBackslashes(text));
    }
  }
  if (pending.length > 0) out.push({ line: first, text: pending.join("") });
  return out;
}

/** pip's `ignore_comments`: drop comments, strip, drop empty lines. */
export function stripComments(lines: readonly NumberedLine[]): NumberedLine[] {
  const out: NumberedLine[] = [];
  for (const { line, text } of lines) {
    const stripped = text.replace(COMMENT, "").trim();
    if (stripped !== "") out.push({ line, text: stripped });
  }
  return out;
}

/**
 * pip's `expand_env_variables`: only `${NAME}` with NAME in `[A-Z0-9_]+`,
 * replaced when the variable is set and non-empty; anything else stays.
 */
export function expandEnvVars(text: string, env: EnvLookup): string {
  const names = [...text.matchAll(ENV_VAR)].map((m) => m[1]!);
  let out = text;
  for (const name of names) {
    const value = env(name);
    if (value === undefined || value === "") continue;
    out = out.split(`\${${name}}`).join(value);
  }
  return out;
}

/** The whole text pipeline: split, join, strip comments, expand variables. */
export function preprocess(text: string, env: EnvLookup = () => undefined): NumberedLine[] {
  const numbered = splitLines(text).map((t, i) => ({ line: i + 1, text: t }));
  return stripComments(joinLines(numbered)).map(({ line, text: t }) => ({ line, text: expandEnvVars(t, env) }));
}

/**
 * pip's `break_args_options`: split on single spaces; words before the first
 * word starting with `-` are the args (re-joined with single spaces, so runs
 * of spaces survive), the rest is the options text.
 */
export function breakArgsOptions(text: string): { args: string; options: string } {
  const tokens = text.split(" ");
  const at = tokens.findIndex((t) => t.startsWith("-"));
  if (at < 0) return { args: tokens.join(" "), options: "" };
  return { args: tokens.slice(0, at).join(" "), options: tokens.slice(at).join(" ") };
}

/** Raised by `shlexSplit` with Python's messages. */
export class ShlexError extends Error {}

const SHLEX_SPACE = " \t\r\n";

/**
 * Python `shlex.split(text)` in POSIX mode without comments: whitespace
 * splits words, `'…'` is literal, `"…"` honours `\"` and `\\`, a backslash
 * outside quotes escapes the next character, and `''` is an empty word.
 */
export function shlexSplit(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (SHLEX_SPACE.includes(c)) {
      if (word !== null) words.push(word);
      word = null;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new ShlexError("No closing quotation");
      word = (word ?? "") + text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      const [body, next] = readDoubleQuoted(text, i + 1);
      word = (word ?? "") + body;
      i = next;
    } else if (c === "\\") {
      if (i + 1 >= text.length) throw new ShlexError("No escaped character");
      word = (word ?? "") + text[i + 1];
      i += 2;
    } else {
      word = (word ?? "") + c;
      i++;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

function readDoubleQuoted(text: string, start: number): [string, number] {
  let body = "";
  let i = start;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') return [body, i + 1];
    if (c === "\\" && i + 1 < text.length) {
      const n = text[i + 1]!;
      body += n === '"' || n === "\\" ? n : `\\${n}`;
      i += 2;
    } else {
      body += c;
      i++;
    }
  }
  throw new ShlexError("No closing quotation");
}
