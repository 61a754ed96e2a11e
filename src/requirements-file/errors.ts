/**
 * Errors raised while reading requirement files and requirement lines.
 *
 * Every message names where the problem is (`(from line N of FILE)`) and what
 * is wrong; `hint` carries pip's hints (e.g. "= is not a valid operator").
 * Codes are stable and kebab-case.
 */
import { AccelError, type AccelErrorOptions } from "../report/errors.js";

/** A line whose options cannot be split or parsed, or a nesting problem. */
export class RequirementsFileParseError extends AccelError {
  constructor(message: string, options: AccelErrorOptions = {}) {
    super("requirements-file-parse", message, options);
    this.name = "RequirementsFileParseError";
  }
}

/** A requirement (or editable) line that is not a valid requirement. */
export class InvalidRequirementLineError extends AccelError {
  constructor(message: string, options: AccelErrorOptions = {}) {
    super("requirements-file-invalid-requirement", message, options);
    this.name = "InvalidRequirementLineError";
  }
}

/** A requirements or constraints file that cannot be read or fetched. */
export class RequirementsFileOpenError extends AccelError {
  constructor(message: string, options: AccelErrorOptions = {}) {
    super("requirements-file-open", message, options);
    this.name = "RequirementsFileOpenError";
  }
}

/** Bytes that cannot be decoded with the encoding a BOM or coding line declares. */
export class RequirementsFileDecodeError extends AccelError {
  constructor(message: string, options: AccelErrorOptions = {}) {
    super("requirements-file-decode", message, options);
    this.name = "RequirementsFileDecodeError";
  }
}
