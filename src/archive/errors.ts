/**
 * Errors raised while reading untrusted archives. Codes are stable.
 *
 * - `unsafe-archive`: an archive breaks a safety rule (bad name, traversal,
 *   local/central header mismatch, overlap, duplicate, encryption, link member).
 * - `corrupt-archive`: checksums, sizes or structure are wrong.
 * - `invalid-binary-archive`: a pip-accel binary tarball breaks its format.
 */
import { AccelError, type AccelErrorOptions } from "../report/errors.js";

export class UnsafeArchiveError extends AccelError {
  constructor(message: string, options: AccelErrorOptions = {}) {
    super("unsafe-archive", message, options);
    this.name = "UnsafeArchiveError";
  }
}

export class CorruptArchiveError extends AccelError {
  constructor(message: string, options: AccelErrorOptions = {}) {
    super("corrupt-archive", message, options);
    this.name = "CorruptArchiveError";
  }
}

export class InvalidBinaryArchiveError extends AccelError {
  constructor(message: string, options: AccelErrorOptions = {}) {
    super("invalid-binary-archive", message, options);
    this.name = "InvalidBinaryArchiveError";
  }
}
