/**
 * pip's choice among the files of one project (pip-behaviour.md §3.4–3.6):
 * link evaluation (format control, wheel tags, Requires-Python), the
 * specifier filter with the pre-release rules, hash filtering, the sort key
 * `(has_allowed_hash, -is_yanked, binary_preference, version, tag_priority,
 * build_tag)`, yanked files only for pins, and one file per version.
 * Pure: no I/O, no metadata.
 */
import { SpecifierSet, Version, parseVersion } from "../pep440/index.js";
import type { CandidateInfo } from "./sources.js";

/** Which file kinds a project may use (pip's FormatControl). */
export interface FormatControl {
  readonly noBinary: readonly string[];
  readonly onlyBinary: readonly string[];
  readonly preferBinary: boolean;
}

export interface OrderingPolicy {
  /** Target Python for Requires-Python (`python_full_version`). */
  readonly python: string;
  /** Target tags, best first, as an index for priority lookups. */
  readonly tagPriority: ReadonlyMap<string, number>;
  readonly allowPrereleases: boolean;
  readonly ignoreRequiresPython: boolean;
  readonly formats: FormatControl;
  /** `spec.contains(version, {prereleases: true})`, possibly memoised by the caller. */
  readonly contains?: (spec: SpecifierSet, version: Version) => boolean;
}

/** A file that survived link evaluation, with what sorting needs. */
export interface ApplicableFile {
  readonly info: CandidateInfo;
  readonly version: Version;
  readonly hasAllowedHash: boolean;
}

/** Why a file of a matching version was left out. */
export interface FileRejection {
  readonly version: string;
  readonly filename: string;
  readonly reason: string;
}

/** pip's `FormatControl.get_allowed_formats`. */
export function allowedFormats(name: string, formats: FormatControl): { binary: boolean; source: boolean } {
  const has = (list: readonly string[], x: string) => list.some((n) => n === x);
  if (has(formats.onlyBinary, name)) return { binary: true, source: false };
  if (has(formats.noBinary, name)) return { binary: false, source: true };
  if (has(formats.onlyBinary, ":all:")) return { binary: true, source: false };
  if (has(formats.noBinary, ":all:")) return { binary: false, source: true };
  return { binary: true, source: true };
}

/** The tags of a wheel file name (`py2.py3-none-any` expands to two). */
export function wheelFileTags(filename: string): string[] {
  const parts = filename.replace(/\.whl$/i, "").split("-");
  if (parts.length < 5) return [];
  const [pys, abis, plats] = parts.slice(-3) as [string, string, string];
  const out: string[] = [];
  for (const py of pys.split(".")) for (const abi of abis.split(".")) for (const plat of plats.split(".")) out.push(`${py}-${abi}-${plat}`.toLowerCase());
  return out;
}

/** Best (lowest) index of the wheel's tags in the target list, or null when none fits. */
export function bestTagIndex(info: CandidateInfo, tagPriority: ReadonlyMap<string, number>): number | null {
  let best: number | null = null;
  for (const tag of info.tags ?? wheelFileTags(info.filename)) {
    const index = tagPriority.get(tag.toLowerCase());
    if (index !== undefined && (best === null || index < best)) best = index;
  }
  return best;
}

/** packaging's rule: a specifier that names a pre-release (other than with `!=`) allows them. */
export function specifierNamesPrerelease(specs: readonly SpecifierSet[]): boolean {
  return specs.some((set) => set.specifiers.some((s) => s.operator !== "!=" && (parseVersion(s.version.replace(/\.\*$/, ""))?.isPrerelease ?? false)));
}

/** `==` without a wildcard, or `===` (PEP 592's "pinned"). */
export function isPinned(specs: readonly SpecifierSet[]): boolean {
  return specs.some((set) => set.specifiers.some((s) => s.operator === "===" || (s.operator === "==" && !s.version.endsWith(".*"))));
}

/** Requires-Python check: a missing or invalid specifier accepts. */
export function pythonMatches(requiresPython: string | null | undefined, python: string): boolean {
  if (!requiresPython || requiresPython.trim() === "") return true;
  try {
    return SpecifierSet.parse(requiresPython).contains(python, { prereleases: true });
  } catch {
    return true;
  }
}

function evaluateLink(name: string, info: CandidateInfo, policy: OrderingPolicy): string | null {
  const formats = allowedFormats(name, policy.formats);
  if (info.isWheel) {
    if (!formats.binary) return "binary wheels are disabled for this project (--no-binary)";
    if (bestTagIndex(info, policy.tagPriority) === null) return "no wheel tag matches the target environment";
  } else if (!formats.source) {
    return "source distributions are disabled for this project (--only-binary)";
  }
  if (!policy.ignoreRequiresPython && !pythonMatches(info.requiresPython, policy.python)) {
    return `requires Python ${info.requiresPython}, the target is ${policy.python}`;
  }
  return null;
}

function matchesHash(info: CandidateInfo, allowed: ReadonlySet<string>): "match" | "mismatch" | "unknown" {
  const algorithms = new Set([...allowed].map((h) => h.split(":")[0]!));
  let comparable = false;
  for (const [algorithm, digest] of Object.entries(info.hashes)) {
    if (!algorithms.has(algorithm)) continue;
    comparable = true;
    if (allowed.has(`${algorithm}:${digest.toLowerCase()}`)) return "match";
  }
  return comparable ? "mismatch" : "unknown";
}

function buildKey(info: CandidateInfo): [number, string] {
  return info.buildTag ? [info.buildTag[0], info.buildTag[1]] : [-1, ""];
}

function compareFiles(a: ApplicableFile, b: ApplicableFile, policy: OrderingPolicy): number {
  const key = (f: ApplicableFile): number[] => [
    f.hasAllowedHash ? 1 : 0,
    f.info.yanked ? 0 : 1,
    policy.formats.preferBinary && f.info.isWheel ? 1 : 0,
  ];
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
  const byVersion = a.version.compare(b.version);
  if (byVersion !== 0) return byVersion;
  const tagOf = (f: ApplicableFile) => (f.info.isWheel ? -(bestTagIndex(f.info, policy.tagPriority) ?? policy.tagPriority.size) : -policy.tagPriority.size - 1);
  if (tagOf(a) !== tagOf(b)) return tagOf(a) - tagOf(b);
  const [ba, bb] = [buildKey(a.info), buildKey(b.info)];
  return ba[0] !== bb[0] ? ba[0] - bb[0] : ba[1] < bb[1] ? -1 : ba[1] > bb[1] ? 1 : 0;
}

/**
 * The files pip would try for a project, best first, one per version.
 * `specs` are all specifier sets on the project (intersected); `allowedHashes`
 * are `algorithm:hex` strings, or null when no requirement gives hashes.
 */
export function applicableFiles(
  name: string,
  infos: readonly CandidateInfo[],
  specs: readonly SpecifierSet[],
  allowedHashes: ReadonlySet<string> | null,
  policy: OrderingPolicy,
  reject: (rejection: FileRejection) => void,
): ApplicableFile[] {
  const evaluated: ApplicableFile[] = [];
  for (const info of infos) {
    const version = parseVersion(info.version);
    if (version === null) continue;
    const contains = policy.contains ?? ((s: SpecifierSet, v: Version) => s.contains(v, { prereleases: true }));
    const matchesSpec = specs.every((s) => contains(s, version));
    if (!matchesSpec) continue;
    const reason = evaluateLink(name, info, policy);
    if (reason !== null) {
      reject({ version: version.toString(), filename: info.filename, reason });
      continue;
    }
    const hash = allowedHashes ? matchesHash(info, allowedHashes) : "unknown";
    if (hash === "mismatch") {
      reject({ version: version.toString(), filename: info.filename, reason: "its hash does not match the required hashes" });
      continue;
    }
    evaluated.push({ info, version, hasAllowedHash: hash === "match" });
  }
  const prereleasesOk = policy.allowPrereleases || specifierNamesPrerelease(specs);
  let files = prereleasesOk ? evaluated : evaluated.filter((f) => !f.version.isPrerelease);
  if (files.length === 0) files = evaluated; // nothing else matches: pre-releases are allowed
  files.sort((a, b) => compareFiles(b, a, policy));
  const unyanked = files.filter((f) => !f.info.yanked);
  if (unyanked.length > 0 || !isPinned(specs)) {
    for (const f of files) if (f.info.yanked) reject({ version: f.version.toString(), filename: f.info.filename, reason: yankText(f.info.yanked) });
    files = unyanked;
  }
  const seen = new Set<string>();
  return files.filter((f) => {
    const key = versionKey(f.version);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function yankText(yanked: boolean | string): string {
  return typeof yanked === "string" && yanked !== "" ? `yanked (${yanked})` : "yanked";
}

/** A key equal for equal versions (`1.0` and `1.0.0`). */
export function versionKey(version: Version): string {
  const release = [...version.release];
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  return `${version.epoch}!${release.join(".")}|${version.pre?.join("") ?? ""}|${version.post ?? ""}|${version.dev ?? ""}|${version.local ?? ""}`;
}
