/**
 * Errors raised while reading archives and installing. Codes are stable.
 *
 * - `unsafe-archive`, `corrupt-archive`, `invalid-binary-archive`: from
 *   src/archive (re-exported here).
 * - `invalid-wheel`: the wheel is readable but breaks PEP 427 rules.
 * - `install-failed`, `uninstall-failed`: file-system level failures.
 */
import { AccelError, type AccelErrorOptions } from "../report/errors.js";

export { CorruptArchiveError, InvalidBinaryArchiveError, UnsafeArchiveError } from "../archive/errors.js";

export class InvalidWheelError extends AccelError {
  constructor(message: string, options: AccelErrorOptions = {}) {
    super("invalid-wheel", message, options);
    this.name = "InvalidWheelError";
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
