/**
 * The binary cache key: which sdist, built by which kind of Python, for
 * which platform. Two interpreters that agree on all of these produce
 * interchangeable binaries; anything else gets its own entry.
 */
import type { InterpreterInfo } from "../python/interpreter.js";
import { canonicalizeName } from "../filenames/index.js";

export interface BinaryKey {
  /** PEP 503 canonical project name. */
  name: string;
  version: string;
  /** sha256 of the sdist file (hex). */
  sdistSha256: string;
  /** `cp`, `pp`, … */
  implementation: string;
  /** `3.11` */
  pythonVersion: string;
  /** `cpython-311-x86_64-linux-gnu`, or `none` when the interpreter has no SOABI. */
  abi: string;
  /** `linux-x86_64` plus the C library flavour, e.g. `linux-x86_64-glibc2.36`. */
  platform: string;
}

const IMPLEMENTATION_ABBREV: Record<string, string> = { cpython: "cp", pypy: "pp", ironpython: "ip", jython: "jy", graalpy: "gp" };

/** The interpreter half of the key. */
export function interpreterKey(info: InterpreterInfo): Pick<BinaryKey, "implementation" | "pythonVersion" | "abi" | "platform"> {
  const impl = IMPLEMENTATION_ABBREV[info.implementation.toLowerCase()] ?? info.implementation.toLowerCase();
  const libc = info.tags.libc === null ? "" : `-${info.tags.libc.kind}${info.tags.libc.version ?? ""}`;
  const debug = info.tags.pyDebug ? "d" : "";
  const threaded = info.tags.pyGilDisabled ? "t" : "";
  return {
    implementation: impl,
    pythonVersion: `${info.versionInfo[0]}.${info.versionInfo[1]}`,
    abi: `${info.tags.soabi ?? "none"}${debug}${threaded}`,
    platform: `${info.tags.platform}${libc}`,
  };
}

/** The full key for an sdist built with `info`. */
export function binaryKey(name: string, version: string, sdistSha256: string, info: InterpreterInfo): BinaryKey {
  return { name: canonicalizeName(name), version, sdistSha256, ...interpreterKey(info) };
}

const safe = (s: string): string => s.replace(/[^A-Za-z0-9.+]+/g, "_");

/** A file-name-safe string that identifies the key: `name-version-sha16-` then `interpreterKeyString`. */
export function binaryKeyString(key: BinaryKey): string {
  return [safe(key.name), safe(key.version), key.sdistSha256.slice(0, 16), interpreterKeyString(key)].join("-");
}

/** The interpreter half of a key string (`cp3.11-abi-platform`): what two machines must share to exchange binaries. */
export function interpreterKeyString(key: Pick<BinaryKey, "implementation" | "pythonVersion" | "abi" | "platform">): string {
  return [`${key.implementation}${key.pythonVersion}`, safe(key.abi), safe(key.platform)].join("-");
}
