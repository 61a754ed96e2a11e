/**
 * Shared machinery for record lists of the shape `{fn, args, kwargs,
 * expected | error}` (the `utils` and `tags` paths): bind Python-style
 * arguments, call the TypeScript equivalent, and compare the JSON-encoded
 * result or the error kind.
 */
import type { Check } from "./types.js";
import { isVersionObject, sameJson } from "./types.js";

/** One Python function's TypeScript stand-in: takes bound arguments, returns the result in the vectors' JSON encoding. */
export type FnAdapter = (args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>) => unknown;

/** A Python error name -> the error class(es) that stand for it. */
export type ErrorKinds = Readonly<Record<string, readonly (abstract new (...args: never[]) => Error)[]>>;

export interface FnRecord {
  fn: string;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  expected?: unknown;
  error?: string;
}

/**
 * Python-style binding: the i-th name takes `args[i]`, else `kwargs[name]`,
 * else undefined (the argument was not given).
 */
export function bind(args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>, names: readonly string[]): unknown[] {
  for (const key of Object.keys(kwargs)) {
    if (!names.includes(key)) throw new Error(`unexpected keyword argument '${key}'`);
  }
  if (args.length > names.length) throw new Error(`takes ${names.length} arguments, ${args.length} given`);
  return names.map((name, i) => (i < args.length ? args[i] : kwargs[name]));
}

/** Decodes `{"$version": "1.0"}` to its text; other values unchanged. */
export function versionText(value: unknown): unknown {
  return isVersionObject(value) ? value.$version : value;
}

/** Python's `sorted()` of strings (by code point). */
export function sortedPython(values: readonly string[]): string[] {
  return [...values].sort((a, b) => {
    const x = [...a].map((c) => c.codePointAt(0)!);
    const y = [...b].map((c) => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  });
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

function errorMatches(error: unknown, kind: string, kinds: ErrorKinds): boolean {
  const classes = kinds[kind];
  return classes !== undefined && classes.some((cls) => (error as object)?.constructor === cls);
}

/** A check for a list of `{fn, ...}` records, dispatching on `fn` through `table`. */
export function fnRecordCheck(table: Readonly<Record<string, FnAdapter>>, kinds: ErrorKinds): Check {
  return (record: FnRecord): string | null => {
    if (!record || typeof record.fn !== "string") return "record has no 'fn'";
    const adapter = Object.hasOwn(table, record.fn) ? table[record.fn] : undefined;
    if (!adapter) return `unknown fn '${record.fn}'`;
    const args = record.args ?? [];
    const kwargs = record.kwargs ?? {};
    if (record.error !== undefined) {
      let result: unknown;
      try {
        result = adapter(args, kwargs);
      } catch (error) {
        if (errorMatches(error, record.error, kinds)) return null;
        const name = error instanceof Error ? error.name : typeof error;
        return `expected ${record.error}, got ${name}: ${(error as Error)?.message ?? String(error)}`;
      }
      return `expected ${record.error}, got result ${describe(result)}`;
    }
    if (!("expected" in record)) return "record has neither 'expected' nor 'error'";
    const result = adapter(args, kwargs);
    return sameJson(result, record.expected) ? null : `expected ${describe(record.expected)}, got ${describe(result)}`;
  };
}
