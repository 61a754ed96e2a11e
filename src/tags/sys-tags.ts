/**
 * The ordered list of tags an interpreter supports, for an interpreter
 * *described as data* (packaging's `sys_tags`, without looking at the running
 * system). The resolver library uses it without running Python; the `python/`
 * stage fills an `InterpreterDescription` from one `python -c` query.
 *
 * Order, as in packaging 26.4: interpreter-specific tags (`cpythonTags` or
 * `genericTags`) over all platforms, then `compatibleTags`. The most preferred
 * tag comes first.
 */
import { androidPlatforms, iosPlatforms, macPlatforms, normalizePlatformString } from "./apple-android-platforms.js";
import type { AppleVersion } from "./apple-android-platforms.js";
import { compatibleTags, cpythonAbis, cpythonTags, genericTags, versionNodot } from "./interpreter-tags.js";
import type { PythonVersion } from "./interpreter-tags.js";
import { linuxPlatforms } from "./linux-platforms.js";
import type { Libc } from "./linux-platforms.js";
import { parseTag, Tag } from "./tag.js";

/** The operating system and machine, enough to list platform tags. */
export type PlatformDescription =
  /** `arch` as in `linux_<arch>` (use `i686` / `armv8l` for a 32-bit interpreter); `libc` null: only `linux_*`. */
  | { os: "linux"; arch: string; libc: Libc | null }
  | { os: "macos"; version: AppleVersion; arch: string }
  /** `arch`: `amd64`, `arm64` or `win32` (as in `sysconfig.get_platform()`). */
  | { os: "windows"; arch: string }
  | { os: "ios"; version: AppleVersion; multiarch: string }
  | { os: "android"; apiLevel: number; abi: string }
  /** An explicit list, like pip's `--platform`; used as given. */
  | { os: "other"; platforms: string[] };

export interface InterpreterDescription {
  /** Short implementation name: `cp`, `pp`, `graalpy`, ... (packaging's `interpreter_name()`). */
  implementation: string;
  /** `[major, minor]`. */
  pythonVersion: PythonVersion;
  /**
   * The interpreter's ABIs, most specific first. Default for `cp`: from the
   * `debug` / `freeThreaded` flags (`cp311`, `cp313t`, ...); otherwise none
   * (only `none` is then used), as when `EXT_SUFFIX` has no ABI part.
   */
  abis?: string[];
  /** A debug build (`Py_DEBUG`): adds the `d` ABI flag. */
  debug?: boolean;
  /** A free-threaded build (`Py_GIL_DISABLED`): `t` ABI flag, `abi3t`. */
  freeThreaded?: boolean;
  /** `py_version_nodot` when it differs from the version (rare). */
  interpreterVersion?: string;
  platform: PlatformDescription;
}

const WINDOWS_PLATFORMS: Readonly<Record<string, string>> = { amd64: "win_amd64", arm64: "win_arm64", win32: "win32", x86: "win32" };

/** The platform tags of a described machine, best first. */
export function platformTags(platform: PlatformDescription): string[] {
  switch (platform.os) {
    case "linux": return linuxPlatforms(platform.arch, platform.libc);
    case "macos": return macPlatforms(platform.version, platform.arch);
    case "windows": return [WINDOWS_PLATFORMS[platform.arch.toLowerCase()] ?? normalizePlatformString(`win-${platform.arch}`)];
    case "ios": return iosPlatforms(platform.version, platform.multiarch);
    case "android": return androidPlatforms(platform.apiLevel, platform.abi);
    case "other": return [...platform.platforms];
  }
}

/** The ordered, duplicate-free list of tags the described interpreter supports. */
export function sysTags(desc: InterpreterDescription): Tag[] {
  const platforms = platformTags(desc.platform);
  const nodot = desc.interpreterVersion ?? versionNodot(desc.pythonVersion.slice(0, 2));
  const tags: Tag[] = [];
  if (desc.implementation === "cp") {
    const abis = desc.abis ?? cpythonAbis(desc.pythonVersion, { debug: desc.debug, freeThreaded: desc.freeThreaded });
    tags.push(...cpythonTags(desc.pythonVersion, abis, platforms));
  } else {
    tags.push(...genericTags(`${desc.implementation}${nodot}`, desc.abis ?? [], platforms));
  }
  const interpreter = desc.implementation === "pp" ? "pp3" : desc.implementation === "cp" ? `cp${nodot}` : null;
  tags.push(...compatibleTags(desc.pythonVersion, interpreter, platforms));
  return dedupe(tags);
}

function dedupe(tags: readonly Tag[]): Tag[] {
  const seen = new Set<string>();
  return tags.filter((tag) => {
    const key = tag.toString();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A map from tag string to its rank (0 = best) for fast wheel ranking; the
 * first occurrence of a duplicate wins (packaging's `create_compatible_tags_selector`).
 */
export function tagPriority(tags: Iterable<Tag | string>): Map<string, number> {
  const ranks = new Map<string, number>();
  let rank = 0;
  for (const tag of tags) {
    const key = tag.toString();
    if (!ranks.has(key)) ranks.set(key, rank);
    rank++;
  }
  return ranks;
}

/**
 * The rank of the best supported tag among a wheel's tags (a `Tag[]` or its tag
 * string such as `py2.py3-none-any`), or null when none is supported.
 * Lower is better.
 */
export function bestTagRank(wheelTags: readonly Tag[] | string, priority: ReadonlyMap<string, number>): number | null {
  const tags = typeof wheelTags === "string" ? parseTag(wheelTags) : wheelTags;
  let best: number | null = null;
  for (const tag of tags) {
    const rank = priority.get(tag.toString());
    if (rank !== undefined && (best === null || rank < best)) best = rank;
  }
  return best;
}
