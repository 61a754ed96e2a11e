/**
 * The requirement and candidate types the Python provider hands to the core.
 * Every value carries its core identifier (`id`): `name`, `name[extra,...]`,
 * `<python>` for the target interpreter, or `<unavailable:...>` for a
 * candidate whose metadata could not be had.
 */
import type { SpecifierSet, Version } from "../pep440/index.js";
import type { CandidateInfo, InstalledDistributionInfo } from "./sources.js";

interface RequirementBase {
  readonly role: "requirement";
  readonly id: string;
  /** Normalised project name ("" for virtual identifiers). */
  readonly name: string;
  readonly extras: readonly string[];
  /** Text shown to users, e.g. `b>=2` or `b @ https://...`. */
  readonly text: string;
}

/** `name[extras] specifier`, with the hashes the user gave (`sha256:hex`). */
export interface SpecifierRequirement extends RequirementBase {
  readonly kind: "specifier";
  readonly specifier: SpecifierSet;
  readonly hashes: readonly string[];
}

/** `name[extras] @ url`: only that file may satisfy it. */
export interface UrlRequirement extends RequirementBase {
  readonly kind: "url";
  readonly url: string;
}

/** Exactly this candidate (an extra's dependency on its base, a self-referencing extra). */
export interface PinnedRequirement extends RequirementBase {
  readonly kind: "pinned";
  readonly candidate: BaseCandidate;
}

/** The candidate's metadata Requires-Python, as a dependency on the target Python. */
export interface PythonRequirement extends RequirementBase {
  readonly kind: "python";
  readonly specifier: SpecifierSet;
}

/** Metadata could not be had: a dependency nothing satisfies, so the candidate is skipped. */
export interface UnavailableRequirement extends RequirementBase {
  readonly kind: "unavailable";
  readonly reason: string;
}

export type PyRequirement = SpecifierRequirement | UrlRequirement | PinnedRequirement | PythonRequirement | UnavailableRequirement;

interface CandidateBase {
  readonly role: "candidate";
  readonly id: string;
  readonly name: string;
  readonly version: Version;
  /** Unique per (project, version, file, extras): incompatibilities compare keys. */
  readonly key: string;
}

/** A file from the index or find-links. */
export interface LinkCandidate extends CandidateBase {
  readonly kind: "link";
  readonly info: CandidateInfo;
}

/** A file named by a direct reference. */
export interface DirectCandidate extends CandidateBase {
  readonly kind: "direct";
  readonly info: CandidateInfo;
}

/** A distribution already installed in the target. */
export interface InstalledCandidate extends CandidateBase {
  readonly kind: "installed";
  readonly dist: InstalledDistributionInfo;
}

export type BaseCandidate = LinkCandidate | DirectCandidate | InstalledCandidate;

/** `name[extras]` at the version of `base`: depends on `base` and on the extras' requirements. */
export interface ExtrasCandidate extends CandidateBase {
  readonly kind: "extras";
  readonly base: BaseCandidate;
  readonly extras: readonly string[];
}

/** The target interpreter. */
export interface PythonCandidate extends CandidateBase {
  readonly kind: "python";
}

export type PyCandidate = BaseCandidate | ExtrasCandidate | PythonCandidate;

export const PYTHON_ID = "<python>";

/** `name` or `name[a,b]` (extras sorted). */
export function identifierFor(name: string, extras: readonly string[]): string {
  return extras.length === 0 ? name : `${name}[${[...extras].sort().join(",")}]`;
}

/** The base candidate of any project candidate. */
export function baseOf(candidate: PyCandidate): PyCandidate {
  return candidate.kind === "extras" ? candidate.base : candidate;
}

/** `name version` for messages. */
export function describeCandidate(candidate: PyCandidate): string {
  if (candidate.kind === "python") return `Python ${candidate.version.toString()}`;
  const extras = candidate.kind === "extras" ? `[${candidate.extras.join(",")}]` : "";
  return `${candidate.name}${extras} ${candidate.version.toString()}`;
}
