/**
 * `install(options)`: requirements → (fast paths) → resolve → plan →
 * prepare → install, the one place that wires the stages together.
 *
 * Fast paths, tried in order, each reading no index:
 * 1. already satisfied: every requirement and dependency is met by what is
 *    installed (not with `-U`, `--force-reinstall`, `-I`, constraints);
 * 2. all pinned and cached: every requirement is `==`, and resolving only
 *    over the cache's pin records pins nothing that was not asked for
 *    exactly, so the full closure is pinned and cached.
 * Otherwise resolution reads the candidate sources (find-links, index).
 */
import { Store } from "../installer/store.js";
import type { InstalledDistribution } from "../installer/environment.js";
import { AccelError } from "../report/errors.js";
import type { CandidateSource, MetadataSource, RequirementLike, ResolveOptions, ResolveResult, ResolverReporter } from "../resolver/lib.js";
import { openEnvironment } from "./environment.js";
import type { ArtifactFetcher } from "./fetch.js";
import type { InstalledItem, InstallStepReporter } from "./install.js";
import type { PinRecords } from "./pin-records.js";
import type { Plan } from "./plan.js";
import type { PrepareReporter, SdistBuilder } from "./prepare.js";
import { alreadySatisfied, collectRequirements, isExactPin } from "./requirements.js";

export interface InstallReporter extends PrepareReporter, InstallStepReporter {
  onResolveStart?(): void;
  onResolved?(info: { pins: number; ms: number; fastPath: FastPath }): void;
  onWarning?(message: string): void;
  resolver?: ResolverReporter<never, never>;
}

export type FastPath = "satisfied" | "cached" | null;

export interface InstallOptions {
  /** Requirement specifiers or archive paths/URLs (command-line arguments). */
  requirements?: readonly string[];
  /** `-r` files. */
  requirementFiles?: readonly string[];
  /** `-c` files. */
  constraintFiles?: readonly string[];
  cacheDir: string;
  python?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  target?: string;
  prefix?: string;
  user?: boolean;
  root?: string;
  indexUrls?: readonly string[];
  findLinks?: readonly string[];
  noIndex?: boolean;
  offline?: boolean;
  upgrade?: boolean;
  forceReinstall?: boolean;
  ignoreInstalled?: boolean;
  noDeps?: boolean;
  dryRun?: boolean;
  compile?: boolean;
  pre?: boolean;
  preferBinary?: boolean;
  onlyBinary?: readonly string[];
  noBinary?: readonly string[];
  requireHashes?: boolean;
  ignoreRequiresPython?: boolean;
  /** Replace the index-backed sources (tests, library users with their own index). */
  candidateSource?: CandidateSource;
  metadataSource?: MetadataSource;
  builder?: SdistBuilder;
  jobs?: number;
  signal?: AbortSignal;
  reporter?: InstallReporter;
  /** Test hook: called after each installed file. */
  onFile?: (path: string) => void;
}

export interface InstallSummary {
  installed: InstalledItem[];
  /** Requirements kept as installed. */
  satisfied: Array<{ name: string; version: string }>;
  /** What would be / was installed (`--dry-run` stops after planning). */
  plan: Plan | null;
  resolution: ResolveResult | null;
  fastPath: FastPath;
  dryRun: boolean;
  timings: { resolveMs: number; prepareMs: number; installMs: number; totalMs: number };
}

/** The metadata source with every dependency dropped (`--no-deps`). */
function withoutDependencies(source: MetadataSource): MetadataSource {
  return {
    getMetadata: async (request) => {
      const result = await source.getMetadata(request);
      return result.kind === "ok" ? { ...result, requiresDist: [] } : result;
    },
  };
}

async function sourcesFor(options: InstallOptions, findLinks: readonly string[], indexUrls: readonly string[], fetcher: ArtifactFetcher, cwd: string): Promise<{ candidates: CandidateSource; metadata: MetadataSource }> {
  const { CombinedSource, FindLinksSource, SimpleIndexSource } = await import("./find-links-source.js");
  const local = new FindLinksSource(findLinks, fetcher, cwd);
  const candidates: CandidateSource[] = [local];
  if (indexUrls.length > 0) candidates.push(new SimpleIndexSource(indexUrls));
  return { candidates: options.candidateSource ?? new CombinedSource(candidates), metadata: options.metadataSource ?? local };
}

/** Installs the requirements into the target environment. */
export async function install(options: InstallOptions): Promise<InstallSummary> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const environment = await openEnvironment({ ...options, cwd, env });
  const collected = await collectRequirements(options.requirements ?? [], options.requirementFiles ?? [], options.constraintFiles ?? [], {
    cwd, env, initial: { indexUrls: [...(options.indexUrls ?? [])], findLinks: [...(options.findLinks ?? [])], noIndex: options.noIndex === true },
  });
  for (const warning of collected.warnings) options.reporter?.onWarning?.(warning);
  if (collected.requirements.length === 0) {
    throw new AccelError("no-requirements", "You must give at least one requirement to install", { hint: "pip-accel install NAME or -r requirements.txt" });
  }
  const fileOptions = collected.fileOptions;
  const noIndex = options.noIndex === true || fileOptions?.noIndex === true;
  const findLinks = fileOptions?.findLinks ?? [...(options.findLinks ?? [])];
  const indexUrls = noIndex ? [] : (fileOptions?.indexUrls ?? [...(options.indexUrls ?? [])]).filter((u, i, all) => all.indexOf(u) === i);
  const empty = (ms: number, fastPath: FastPath, satisfied: InstallSummary["satisfied"]): InstallSummary => ({
    installed: [], satisfied, plan: null, resolution: null, fastPath, dryRun: options.dryRun === true,
    timings: { resolveMs: ms, prepareMs: 0, installMs: 0, totalMs: performance.now() - started },
  });

  const keepInstalled = options.upgrade !== true && options.forceReinstall !== true && options.ignoreInstalled !== true;
  if (keepInstalled && collected.constraints.length === 0 && options.noDeps !== true) {
    const installed = environment.installed();
    if (alreadySatisfied(collected.requirements, installed, environment.markers)) {
      options.reporter?.onResolved?.({ pins: 0, ms: performance.now() - started, fastPath: "satisfied" });
      return empty(performance.now() - started, "satisfied", satisfiedNames(collected.requirements, installed));
    }
  }

  // Loaded only past the "already satisfied" fast path, so a no-op loads no resolver code.
  const [{ resolve }, { ArtifactFetcher }, { PinRecords }, { Planner, planIsEmpty }, { preparePlan }, { executePlan }] = await Promise.all([
    import("../resolver/lib.js"), import("./fetch.js"), import("./pin-records.js"), import("./plan.js"), import("./prepare.js"), import("./install.js"),
  ]);
  const fetcher = new ArtifactFetcher(options.cacheDir, options.offline === true);
  const pinRecords = new PinRecords(options.cacheDir);
  const resolveStarted = performance.now();
  options.reporter?.onResolveStart?.();
  let fastPath: FastPath = null;
  let resolution: ResolveResult | null = null;
  const common = {
    environment: { markers: environment.markers, tags: environment.tags() },
    constraints: collected.constraints, pre: options.pre ?? fileOptions?.releaseControl?.allReleases.includes(":all:") ?? false,
    upgrade: options.upgrade, installed: keepInstalled ? environment.installed().map((d) => ({ name: d.name, version: d.version, requiresDist: d.requiresDist })) : [],
    preferBinary: options.preferBinary ?? fileOptions?.preferBinary, onlyBinary: options.onlyBinary, noBinary: options.noBinary,
    requireHashes: options.requireHashes, ignoreRequiresPython: options.ignoreRequiresPython,
  };
  const pinned = collected.requirements.every(isExactPin);
  if (pinned && options.candidateSource === undefined && options.upgrade !== true) {
    resolution = await tryCachedResolution(resolve, collected.requirements, pinRecords, common, options.noDeps === true);
    if (resolution !== null) fastPath = "cached";
  }
  if (resolution === null) {
    if (findLinks.length === 0 && indexUrls.length === 0 && options.candidateSource === undefined) {
      throw new AccelError("no-sources", "No package index or --find-links location to install from", {
        hint: "Pass --find-links DIR or --index-url URL (pip.conf index-url / PIP_INDEX_URL work too).",
      });
    }
    const sources = await sourcesFor(options, findLinks, indexUrls, fetcher, cwd);
    resolution = await resolve(collected.requirements, {
      ...common, candidateSource: sources.candidates,
      metadataSource: options.noDeps === true ? withoutDependencies(sources.metadata) : sources.metadata,
    });
  }
  const resolveMs = performance.now() - resolveStarted;
  options.reporter?.onResolved?.({ pins: resolution.pins.length, ms: resolveMs, fastPath });
  for (const warning of resolution.warnings) options.reporter?.onWarning?.(warning);

  const store = Store.inCache(options.cacheDir);
  const plan = new Planner({ forceReinstall: options.forceReinstall, ignoreInstalled: options.ignoreInstalled })
    .plan(resolution.pins, environment.installed(), (file, pin) => storeKeyFor(store, pinRecords, file, pin.name));
  const satisfied = plan.satisfied.map((s) => ({ name: s.installed.name, version: s.installed.version }));
  if (options.dryRun === true || planIsEmpty(plan)) {
    return { ...empty(resolveMs, fastPath, satisfied), plan, resolution };
  }
  const prepareStarted = performance.now();
  const entries = await preparePlan(plan, { store, fetcher, pinRecords, builder: options.builder, jobs: options.jobs, reporter: options.reporter });
  const installStarted = performance.now();
  const installed = await executePlan(plan, entries, environment, { compile: options.compile, signal: options.signal, reporter: options.reporter, onFile: options.onFile });
  const done = performance.now();
  return {
    installed, satisfied, plan, resolution, fastPath, dryRun: false,
    timings: { resolveMs, prepareMs: installStarted - prepareStarted, installMs: done - installStarted, totalMs: done - started },
  };
}

function satisfiedNames(requirements: readonly RequirementLike[], installed: readonly InstalledDistribution[]): InstallSummary["satisfied"] {
  const texts = requirements.map((r) => (typeof r === "string" ? r : "text" in r ? r.text : r.name));
  const names = new Set(texts.map((t) => /^[A-Za-z0-9._-]+/.exec(t.trim())?.[0]?.replace(/[-_.]+/g, "-").toLowerCase() ?? ""));
  return installed.filter((d) => names.has(d.canonicalName)).map((d) => ({ name: d.name, version: d.version }));
}

function storeKeyFor(store: InstanceType<typeof Store>, records: PinRecords, file: { filename: string; hashes: Readonly<Record<string, string>> }, name: string): string | null {
  const key = records.storeKeyFor(name, file.filename) ?? (file.hashes.sha256 ?? null);
  return key !== null && store.get(key) !== null ? key : null;
}

/** Resolution over the cache's pin records only; null when that does not give a fully pinned answer. */
async function tryCachedResolution(
  resolve: (r: readonly RequirementLike[], o: ResolveOptions) => Promise<ResolveResult>,
  requirements: readonly RequirementLike[], records: PinRecords, common: Omit<ResolveOptions, "candidateSource" | "metadataSource">, noDeps: boolean,
): Promise<ResolveResult | null> {
  const { CachedPinSource } = await import("./find-links-source.js");
  const source = new CachedPinSource(records);
  try {
    const result = await resolve(requirements, { ...common, candidateSource: source, metadataSource: noDeps ? withoutDependencies(source) : source });
    return result.pins.every((p) => p.requested || p.source === "installed") ? result : null;
  } catch {
    return null;
  }
}
