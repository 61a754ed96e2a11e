/**
 * A link to a distribution file, as an index page or a find-links location
 * announces it, and its evaluation into a `Candidate` (pip-behaviour.md §3.4).
 */
import { Version } from "../pep440/index.js";
import { SpecifierSet } from "../pep440/index.js";
import {
  canonicalizeName, isArchiveExtension, parseWheelFilename, splitExtension, versionFromStem,
  type NormalizedName,
} from "./archive-filename.js";
import { allowedFormats, pyVersionString, type TargetPython } from "./target.js";

export type HashName = "md5" | "sha1" | "sha224" | "sha256" | "sha384" | "sha512";
export const HASH_NAMES: readonly HashName[] = ["sha512", "sha384", "sha256", "sha224", "sha1", "md5"];

export interface Link {
  /** Absolute URL, fragment removed, credentials kept (redact before showing). */
  url: string;
  /** Decoded basename of the URL path. */
  filename: string;
  /** Hashes in announcement order; pip verifies with the first entry. */
  hashes: Record<string, string>;
  requiresPython: string | null;
  /** null: not yanked; a string (maybe empty): yanked, with the reason. */
  yanked: string | null;
  /** PEP 658/714: false, true (exists, no hash), or the hashes of the `.metadata` file. */
  coreMetadata: false | true | Record<string, string>;
  /** PEP 700 `upload-time` (ISO text), JSON only. */
  uploadTime: string | null;
  /** PEP 700 `size` in bytes, JSON only. */
  size: number | null;
  /** The `#egg=` fragment value, if any. */
  egg: string | null;
  /** The page or location this link came from (for messages). */
  comesFrom: string;
}

export interface Candidate {
  name: NormalizedName;
  /** As written in the file name (parse with pep440 to compare). */
  version: string;
  kind: "wheel" | "sdist";
  link: Link;
  /** Wheels: build tag and the index of the best supported tag (0 = best). */
  buildTag: [number, string] | null;
  tagRank: number | null;
}

export type RejectReason =
  | "yanked" | "not-a-file" | "unsupported-archive" | "binary-not-allowed" | "macosx10-zip"
  | "invalid-wheel-filename" | "wrong-project-name" | "unsupported-platform" | "source-not-allowed"
  | "missing-version" | "python-version-suffix" | "requires-python" | "invalid-version";

export type LinkEvaluation =
  | { kind: "candidate"; candidate: Candidate }
  | { kind: "rejected"; reason: RejectReason; detail: string };

const reject = (reason: RejectReason, detail: string): LinkEvaluation => ({ kind: "rejected", reason, detail });

/** pip's `LinkEvaluator.evaluate_link`, in pip's order. */
export function evaluateLink(link: Link, project: string, target: TargetPython): LinkEvaluation {
  if (link.yanked !== null && !target.allowYanked) return reject("yanked", `yanked: ${link.yanked || "no reason given"}`);
  const [baseStem, extension] = splitExtension(link.filename);
  const stem = link.egg ?? baseStem;
  if (!extension) return reject("not-a-file", `not a file: ${link.filename}`);
  if (!isArchiveExtension(extension)) return reject("unsupported-archive", `unsupported archive format: ${extension}`);
  const formats = allowedFormats(target.formatControl, project);
  const isWheel = extension.toLowerCase() === ".whl";
  if (isWheel && !formats.binary) return reject("binary-not-allowed", `no binaries permitted for ${project}`);
  if (extension.toLowerCase() === ".zip" && link.url.includes("macosx10")) return reject("macosx10-zip", "macosx10 one");
  if (isWheel) return evaluateWheel(link, project, target);
  if (!formats.source) return reject("source-not-allowed", `no source distributions permitted for ${project}`);
  return evaluateSdist(link, stem, project, target);
}

function evaluateWheel(link: Link, project: string, target: TargetPython): LinkEvaluation {
  const wheel = parseWheelFilename(link.filename);
  if (!wheel) return reject("invalid-wheel-filename", `invalid wheel filename: ${link.filename}`);
  if (wheel.name !== canonicalizeName(project)) return reject("wrong-project-name", `wrong project name (not ${project})`);
  const tagRank = bestTagRank(wheel.tags, target.supportedTags);
  if (tagRank === null) return reject("unsupported-platform", `none of the tags (${wheel.tags.join(", ")}) are compatible`);
  return finish(link, project, target, wheel.version, { kind: "wheel", buildTag: wheel.buildTag, tagRank });
}

function evaluateSdist(link: Link, stem: string, project: string, target: TargetPython): LinkEvaluation {
  let version = versionFromStem(stem, project);
  if (version === null) return reject("missing-version", `Missing project version for ${project}`);
  const suffix = /-py([123]\.?[0-9]?)$/.exec(version);
  if (suffix) {
    version = version.slice(0, suffix.index);
    if (suffix[1] !== pyVersionString(target)) return reject("python-version-suffix", `Python version ${suffix[1]} not supported`);
  }
  return finish(link, project, target, version, { kind: "sdist", buildTag: null, tagRank: null });
}

function finish(
  link: Link, project: string, target: TargetPython, version: string,
  shape: Pick<Candidate, "kind" | "buildTag" | "tagRank">,
): LinkEvaluation {
  if (!target.ignoreRequiresPython && !requiresPythonAllows(link.requiresPython, target.pythonVersion)) {
    return reject("requires-python", `${link.filename} requires Python ${link.requiresPython}`);
  }
  try {
    Version.parse(version);
  } catch {
    return reject("invalid-version", `invalid version: ${version}`);
  }
  return { kind: "candidate", candidate: { name: canonicalizeName(project), version, link, ...shape } };
}

/** Index of the best supported tag among the wheel's tags, or null if none is supported. */
export function bestTagRank(wheelTags: string[], supported: string[]): number | null {
  let best: number | null = null;
  for (const tag of wheelTags) {
    const rank = supported.indexOf(tag);
    if (rank !== -1 && (best === null || rank < best)) best = rank;
  }
  return best;
}

/** pip's `check_requires_python`: missing or invalid specifiers allow everything. */
export function requiresPythonAllows(requiresPython: string | null, version: [number, number, number]): boolean {
  if (requiresPython === null || requiresPython.trim() === "") return true;
  let specifier: SpecifierSet;
  try {
    specifier = SpecifierSet.parse(requiresPython);
  } catch {
    return true;
  }
  return specifier.contains(version.join("."), { prereleases: true });
}

/** The hash pip verifies a download against: the first announced entry. */
export function primaryHash(link: Link): [string, string] | null {
  const first = Object.entries(link.hashes)[0];
  return first ?? null;
}
