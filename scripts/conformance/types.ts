/**
 * The conformance runner's contract. Each category module (one per standard)
 * exports `checks`: a map from a record path in the vectors file
 * ("version.valid", "specifier.contains", "utils", "tags", ...) to a check.
 * A check returns null when the record passes, or a one-line reason when it fails.
 * A check may throw; the runner counts that as a failure with the error message.
 */
export interface Meta {
  conventions?: Record<string, unknown>;
  extracted_default_environment?: Record<string, string>;
  [key: string]: unknown;
}

export interface CheckContext {
  /** The record's index in its list. */
  index: number;
  /** The whole list the record belongs to (for order checks). */
  list: readonly unknown[];
  meta: Meta;
}

// The records are JSON of several shapes; each check narrows its own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Check = (record: any, context: CheckContext) => string | null;

export type Checks = Record<string, Check>;

/** Decodes the vectors' `{"$version": "1.0"}` convention into a plain version string marker. */
export function isVersionObject(value: unknown): value is { $version: string } {
  return typeof value === "object" && value !== null && "$version" in value;
}

/** JSON-equality for expected values. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
