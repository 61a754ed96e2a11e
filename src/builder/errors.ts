/**
 * Errors raised by the builder. Codes are stable:
 *
 * - `unsafe-sdist`: an sdist member would land outside the unpack directory
 *   (`..`, absolute path, a link pointing out).
 * - `invalid-sdist`: unreadable archive, no `setup.py`/`pyproject.toml`.
 * - `invalid-build-system`: `pyproject.toml` cannot be read or its
 *   `[build-system]` table is malformed.
 * - `build-failed`: the build command failed; `logFile` and `tail` say why.
 * - `build-cycle`: build requirements that are sdists require each other.
 * - `build-env-failed`: the build requirements could not be provisioned.
 * - `system-package-refused` / `system-package-install-failed`: the
 *   system-package flow (system-deps.ts) did not get the packages installed.
 */
import { AccelError, type AccelErrorOptions } from "../report/errors.js";

export class UnsafeSdistError extends AccelError {
  constructor(message: string, options: AccelErrorOptions = {}) {
    super("unsafe-sdist", message, options);
    this.name = "UnsafeSdistError";
  }
}

export class InvalidSdistError extends AccelError {
  constructor(message: string, options: AccelErrorOptions = {}) {
    super("invalid-sdist", message, options);
    this.name = "InvalidSdistError";
  }
}

export class InvalidBuildSystemError extends AccelError {
  constructor(message: string, options: AccelErrorOptions = {}) {
    super("invalid-build-system", message, options);
    this.name = "InvalidBuildSystemError";
  }
}

export interface BuildFailureDetails {
  /** `name-version` (or the sdist file name). */
  project: string;
  /** Full output of the failed command(s). */
  output: string;
  /** Where the full output was written. */
  logFile: string | null;
}

/** The build command exited non-zero or produced nothing. `tail` holds its last lines. */
export class BuildFailedError extends AccelError {
  readonly project: string;
  readonly output: string;
  readonly logFile: string | null;
  readonly tail: string;

  constructor(details: BuildFailureDetails, options: AccelErrorOptions = {}) {
    const tail = details.output.trimEnd().split("\n").slice(-20).join("\n");
    const where = details.logFile === null ? "" : `\nFull build log: ${details.logFile}`;
    super("build-failed", `Building ${details.project} failed. Last lines of the build output:\n${tail}${where}`, options);
    this.name = "BuildFailedError";
    this.project = details.project;
    this.output = details.output;
    this.logFile = details.logFile;
    this.tail = tail;
  }
}

export class BuildCycleError extends AccelError {
  constructor(readonly chain: readonly string[]) {
    super("build-cycle", `Build requirements form a cycle: ${chain.join(" -> ")}`, {
      hint: "Provide a wheel (or a cached binary) for one of these projects to break the cycle.",
    });
    this.name = "BuildCycleError";
  }
}

export class BuildEnvError extends AccelError {
  constructor(message: string, options: AccelErrorOptions = {}) {
    super("build-env-failed", message, options);
    this.name = "BuildEnvError";
  }
}

export class SystemPackageRefusedError extends AccelError {
  constructor(readonly packages: readonly string[], command: string, options: AccelErrorOptions = {}) {
    super("system-package-refused", `The build needs system packages that are not installed: ${packages.join(" ")}`, {
      hint: `Install them with: ${command}  (or set PIP_ACCEL_AUTO_INSTALL=true to let pip-accel do it)`, ...options,
    });
    this.name = "SystemPackageRefusedError";
  }
}

export class SystemPackageInstallError extends AccelError {
  constructor(readonly packages: readonly string[], command: string, output: string, options: AccelErrorOptions = {}) {
    super("system-package-install-failed", `Installing system packages failed: ${command}\n${output.trimEnd().split("\n").slice(-10).join("\n")}`, options);
    this.name = "SystemPackageInstallError";
  }
}
