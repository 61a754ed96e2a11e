/**
 * The plain, JSON-serialisable result of a Python resolution, built from the
 * core's pins and graph.
 */
import type { ResolutionResult } from "./core.js";
import type { SourceReference } from "./sources.js";
import { PYTHON_ID, baseOf, describeCandidate, type PyCandidate, type PyRequirement } from "./python-types.js";

export interface PinnedFile {
  readonly url: string;
  readonly filename: string;
  /** Hashes known from the index or the URL, `{sha256: hex}`. */
  readonly hashes: Readonly<Record<string, string>>;
  readonly isWheel: boolean;
  /** false, true or the yank reason (a yanked file is used only for `==` pins). */
  readonly yanked: boolean | string;
  /** A source tree (VCS URL, directory): what the reference stands for; `url` is its packed archive. */
  readonly reference?: SourceReference;
}

export interface ResolvedPin {
  /** Normalised project name. */
  readonly name: string;
  readonly version: string;
  /** Extras enabled for the project (union over all requirements). */
  readonly extras: readonly string[];
  /** True when the user asked for the project (not only a dependency). */
  readonly requested: boolean;
  readonly source: "index" | "direct" | "installed";
  /** The chosen file; null for an installed distribution that is kept. */
  readonly file: PinnedFile | null;
  /** User-supplied hashes (hash-checking mode) the file must match on download. */
  readonly requiredHashes: readonly string[];
  /** Why the pin is there: "requested: a>=1", "required by b 2.0: a<3". */
  readonly reasons: readonly string[];
}

export interface ResolveEdge {
  /** Project name, or null for the request itself. */
  readonly from: string | null;
  readonly to: string;
  readonly requirement: string;
}

export interface ResolveResult {
  /** Sorted by name. */
  readonly pins: readonly ResolvedPin[];
  readonly graph: readonly ResolveEdge[];
  readonly warnings: readonly string[];
  readonly stats: { readonly rounds: number; readonly metadataFetched: readonly string[] };
}

function fileOf(candidate: PyCandidate): PinnedFile | null {
  const base = baseOf(candidate);
  if (base.kind !== "link" && base.kind !== "direct") return null;
  const { url, filename, hashes, isWheel, yanked, reference } = base.info;
  return { url, filename, hashes: { ...hashes }, isWheel, yanked, ...(reference ? { reference } : {}) };
}

function sourceOf(candidate: PyCandidate): ResolvedPin["source"] {
  return candidate.kind === "installed" ? "installed" : candidate.kind === "direct" ? "direct" : "index";
}

/** A pinned candidate's file as a pin (for `onTentativePin`); null for installed and extras-only candidates. */
export function tentativePin(candidate: PyCandidate): ResolvedPin | null {
  if (candidate.kind !== "link" && candidate.kind !== "direct") return null;
  const file = fileOf(candidate);
  return file === null ? null : {
    name: candidate.name, version: candidate.version.toString(), extras: [], requested: false,
    source: sourceOf(candidate), file, requiredHashes: [], reasons: [],
  };
}

/** Collapses `name` and `name[extra]` identifiers into one pin per project. */
export function buildResolveResult(
  result: ResolutionResult<PyRequirement, PyCandidate>,
  hashesByName: ReadonlyMap<string, readonly string[]>,
  warnings: readonly string[],
  metadataFetched: readonly string[],
): ResolveResult {
  const pins = new Map<string, { candidate: PyCandidate; extras: Set<string>; requested: boolean; reasons: string[] }>();
  for (const [id, candidate] of result.mapping) {
    if (id === PYTHON_ID) continue;
    const entry = pins.get(candidate.name) ?? { candidate: baseOf(candidate), extras: new Set<string>(), requested: false, reasons: [] };
    if (candidate.kind === "extras") for (const e of candidate.extras) entry.extras.add(e);
    for (const info of result.information.get(id) ?? []) {
      if (info.requirement.kind === "pinned" && info.parent && info.parent.name === candidate.name) continue;
      if (info.parent === null) entry.requested = true;
      const reason = info.parent === null ? `requested: ${info.requirement.text}` : `required by ${describeCandidate(info.parent)}: ${info.requirement.text}`;
      if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    }
    pins.set(candidate.name, entry);
  }
  const graph: ResolveEdge[] = [];
  for (const edge of result.edges) {
    if (edge.to === PYTHON_ID) continue;
    const to = result.mapping.get(edge.to)!.name;
    const from = edge.from === null ? null : result.mapping.get(edge.from)!.name;
    if (from === to) continue;
    if (!graph.some((e) => e.from === from && e.to === to && e.requirement === edge.requirement.text)) graph.push({ from, to, requirement: edge.requirement.text });
  }
  const out = [...pins].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, p]): ResolvedPin => ({
    name,
    version: p.candidate.version.toString(),
    extras: [...p.extras].sort(),
    requested: p.requested,
    source: sourceOf(p.candidate),
    file: fileOf(p.candidate),
    requiredHashes: [...(hashesByName.get(name) ?? [])],
    reasons: p.reasons,
  }));
  return { pins: out, graph, warnings: [...warnings], stats: { rounds: result.rounds, metadataFetched: [...metadataFetched] } };
}
