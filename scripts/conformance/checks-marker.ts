/**
 * PEP 508 markers: `marker.parse` (validity, normalized text, error column)
 * and `marker.evaluate` (result or error class in an environment and context).
 */
import type { Checks } from "./types.js";
import { Marker } from "../../src/pep508/index.js";
import type { EvaluateContext, EvaluationEnvironment, MarkerValue } from "../../src/pep508/index.js";
import { isAccelError } from "../../src/report/errors.js";

/**
 * The [start, end] span of the reference's caret line ("    ~~~^" at the end
 * of its error text), or null when the error has no caret line.
 */
export function caretSpan(error: string): [number, number] | null {
  const m = /\n {4}( *)(~*)\^$/.exec(error);
  if (!m) return null;
  return [m[1]!.length, m[1]!.length + m[2]!.length];
}

/** Compares a thrown error with the reference's error text: code and caret column. */
export function checkParseError(error: unknown, code: string, expected: string): string | null {
  if (!isAccelError(error) || error.code !== code) return `threw ${String(error)} instead of ${code}`;
  const span = caretSpan(expected);
  if (span && (error.span?.[0] !== span[0] || error.span?.[1] !== span[1])) {
    return `span ${JSON.stringify(error.span)} but the reference points at ${JSON.stringify(span)}`;
  }
  return null;
}

function toEnvironment(record: Record<string, unknown>): EvaluationEnvironment {
  const env: Record<string, MarkerValue | null> = {};
  for (const [key, value] of Object.entries(record)) {
    env[key] = Array.isArray(value) ? new Set(value as string[]) : (value as string | null);
  }
  return env;
}

interface ParseRecord { input: string; valid: boolean; normalized?: string; error?: string }
interface EvaluateRecord {
  marker: string; context: EvaluateContext; environment: Record<string, unknown>;
  expected?: boolean; error?: string;
}

export const checks: Checks = {
  "marker.parse": (r: ParseRecord) => {
    let marker: Marker;
    try {
      marker = Marker.parse(r.input);
    } catch (error) {
      return r.valid ? `rejected: ${(error as Error).message}` : checkParseError(error, "invalid-marker", r.error ?? "");
    }
    if (!r.valid) return `accepted as ${marker.toString()}`;
    return marker.toString() === r.normalized ? null : `normalized to ${marker.toString()}, expected ${r.normalized}`;
  },
  "marker.evaluate": (r: EvaluateRecord) => {
    let result: boolean;
    try {
      result = Marker.parse(r.marker).evaluate(toEnvironment(r.environment), r.context);
    } catch (error) {
      if (r.error && error instanceof Error && error.name === r.error) return null;
      return `threw ${(error as Error).name}: ${(error as Error).message}${r.error ? `, expected ${r.error}` : ""}`;
    }
    if (r.error) return `returned ${result}, expected ${r.error}`;
    return result === r.expected ? null : `returned ${result}, expected ${r.expected}`;
  },
};
