/**
 * The one error base class of pip-accel.
 *
 * Every failure the library raises is an `AccelError` with a stable,
 * kebab-case `code` (never reused for another meaning), a message, an
 * optional `hint` (what the user can do), and an optional `cause`.
 * Parse errors also carry the `input` text and the `span` (0-based column
 * range) of the offending part, so the CLI can underline it.
 *
 * Formatting for humans lives in `cli/` (or `resolver/explain.ts`), never here.
 */
export interface AccelErrorOptions {
  hint?: string;
  cause?: unknown;
  /** The text that was being parsed, for parse errors. */
  input?: string;
  /** [start, end) columns into `input`. */
  span?: [number, number];
  /** Where the input came from: a file and line, or a URL. */
  location?: string;
}

export class AccelError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly input?: string;
  readonly span?: [number, number];
  readonly location?: string;

  constructor(code: string, message: string, options: AccelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AccelError";
    this.code = code;
    if (options.hint !== undefined) this.hint = options.hint;
    if (options.input !== undefined) this.input = options.input;
    if (options.span !== undefined) this.span = options.span;
    if (options.location !== undefined) this.location = options.location;
  }
}

/** True for any error raised by pip-accel (as opposed to a bug or a Node error). */
export function isAccelError(error: unknown): error is AccelError {
  return error instanceof AccelError;
}

/** Codes of failures to move a file: the network, a cut-off or wrong-sized download, a hash that does not match. */
const TRANSFER_FAILURES = new Set(["http-connection", "download-failed", "download-truncated", "download-size-mismatch", "hash-mismatch"]);

/**
 * True when fetching a file failed on the way (not because of what the file
 * holds). Resolution stops on these, as pip does, instead of trying another
 * candidate: another version would only hide a network or integrity fault.
 */
export function isTransferFailure(error: unknown): boolean {
  return isAccelError(error) && TRANSFER_FAILURES.has(error.code);
}
