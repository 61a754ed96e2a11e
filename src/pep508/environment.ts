/**
 * The marker environment: the values of the PEP 508 variables for one
 * target interpreter.
 *
 * pep508 does no I/O. Whoever runs the interpreter (src/python) asks it for
 * these values once, e.g. with `MARKER_ENVIRONMENT_SCRIPT`, and turns the
 * answer into a `MarkerEnvironment` with `markerEnvironmentFromJson`; or
 * describes the interpreter and calls `buildMarkerEnvironment`.
 */
import { AccelError } from "../report/errors.js";

/** The eleven PEP 508 variables, all strings (packaging's `Environment`). */
export type MarkerEnvironment = {
  readonly implementation_name: string;
  readonly implementation_version: string;
  readonly os_name: string;
  readonly platform_machine: string;
  readonly platform_release: string;
  readonly platform_system: string;
  readonly platform_version: string;
  readonly python_full_version: string;
  readonly platform_python_implementation: string;
  readonly python_version: string;
  readonly sys_platform: string;
};

/** A marker environment plus the per-evaluation variables. */
export type MarkerEvaluationEnvironment = MarkerEnvironment & {
  /** The extra being evaluated (core metadata context); null or "" means none. */
  readonly extra?: string | null;
  /** Lock-file context: the extras requested. */
  readonly extras?: ReadonlySet<string>;
  /** Lock-file context: the dependency groups requested. */
  readonly dependency_groups?: ReadonlySet<string>;
};

export const MARKER_VARIABLES: readonly (keyof MarkerEnvironment)[] = [
  "implementation_name", "implementation_version", "os_name", "platform_machine", "platform_release",
  "platform_system", "platform_version", "python_full_version", "platform_python_implementation",
  "python_version", "sys_platform",
];

/** Python's `sys.implementation.version` (a `sys.version_info`-like tuple). */
export interface VersionInfo {
  major: number;
  minor: number;
  micro: number;
  /** "alpha", "beta", "candidate" or "final". */
  releaselevel: string;
  serial: number;
}

/** What must be known about an interpreter to build its marker environment. */
export interface InterpreterDescription {
  /** `sys.implementation.name`, e.g. "cpython". */
  implementationName: string;
  /** `sys.implementation.version`, or its already formatted text ("3.11.7"). */
  implementationVersion: VersionInfo | string;
  /** `os.name`, e.g. "posix". */
  osName: string;
  /** `platform.machine()`. */
  machine: string;
  /** `platform.release()`. */
  release: string;
  /** `platform.system()`. */
  system: string;
  /** `platform.version()`. */
  version: string;
  /** `platform.python_version()`, e.g. "3.11.7". */
  pythonVersion: string;
  /** `platform.python_implementation()`, e.g. "CPython". */
  pythonImplementation: string;
  /** `sys.platform`, e.g. "linux". */
  sysPlatform: string;
}

/** packaging's `_format_full_version`: "3.13.0a2" for (3, 13, 0, "alpha", 2). */
export function formatFullVersion(info: VersionInfo): string {
  const version = `${info.major}.${info.minor}.${info.micro}`;
  return info.releaselevel === "final" ? version : `${version}${info.releaselevel[0]}${info.serial}`;
}

/** `python_version`: the first two components of `platform.python_version()`. */
function majorMinor(pythonVersion: string): string {
  return pythonVersion.split(".").slice(0, 2).join(".");
}

/** packaging's `default_environment()`, from values given explicitly. */
export function buildMarkerEnvironment(d: InterpreterDescription): MarkerEnvironment {
  return {
    implementation_name: d.implementationName,
    implementation_version: typeof d.implementationVersion === "string"
      ? d.implementationVersion
      : formatFullVersion(d.implementationVersion),
    os_name: d.osName,
    platform_machine: d.machine,
    platform_release: d.release,
    platform_system: d.system,
    platform_version: d.version,
    python_full_version: d.pythonVersion,
    platform_python_implementation: d.pythonImplementation,
    python_version: majorMinor(d.pythonVersion),
    sys_platform: d.sysPlatform,
  };
}

/** The environment of the recording interpreter of packaging's vectors (CPython 3.11 on Linux x86_64). */
export const EXAMPLE_ENVIRONMENT: MarkerEnvironment = buildMarkerEnvironment({
  implementationName: "cpython",
  implementationVersion: { major: 3, minor: 11, micro: 7, releaselevel: "final", serial: 0 },
  osName: "posix", machine: "x86_64", release: "6.8.0", system: "Linux", version: "#1 SMP",
  pythonVersion: "3.11.7", pythonImplementation: "CPython", sysPlatform: "linux",
});

/**
 * Python source that prints the interpreter's marker environment as one JSON
 * object (works on Python 2.7 and 3.x, without packaging installed).
 */
export const MARKER_ENVIRONMENT_SCRIPT = [
  "import json, os, platform, sys",
  "impl = getattr(sys, 'implementation', None)",
  "iv = impl.version if impl else sys.version_info",
  "v = '%d.%d.%d' % (iv[0], iv[1], iv[2])",
  "v = v if iv[3] == 'final' else v + iv[3][0] + str(iv[4])",
  "print(json.dumps({'implementation_name': impl.name if impl else 'cpython',",
  " 'implementation_version': v, 'os_name': os.name, 'platform_machine': platform.machine(),",
  " 'platform_release': platform.release(), 'platform_system': platform.system(),",
  " 'platform_version': platform.version(), 'python_full_version': platform.python_version(),",
  " 'platform_python_implementation': platform.python_implementation(),",
  " 'python_version': '.'.join(platform.python_version_tuple()[:2]), 'sys_platform': sys.platform}))",
].join("\n");

/** Checks that `value` (e.g. the parsed output of the script) holds every variable as a string. */
export function markerEnvironmentFromJson(value: unknown): MarkerEnvironment {
  if (typeof value !== "object" || value === null) {
    throw new AccelError("invalid-marker-environment", "The marker environment is not a JSON object");
  }
  const record = value as Record<string, unknown>;
  const missing = MARKER_VARIABLES.filter((name) => typeof record[name] !== "string");
  if (missing.length > 0) {
    throw new AccelError("invalid-marker-environment", `The marker environment lacks string values for: ${missing.join(", ")}`);
  }
  return Object.fromEntries(MARKER_VARIABLES.map((name) => [name, record[name] as string])) as MarkerEnvironment;
}
