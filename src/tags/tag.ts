/**
 * PEP 425 platform compatibility tags: the `Tag` triple and the parser for
 * (compressed) tag strings such as `py2.py3-none-any`.
 *
 * Mirrors `packaging.tags.Tag` and `packaging.tags.parse_tag` (packaging 26.4).
 */
import { AccelError } from "../report/errors.js";

/** A tag string that is not three non-empty components or has a bad interpreter (packaging's `InvalidTag`). */
export class InvalidTag extends AccelError {
  constructor(input: string, detail: string) {
    super("invalid-tag", `Invalid tag '${input}': ${detail}`, { input });
    this.name = "InvalidTag";
  }
}

/** A compressed tag set expands to more tags than the caller's limit (packaging's `TooManyTagsError`). */
export class TooManyTagsError extends AccelError {
  constructor(input: string, count: number, limit: number) {
    super("too-many-tags", `Compressed tag set '${input}' would generate ${count} tags, exceeding limit ${limit}`, { input });
    this.name = "TooManyTagsError";
  }
}

/** A compressed tag set component is not sorted as PEP 425 requires (packaging's `UnsortedTagsError`). */
export class UnsortedTagsError extends AccelError {
  constructor(input: string, component: string) {
    super("unsorted-tags", `Tag component '${component}' of '${input}' is not in sorted order per PEP 425`, { input });
    this.name = "UnsortedTagsError";
  }
}

/**
 * A bad argument to a tag function (packaging raises a plain `ValueError`):
 * a negative `limit`, an empty Python version.
 */
export class InvalidTagArgument extends AccelError {
  constructor(message: string) {
    super("invalid-tag-argument", message);
    this.name = "InvalidTagArgument";
  }
}

/** One (interpreter, abi, platform) triple; components are lower-cased. Immutable. */
export class Tag {
  readonly interpreter: string;
  readonly abi: string;
  readonly platform: string;
  /** `interpreter-abi-platform`, computed once: it is the key of every tag lookup. */
  private readonly text: string;

  constructor(interpreter: string, abi: string, platform: string) {
    this.interpreter = interpreter.toLowerCase();
    this.abi = abi.toLowerCase();
    this.platform = platform.toLowerCase();
    this.text = `${this.interpreter}-${this.abi}-${this.platform}`;
  }

  toString(): string { return this.text; }

  equals(other: Tag): boolean { return this.text === other.text; }
}

export interface ParseTagOptions {
  /** Reject compressed components that are not sorted (PEP 425). Default false. */
  validateOrder?: boolean;
  /** The most tags the compressed set may expand to; null/undefined: no limit. */
  limit?: number | null;
}

/** Python's `str.isidentifier()`, without the NFKC normalisation step. */
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;

/** Python's `sorted()` on strings: by code point. */
function isSorted(parts: readonly string[]): boolean {
  for (let i = 1; i < parts.length; i++) {
    if (comparePython(parts[i - 1]!, parts[i]!) > 0) return false;
  }
  return true;
}

function comparePython(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * Parses a tag such as `cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64`
 * into the set of tags it stands for, in expansion order (interpreter, then abi,
 * then platform), without duplicates.
 *
 * Throws `InvalidTagArgument` (negative limit), `InvalidTag`, `UnsortedTagsError`,
 * `TooManyTagsError`, checked in packaging's order.
 */
export function parseTag(text: string, options: ParseTagOptions = {}): Tag[] {
  const limit = options.limit ?? null;
  if (limit !== null && limit < 0) throw new InvalidTagArgument("limit must be non-negative");
  const components = text.split("-").map((component) => component.split("."));
  for (const parts of components) {
    if (parts.includes("")) throw new InvalidTag(text, `empty component '${parts.join(".")}'`);
    if (options.validateOrder && !isSorted(parts)) throw new UnsortedTagsError(text, parts.join("."));
  }
  const count = components.reduce((n, parts) => n * parts.length, 1);
  if (limit !== null && count > limit) throw new TooManyTagsError(text, count, limit);
  if (components.length !== 3) throw new InvalidTag(text, "a tag must have exactly three components");
  const [interpreters, abis, platforms] = components as [string[], string[], string[]];
  for (const interpreter of interpreters) {
    if (!IDENTIFIER.test(interpreter)) throw new InvalidTag(text, `invalid interpreter '${interpreter}'`);
  }
  const seen = new Map<string, Tag>();
  for (const interpreter of interpreters) {
    for (const abi of abis) {
      for (const platform of platforms) {
        const tag = new Tag(interpreter, abi, platform);
        if (!seen.has(tag.toString())) seen.set(tag.toString(), tag);
      }
    }
  }
  return [...seen.values()];
}

/** The reverse of `parseTag` for a set of tags: each component's distinct values, sorted, dot-joined. */
export function formatTagSet(tags: Iterable<Tag>): string {
  const list = [...tags];
  const join = (pick: (t: Tag) => string): string => [...new Set(list.map(pick))].sort(comparePython).join(".");
  return `${join((t) => t.interpreter)}-${join((t) => t.abi)}-${join((t) => t.platform)}`;
}
