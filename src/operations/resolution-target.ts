/**
 * The environment `resolve` and `download` resolve for: explicit with
 * `--python-version X.Y[.Z]` and `--platform TAG` (plus `--implementation`,
 * `--abi`), so no Python is needed; otherwise (or for what is not given)
 * from the interpreter (`--python`, a virtualenv, `python3`), queried once
 * and cached.
 */
import { buildMarkerEnvironment, type MarkerEnvironment } from "../pep508/index.js";
import { findInterpreter, queryInterpreter, type Interpreter } from "../python/interpreter.js";
import { AccelError } from "../report/errors.js";
import type { TargetEnvironment } from "../resolver/lib.js";
import { expandPlatforms, sysTags, type PlatformDescription } from "../tags/index.js";
import { IMPLEMENTATIONS as SHORT_NAMES, interpreterPlatform, interpreterTags } from "./environment.js";

/** What the user said of the target (pip's `--python-version`, `--platform`, `--implementation`, `--abi`, `--python`). */
export interface TargetSpec {
  /** `X.Y[.Z]`, `XY`. */
  pythonVersion?: string;
  /** Platform tags; comma-separated values are split. */
  platforms?: readonly string[];
  implementation?: string;
  abis?: readonly string[];
  /** The interpreter to ask for what is not given. */
  python?: string;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Where the interpreter's answers are cached. */
  cacheDir: string;
}

const IMPLEMENTATIONS: Record<string, [string, string]> = {
  cp: ["cpython", "CPython"], pp: ["pypy", "PyPy"], graalpy: ["graalpy", "GraalVM"], ip: ["ironpython", "IronPython"], jy: ["jython", "Jython"],
};

const split = (values: readonly string[] | undefined): string[] => (values ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);

/** `3`, `3.11`, `311` or `3.11.4` as [major, minor, micro]. */
export function parsePythonVersion(text: string): [number, number, number] {
  const parts = /^\d{3,}$/.test(text) ? [text.slice(0, 1), text.slice(1)] : text.split(".");
  const nums = parts.map((p) => Number.parseInt(p, 10));
  if (nums.length === 0 || nums.length > 3 || nums.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new AccelError("invalid-python-version", `Invalid --python-version '${text}': expected X.Y or X.Y.Z`, { input: text });
  }
  return [nums[0]!, nums[1] ?? 0, nums[2] ?? 0];
}

/** Marker values implied by a platform tag, for targets given without an interpreter. */
function platformMarkers(platform: string): Pick<MarkerEnvironment, "sys_platform" | "os_name" | "platform_system" | "platform_machine"> {
  const machine = /(x86_64|aarch64|arm64|i686|ppc64le|s390x|armv7l|amd64|win32|universal2)$/.exec(platform)?.[1] ?? "";
  if (/^(manylinux|musllinux|linux)/.test(platform)) return { sys_platform: "linux", os_name: "posix", platform_system: "Linux", platform_machine: machine };
  if (platform.startsWith("macosx")) return { sys_platform: "darwin", os_name: "posix", platform_system: "Darwin", platform_machine: machine };
  if (platform.startsWith("win")) return { sys_platform: "win32", os_name: "nt", platform_system: "Windows", platform_machine: machine === "win32" ? "x86" : machine.toUpperCase() };
  return { sys_platform: platform, os_name: "posix", platform_system: "", platform_machine: machine };
}

/** The markers and tags to resolve for: from the spec, and from the interpreter (queried once, cached) for what it leaves out. */
export async function resolutionTarget(spec: TargetSpec): Promise<TargetEnvironment> {
  const platforms = split(spec.platforms);
  const version = spec.pythonVersion !== undefined ? parsePythonVersion(spec.pythonVersion) : null;
  const abis = split(spec.abis);
  let interpreter: Interpreter | null = null;
  if (version === null || platforms.length === 0) {
    const path = findInterpreter({ ...(spec.python !== undefined ? { python: spec.python } : {}), env: spec.env, cwd: spec.cwd });
    interpreter = await queryInterpreter(path, { cacheDir: spec.cacheDir, env: spec.env });
  }
  if (interpreter !== null && version === null && platforms.length === 0 && spec.implementation === undefined && abis.length === 0) {
    return { markers: { ...interpreter.info.markerEnvironment }, tags: interpreterTags(interpreter.info) };
  }
  const [major, minor, micro] = version ?? [interpreter!.info.versionInfo[0], interpreter!.info.versionInfo[1], interpreter!.info.versionInfo[2]];
  const implementation = spec.implementation ?? (interpreter ? (SHORT_NAMES[interpreter.info.implementation] ?? "cp") : "cp");
  // A manylinux/musllinux --platform is a machine with that libc: it also runs every older
  // tag (as uv reads it; pip takes each --platform literally). See expandPlatform.
  const platform: PlatformDescription = platforms.length > 0 ? { os: "other", platforms: expandPlatforms(platforms) } : interpreterPlatform(interpreter!.info);
  const tags = sysTags({ implementation, pythonVersion: [major, minor], ...(abis.length > 0 ? { abis } : {}), platform }).map((t) => t.toString());
  const [implName, implDisplay] = IMPLEMENTATIONS[implementation] ?? [implementation, implementation];
  const full = `${major}.${minor}.${micro}`;
  const base = interpreter?.info.markerEnvironment;
  const markers = buildMarkerEnvironment({
    implementationName: implName, implementationVersion: full, pythonVersion: full, pythonImplementation: implDisplay,
    osName: base?.os_name ?? "posix", machine: base?.platform_machine ?? "", release: base?.platform_release ?? "",
    system: base?.platform_system ?? "", version: base?.platform_version ?? "", sysPlatform: base?.sys_platform ?? "linux",
  });
  return { markers: { ...markers, ...(platforms.length > 0 ? platformMarkers(platforms[0]!) : {}) }, tags };
}
