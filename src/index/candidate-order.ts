/**
 * pip's `CandidateEvaluator` order (pip-behaviour.md §3.5): which of the
 * applicable candidates is best. Ascending sort key
 * `(has_allowed_hash, -is_yanked, binary_preference, version, tag_priority, build_tag)`;
 * `sortCandidates` returns best first.
 */
import { compareVersions, Version } from "../pep440/index.js";
import type { Candidate } from "./link.js";
import type { TargetPython } from "./target.js";

export interface OrderOptions {
  /** `--hash` values per algorithm; a candidate whose link hash is among them ranks first. */
  hashes?: Record<string, string[]>;
}

function hasAllowedHash(candidate: Candidate, hashes: Record<string, string[]> | undefined): boolean {
  if (!hashes) return false;
  return Object.entries(candidate.link.hashes).some(([name, value]) => hashes[name]?.includes(value) ?? false);
}

/** Negative when `a` is worse than `b` (pip's ascending order). */
export function compareCandidates(a: Candidate, b: Candidate, target: TargetPython, options: OrderOptions = {}): number {
  const keys: [number, number][] = [
    [Number(hasAllowedHash(a, options.hashes)), Number(hasAllowedHash(b, options.hashes))],
    [-Number(a.link.yanked !== null), -Number(b.link.yanked !== null)],
    target.preferBinary ? [Number(a.kind === "wheel"), Number(b.kind === "wheel")] : [0, 0],
  ];
  for (const [x, y] of keys) if (x !== y) return x - y;
  const byVersion = compareVersions(Version.parse(a.version), Version.parse(b.version));
  if (byVersion !== 0) return byVersion;
  const tags = target.supportedTags.length;
  const priority = (c: Candidate) => (c.tagRank === null ? -tags : -c.tagRank);
  if (priority(a) !== priority(b)) return priority(a) - priority(b);
  return compareBuild(a.buildTag, b.buildTag);
}

function compareBuild(a: [number, string] | null, b: [number, string] | null): number {
  if (a === null || b === null) return (a === null ? 0 : 1) - (b === null ? 0 : 1);
  return a[0] !== b[0] ? a[0] - b[0] : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** Best first. Stable: equal candidates keep their discovery order. */
export function sortCandidates(candidates: Candidate[], target: TargetPython, options: OrderOptions = {}): Candidate[] {
  return candidates
    .map((candidate, index) => ({ candidate, index }))
    .sort((x, y) => compareCandidates(y.candidate, x.candidate, target, options) || x.index - y.index)
    .map((entry) => entry.candidate);
}
