/**
 * `pip-accel/resolver`: resolution only, with no I/O of its own.
 *
 *     import { resolve } from "pip-accel/resolver";
 *     const result = await resolve(["requests>=2"], {
 *       environment: { markers: {...}, tags: [...] },
 *       candidateSource, metadataSource,
 *     });
 *
 * The caller supplies where candidates and metadata come from (the index
 * client and cache supply HTTP-backed sources; `MemorySource` serves a
 * hand-written index). The result is plain data. Failures throw
 * `UnsatisfiableRequirements` (with the explanation text and structured
 * causes) or other `AccelError`s. Nothing is printed, no process is run, no
 * module state is kept: concurrent resolutions do not interfere.
 */
import { SpecifierSet } from "../pep440/index.js";
import { expandTagPlatforms } from "../tags/index.js";
import { AccelError } from "../report/errors.js";
import { resolveWith } from "./core.js";
import { ResolutionImpossible } from "./errors.js";
import { explainResolution, missingProjects } from "./explain.js";
import { isPinned } from "./candidate-ordering.js";
import { PythonProvider } from "./python-provider.js";
import { hashesFromUrl, makeRequirement, parseRequested, type RequirementLike } from "./python-requirements.js";
import type { PyCandidate, PyRequirement } from "./python-types.js";
import type { ResolverReporter } from "./reporter.js";
import { buildResolveResult, tentativePin, type ResolvedPin, type ResolveResult } from "./result.js";
import type { CandidateSource, InstalledDistributionInfo, MetadataSource, SourceTreeSource, TargetEnvironment } from "./sources.js";
import { createIndexSources, type IndexSources, type IndexSourcesOptions } from "./index-backed.js";
import { canonicalizeName } from "../filenames/index.js";

export type { ResolveResult, ResolvedPin, ResolveEdge, PinnedFile } from "./result.js";
export type {
  CandidateInfo, CandidateSource, MetadataSource, MetadataResult, MetadataRequest, CandidateMetadata, MetadataUnavailable, InstalledDistributionInfo, TargetEnvironment,
  SourceTreeSource, SourceReference, PreparedTree,
} from "./sources.js";
export type { RequirementInput, RequirementLike } from "./python-requirements.js";
export type { ResolverReporter } from "./reporter.js";
export { ResolutionImpossible, ResolutionTooDeep } from "./errors.js";
export { MemorySource, type MemoryIndex, type MemoryRelease } from "./memory-source.js";
export { createIndexSources, type IndexSources, type IndexSourcesOptions } from "./index-backed.js";
export { IndexCandidateSource } from "./index-candidate-source.js";
export { IndexMetadataSource, type MetadataVia } from "./index-metadata-source.js";

export interface ResolveOptions {
  readonly environment: TargetEnvironment;
  /** Where candidates come from; default: the index-backed source built from the options below. */
  readonly candidateSource?: CandidateSource;
  /** Where metadata comes from; default: the index-backed source (PEP 658, wheel ranges, sdist static metadata). */
  readonly metadataSource?: MetadataSource;
  /** `--index-url` then `--extra-index-url`s (default PyPI); used when no sources are given. */
  readonly indexUrls?: readonly string[];
  readonly findLinks?: readonly string[];
  readonly noIndex?: boolean;
  /** The cache root; the only place the index-backed sources write. */
  readonly cacheDir?: string | null;
  /** Never open a connection. */
  readonly offline?: boolean;
  /** Revalidate pages and skip the offline-first pass. */
  readonly refresh?: boolean;
  /** Asked for sdists without static metadata (e.g. a metadata build). */
  readonly fallbackMetadataSource?: MetadataSource;
  /**
   * Turns VCS URLs and local directories into archives (pip-accel's operations
   * layer supplies one that runs git); without it such references are unavailable.
   */
  readonly sourceTrees?: SourceTreeSource;
  /** HTTP settings and hooks for the index-backed sources (retries, timeout, TLS, request log, warnings). */
  readonly index?: Pick<IndexSourcesOptions, "http" | "onRequest" | "onWarning">;
  /** Constraint-file entries: they limit versions but never add projects. Names only, no extras. */
  readonly constraints?: readonly RequirementLike[];
  readonly pre?: boolean;
  readonly upgrade?: boolean;
  readonly upgradeStrategy?: "only-if-needed" | "eager";
  readonly installed?: readonly InstalledDistributionInfo[];
  readonly preferBinary?: boolean;
  /** Project names, `:all:` or `:none:` (as pip's --only-binary / --no-binary). */
  readonly onlyBinary?: readonly string[];
  readonly noBinary?: readonly string[];
  readonly requireHashes?: boolean;
  readonly ignoreRequiresPython?: boolean;
  readonly maxRounds?: number;
  readonly reporter?: ResolverReporter<PyRequirement, PyCandidate>;
  /**
   * Told each time a project's file is pinned, with the pin as the result would hold it
   * (no extras, reasons or user hashes yet). The resolver may still undo it: installers
   * use it to fetch ahead, never as a result. Must not throw.
   */
  readonly onTentativePin?: (pin: ResolvedPin) => void;
}

/** A structured cause: a requirement and who asked for it ("name version" or null). */
export interface ConflictCause {
  readonly requirement: string;
  readonly requiredBy: string | null;
}

/** The requirements cannot be met together; `explanation` says why, step by step. */
export class UnsatisfiableRequirements extends AccelError {
  /**
   * @param missing the projects no configured source offers at all (a misspelt name, a wrong
   * index: pip's "No matching distribution found"); the headline and the hint then say so.
   * Empty for a real conflict. The code stays `resolution-impossible` either way.
   * @param locations where the sources looked (redacted), named in that headline.
   */
  constructor(
    readonly explanation: string, readonly conflicts: readonly ConflictCause[], cause: unknown,
    readonly missing: readonly string[] = [], readonly locations: readonly string[] = [],
  ) {
    const where = locations.length > 0 ? `: ${locations.join(", ")}` : "";
    super("resolution-impossible", missing.length === 0 ? explanation : `No distribution of ${missing.join(", ")} was found in the configured sources${where}.\n\n${explanation}`, {
      cause,
      hint: missing.length === 0
        ? "Relax or remove one of the requirements listed above, or add a constraint that picks compatible versions."
        : "Check the spelling of the project name, and that --index-url, --extra-index-url or --find-links point at a source that has it.",
    });
    this.name = "UnsatisfiableRequirements";
  }
}

/** pip's FormatControl lists: `:none:` clears what came before. */
function formatList(values: readonly string[] | undefined): string[] {
  let out: string[] = [];
  for (const value of values ?? []) {
    for (const part of value.split(",").map((v) => v.trim()).filter(Boolean)) {
      if (part === ":none:") out = [];
      else out.push(part === ":all:" ? part : canonicalizeName(part));
    }
  }
  return out;
}

function collectConstraints(options: ResolveOptions): Map<string, SpecifierSet[]> {
  const out = new Map<string, SpecifierSet[]>();
  for (const text of options.constraints ?? []) {
    const found = parseRequested(text, options.environment.markers);
    if (found === null) continue;
    if (found.parsed.extras.length > 0 || found.parsed.url !== null) {
      throw new AccelError("invalid-constraint", `Constraint '${typeof text === "string" ? text : found.parsed.name}' must name a project and versions only (no extras, no URL).`);
    }
    const requirement = makeRequirement(found.parsed);
    if (requirement.kind === "specifier") out.set(requirement.name, [...(out.get(requirement.name) ?? []), requirement.specifier]);
  }
  return out;
}

/** In hash-checking mode every requested requirement must be a `==`/`===` pin or a URL. */
function checkHashMode(requested: readonly PyRequirement[]): void {
  const loose = requested.filter((r) => r.kind === "specifier" && !isPinned([r.specifier]));
  if (loose.length > 0) {
    throw new AccelError("hashes-require-pins", `In hash-checking mode every requirement must be pinned with == or ===: ${loose.map((r) => r.text).join(", ")}.`, {
      hint: "Pin the versions (e.g. with pip-compile --generate-hashes), or leave hash-checking mode.",
    });
  }
}

interface Sources {
  readonly candidateSource: CandidateSource;
  readonly metadataSource: MetadataSource;
}

async function resolveOnce(requested: PyRequirement[], options: ResolveOptions, sources: Sources, completeLists: boolean) {
  const provider = new PythonProvider({
    ...sources,
    ...(options.sourceTrees ? { sourceTrees: options.sourceTrees } : {}),
    environment: options.environment,
    constraints: collectConstraints(options),
    pre: options.pre ?? false,
    upgrade: options.upgrade ?? false,
    upgradeStrategy: options.upgradeStrategy ?? "only-if-needed",
    requestedNames: new Set(requested.map((r) => r.name)),
    installed: options.installed ?? [],
    formats: { noBinary: formatList(options.noBinary), onlyBinary: formatList(options.onlyBinary), preferBinary: options.preferBinary ?? false },
    ignoreRequiresPython: options.ignoreRequiresPython ?? false,
    completeLists,
  });
  try {
    const core = await resolveWith(provider, requested, { maxRounds: options.maxRounds ?? 200_000, reporter: withTentativePins(options) });
    return { core, provider };
  } catch (error) {
    if (!(error instanceof ResolutionImpossible)) throw error;
    const impossible = error as ResolutionImpossible<PyRequirement, PyCandidate>;
    const python = options.environment.markers["python_full_version"] ?? "unknown";
    const text = await explainResolution(impossible, provider, python);
    const conflicts = impossible.causes.map((c) => ({ requirement: c.requirement.text, requiredBy: c.parent ? `${c.parent.name} ${c.parent.version.toString()}` : null }));
    const missing = await missingProjects(impossible, provider);
    throw new UnsatisfiableRequirements(text, conflicts, error, missing ?? [], missing === null ? [] : (sources.candidateSource.locations?.() ?? []));
  }
}

/** The caller's reporter, with `onTentativePin` told of every pinned file. */
function withTentativePins(options: ResolveOptions): ResolverReporter<PyRequirement, PyCandidate> {
  const reporter = options.reporter ?? {};
  const told = options.onTentativePin;
  if (told === undefined) return reporter;
  return {
    ...reporter,
    onPin: (identifier, candidate) => {
      reporter.onPin?.(identifier, candidate);
      const pin = tentativePin(candidate);
      if (pin !== null) told(pin);
    },
  };
}

/** Resolves `requirements` for the target environment. */
export async function resolve(requirements: readonly RequirementLike[], given: ResolveOptions): Promise<ResolveResult> {
  // A target tagged manylinux_2_36 (say) also runs every older manylinux tag: see expandTagPlatforms.
  const options: ResolveOptions = { ...given, environment: { ...given.environment, tags: expandTagPlatforms(given.environment.tags) } };
  const requested: PyRequirement[] = [];
  const hashesByName = new Map<string, string[]>();
  for (const item of requirements) {
    const found = parseRequested(item, options.environment.markers);
    if (found === null) continue;
    const requirement = makeRequirement(found.parsed, found.hashes);
    requested.push(requirement);
    if (found.hashes.length > 0) hashesByName.set(requirement.name, [...(hashesByName.get(requirement.name) ?? []), ...found.hashes]);
  }
  const hashMode = options.requireHashes === true || hashesByName.size > 0;
  if (hashMode) checkHashMode(requested);
  const requestedNames = new Set(requested.map((r) => r.name));
  const owned = options.candidateSource && options.metadataSource ? null : indexSourcesFor(options, hashesByName, requestedNames);
  try {
    return await resolveWithSources(requested, hashesByName, hashMode, options, {
      candidateSource: options.candidateSource ?? owned!.candidateSource,
      metadataSource: options.metadataSource ?? owned!.metadataSource,
    });
  } finally {
    await owned?.close();
  }
}

function indexSourcesFor(options: ResolveOptions, hashesByName: ReadonlyMap<string, readonly string[]>, requestedNames: ReadonlySet<string>): IndexSources {
  const eager = options.upgradeStrategy === "eager";
  return createIndexSources({
    ...options.index,
    environment: options.environment,
    ...(options.indexUrls ? { indexUrls: options.indexUrls } : {}),
    ...(options.findLinks ? { findLinks: options.findLinks } : {}),
    noIndex: options.noIndex ?? false,
    cacheDir: options.cacheDir ?? null,
    offline: options.offline ?? false,
    refresh: options.refresh ?? false,
    upgrade: options.upgrade ? (eager ? true : (name: string) => requestedNames.has(name)) : false,
    pre: options.pre ?? false,
    ...(options.fallbackMetadataSource ? { fallbackMetadataSource: options.fallbackMetadataSource } : {}),
    hashes: (name) => userHashes(hashesByName.get(name)),
  });
}

function userHashes(list: readonly string[] | undefined): Record<string, string[]> | undefined {
  if (list === undefined || list.length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (const h of list) {
    const [alg, hex] = h.split(":") as [string, string];
    (out[alg] ??= []).push(hex);
  }
  return out;
}

async function resolveWithSources(
  requested: PyRequirement[], hashesByName: Map<string, string[]>, hashMode: boolean, options: ResolveOptions, sources: Sources,
): Promise<ResolveResult> {
  let outcome: { core: Awaited<ReturnType<typeof resolveWith<PyRequirement, PyCandidate>>>; provider: PythonProvider };
  try {
    outcome = await resolveOnce(requested, options, sources, false);
  } catch (error) {
    // Offline-first lists may have hidden the versions that work: try once more with every index's files.
    if (!(error instanceof UnsatisfiableRequirements) || !sources.candidateSource.usedPartialLists?.()) throw error;
    outcome = await resolveOnce(requested, options, sources, true);
  }
  const { core, provider } = outcome;
  const result = buildResolveResult(core, hashesByName, provider.warnings, provider.metadataLog);
  if (hashMode) {
    const userHashed = (p: ResolvedPin) => p.source === "direct" && Object.keys(hashesFromUrl(p.file?.url ?? "")).length > 0;
    const missing = result.pins.filter((p) => p.source !== "installed" && p.requiredHashes.length === 0 && !userHashed(p));
    if (missing.length > 0) {
      throw new AccelError("hashes-missing", `Hashes are required in hash-checking mode, but they are missing for: ${missing.map((p) => `${p.name}==${p.version}`).join(", ")}.`, {
        hint: "Add every dependency to the requirements with its --hash (e.g. pip-compile --generate-hashes).",
      });
    }
  }
  return result;
}
