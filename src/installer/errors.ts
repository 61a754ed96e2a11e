/**
 * Errors raised while reading archives and installing. Codes are stable.
 *
 * - `unsafe-archive`: an archive breaks a safety rule (bad name, traversal,
 *   local/central header mismatch, overlap, duplicate, encryption, link member).
 * - `corrupt-archive`: checksums, sizes or structure are wrong.
 * - `invalid-wheel`: the wheel is readable but breaks PEP 427 rules.
 * - `invalid-binary-archive`: a pip-accel binary tarball breaks its format.
 * - `install-failed`, `uninstall-failed`: file-system level failures.
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

export class InvalidWheelError extends AccelError {
  constructor(message: string, options: AccelErrorOptions = {}) {
    super("invalid-wheel", message, options);
    this.name = "InvalidWheelError";
  }
}

export class InvalidBinaryArchiveError extends AccelError {
  constructor(message: string, options: AccelErrorOptions = {}) {
    super("invalid-binary-archive", message, options);
    this.name = "InvalidBinaryArchiveError";
  }
}

export class InstallError extends AccelError {
  constructor(message: string, options: AccelErrorOptions = {}) {
    super("install-failed", message, options);
    this.name = "InstallError";
  }
}

export class UninstallError extends AccelError {
  constructor(message: string, options: AccelErrorOptions = {}) {
    super("uninstall-failed", message, options);
    this.name = "UninstallError";
  }
}
