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
 * Otherwise resolution reads the index-backed sources (src/resolver's
 * `createIndexSources`: the local source index first, then find-links and
 * the indexes), files are fetched through the index Downloader into the
 * source index, and sdists are built by the Builder into the binary cache.
 * Nothing is installed until every item is prepared, so a network or build
 * failure leaves the environment as it was.
 */
import { Store } from "../installer/store.js";
import { distInfoNames, siteInputs, type NamedDistribution } from "../installer/environment.js";
import { AccelError } from "../report/errors.js";
import type { CandidateSource, MetadataSource, PinnedFile, RequirementLike, ResolvedPin, ResolveOptions, ResolveResult, ResolverReporter, SourceTreeSource } from "../resolver/lib.js";
import { openEnvironment, recoveryMessage, type EnvironmentOptions, type TargetEnvironment } from "./environment.js";
import type { BuildReporter } from "../builder/run-build.js";
import type { RequestLogEntry } from "../index/http.js";
import type { InstalledItem, InstallStepReporter } from "./execute-plan.js";
import { InstallSession } from "./index-session.js";
import type { PinRecords } from "./pin-records.js";
import type { Plan } from "./plan.js";
import type { PrepareAhead } from "./prepare-ahead.js";
import type { PrepareReporter, SdistBuilder } from "./prepare.js";
import { alreadySatisfied, satisfiedWithoutDependencies, collectRequirements, hashesByProject, isExactPin, nameUnnamedTrees, requirementText, type CollectedRequirements } from "./requirements.js";
import { SatisfiedMemo } from "./satisfied-memo.js";
import { plainJson, ResolutionMemo } from "./resolution-memo.js";
import { BUCKETS, downloadCacheDir, resolveCacheRoot } from "../cache/cache.js";
import { join } from "node:path";
import { canonicalizeName } from "../filenames/index.js";
import { absoluteIn, withFileOptions, type ResolutionPolicy } from "./policy.js";
import type { HttpSettings } from "./resolution.js";

export interface InstallReporter extends PrepareReporter, InstallStepReporter {
  onResolveStart?(): void;
  onResolved?(info: { pins: number; ms: number; fastPath: FastPath }): void;
  onWarning?(message: string): void;
  resolver?: ResolverReporter<never, never>;
  /** Build start/output/done events of the sdist builder. */
  build?: BuildReporter;
}

export type FastPath = "satisfied" | "cached" | "remembered" | null;

/** The target (`--python`, `--target`, `--prefix`, `--user`, `--root`, the cache root) as `EnvironmentOptions`, plus what to install and how. */
export interface InstallOptions extends EnvironmentOptions, ResolutionPolicy {
  /** Requirement specifiers or archive paths/URLs (command-line arguments). */
  requirements?: readonly string[];
  /** `-e`/`--editable` values (local paths or VCS URLs). */
  editables?: readonly string[];
  /** `-r` files. */
  requirementFiles?: readonly string[];
  /** `-c` files. */
  constraintFiles?: readonly string[];
  indexUrls?: readonly string[];
  findLinks?: readonly string[];
  noIndex?: boolean;
  offline?: boolean;
  /** `--refresh`: revalidate index pages and skip the offline-first pass. */
  refresh?: boolean;
  /** Retries, timeout, trusted hosts, certificates, proxy environment. */
  http?: HttpSettings;
  /** Sees every HTTP request attempt (tests count them). */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Also build pip's installation report (version 1) into `summary.report`. */
  report?: boolean;
  /** `pip_version` written in the report (the pip-accel version). */
  reportVersion?: string;
  forceReinstall?: boolean;
  ignoreInstalled?: boolean;
  dryRun?: boolean;
  compile?: boolean;
  /** Replace the index-backed sources (tests, library users with their own index); files are then read from `file:` URLs or the source index. */
  candidateSource?: CandidateSource;
  metadataSource?: MetadataSource;
  builder?: SdistBuilder;
  /** Failed builds for want of a system package: install it without asking (`--auto-install`, `PIP_ACCEL_AUTO_INSTALL`). */
  autoInstall?: boolean;
  /** Asks before installing a system package (on a terminal); without it the answer is no. */
  confirm?: (question: string) => Promise<boolean>;
  /** Runs the package manager (default: a child process with its output captured). */
  exec?: (argv: string[]) => Promise<{ code: number; output: string }>;
  jobs?: number;
  signal?: AbortSignal;
  reporter?: InstallReporter;
  /** Test hook: called after each installed file. */
  onFile?: (path: string) => void;
  /** Where `-e git+…` clones go (`--src`; default `<prefix>/src`, as pip). */
  srcDir?: string;
  /** Hash local directories by mtimes instead of contents (`--trust-mtimes`). */
  trustMtimes?: boolean;
  /** Fill `summary.inputs` (for a caller that memoises a whole command's "nothing to do"). */
  trackInputs?: boolean;
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
  /** pip's installation report text (with `report: true`), else null. */
  report: string | null;
  /**
   * With `trackInputs`, for an install answered by fast path 1 ("satisfied"):
   * every local path whose state the answer depended on (requirement files
   * read and paths probed, the interpreter's, the site directories and each
   * METADATA). Null otherwise, or when a URL was read or the site holds
   * something a stamp cannot speak for (an `.egg-info`, a transaction).
   */
  inputs: string[] | null;
  timings: { resolveMs: number; prepareMs: number; installMs: number; totalMs: number };
}

/** What was installed as pip names it: canonical names (`flask-3.1.3`, not the metadata's `Flask`), sorted. */
export function installedSpecs(summary: Pick<InstallSummary, "installed">): string[] {
  return summary.installed.map((i) => `${canonicalizeName(i.name)}-${i.version}`).sort();
}


/** Installs the requirements into the target environment. */
export async function install(options: InstallOptions): Promise<InstallSummary> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  // A first run must start Python to query it: the modules an install past the
  // "already satisfied" check needs load meanwhile (they are only loaded, never run).
  const environment = await openEnvironment({ ...options, cwd, env, onInterpreterQuery: () => void loadInstallModules(true).catch(() => {}) });
  for (const recovered of environment.recovered) options.reporter?.onWarning?.(recoveryMessage(recovered));
  const session = new InstallSession({
    cacheDir: options.cacheDir, offline: options.offline === true, refresh: options.refresh === true, env: { ...env },
    srcDir: options.srcDir ?? join(environment.interpreter.info.prefix, "src"), trustMtimes: options.trustMtimes === true,
    ...(options.http ? { http: options.http } : {}), ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    ...(options.reporter?.onWarning ? { onWarning: (m: string) => options.reporter?.onWarning?.(m) } : {}),
  });
  try {
    const inputs = options.trackInputs === true ? { local: new Set<string>(), remote: false } : null;
    const collected = await collectRequirements(options.requirements ?? [], options.requirementFiles ?? [], options.constraintFiles ?? [], {
      cwd, env, fetchText: (url) => session.fetchText(url), editables: options.editables ?? [],
      ...(inputs !== null ? { observe: { local: (p: string) => void inputs.local.add(p), remote: () => void (inputs.remote = true) } } : {}),
      initial: { indexUrls: [...(options.indexUrls ?? [])], findLinks: [...(options.findLinks ?? [])], noIndex: options.noIndex === true },
    });
    return await installCollected({ options, cwd, env, environment, session, collected, started, inputs });
  } finally {
    await session.close();
  }
}

interface Run {
  options: InstallOptions;
  cwd: string;
  env: Record<string, string | undefined>;
  environment: TargetEnvironment;
  session: InstallSession;
  collected: CollectedRequirements;
  started: number;
  /** What the requirements read, with `trackInputs`. */
  inputs: { local: Set<string>; remote: boolean } | null;
}

/** Where this install's files come from: the command line's sources as the requirement files changed them. */
interface SourcesChoice {
  indexUrls: string[];
  findLinks: string[];
  noIndex: boolean;
  pre: boolean;
}

function chooseSources(run: Run): SourcesChoice {
  const { options, collected } = run;
  const fileOptions = collected.fileOptions;
  const noIndex = options.noIndex === true || fileOptions?.noIndex === true;
  return {
    noIndex,
    findLinks: [...new Set((fileOptions?.findLinks ?? [...(options.findLinks ?? [])]).map(absoluteIn(run.cwd)))],
    indexUrls: noIndex ? [] : [...new Set(fileOptions?.indexUrls ?? [...(options.indexUrls ?? [])])],
    pre: options.pre === true || (fileOptions?.releaseControl?.allReleases.includes(":all:") ?? false),
  };
}

/** Installed distributions are kept unless `-U`, `--force-reinstall` or `-I`. */
const keepsInstalled = (options: InstallOptions): boolean => options.upgrade !== true && options.forceReinstall !== true && options.ignoreInstalled !== true;

/** A summary of an install that changes nothing. */
async function nothingToDo(
  run: Run, store: Store, ms: number, fastPath: FastPath, satisfied: InstallSummary["satisfied"], inputs: string[] | null = null,
): Promise<InstallSummary> {
  return {
    installed: [], satisfied, plan: null, resolution: null, fastPath, dryRun: run.options.dryRun === true,
    report: run.options.report === true ? await reportText(run, [], store, null) : null, inputs,
    timings: { resolveMs: ms, prepareMs: 0, installMs: 0, totalMs: performance.now() - run.started },
  };
}

/** Fast path 1: every requirement and dependency met by what is installed (no resolver code is loaded). */
async function satisfiedAsInstalled(run: Run): Promise<InstallSummary["satisfied"] | null> {
  const { options, environment, collected } = run;
  if (!keepsInstalled(options) || collected.constraints.length > 0 || collected.unnamedTrees.length > 0) return null;
  if (options.noDeps === true) { // names and versions only: the .dist-info directory names tell them, no METADATA is read
    const named = distInfoNames(environment.siteDirs);
    return named !== null && satisfiedWithoutDependencies(collected.requirements, named, environment.markers) ? satisfiedNames(collected.requirements, named) : null;
  }
  const memo = new SatisfiedMemo(options.cacheDir, {
    requirements: collected.requirements.map(requirementText), markers: environment.markers, siteDirs: environment.siteDirs,
  });
  const remembered = memo.recall();
  if (remembered !== null) return remembered.satisfied;
  const installed = environment.installed();
  if (!alreadySatisfied(collected.requirements, installed, environment.markers)) return null;
  const satisfied = satisfiedNames(collected.requirements, installed);
  await memo.remember({ satisfied });
  return satisfied;
}

/** `summary.inputs` of a "satisfied" answer (see there), or null. */
function satisfiedInputs(run: Run): string[] | null {
  if (run.inputs === null || run.inputs.remote) return null;
  const site = siteInputs(run.environment.siteDirs);
  return site === null ? null : [...new Set([...run.inputs.local, ...run.environment.interpreterInputs, ...site])];
}

/** Tells the session what its index sources and builder are made of (opened only when used). */
function configureSession(run: Run, sources: SourcesChoice): void {
  const { options, environment } = run;
  run.session.configure(
    {
      environment: { markers: environment.markers, tags: environment.tags() }, ...sources, upgrade: options.upgrade === true,
      hashes: hashesByProject(run.collected.requirements), editables: run.collected.editables,
    },
    {
      interpreter: environment.interpreter, findLinks: sources.findLinks, env: { ...run.env },
      ...(options.jobs !== undefined ? { jobs: options.jobs } : {}), ...(options.reporter?.build ? { reporter: options.reporter.build } : {}),
      ...(options.builder ? { override: options.builder } : {}), autoInstall: options.autoInstall === true,
      ...(options.confirm ? { confirm: options.confirm } : {}), ...(options.exec ? { exec: options.exec } : {}),
    },
  );
}

/** The resolver's options shared by the cached and the online resolution. */
function resolveOptions(run: Run, sources: SourcesChoice): CommonOptions {
  const { options, environment, collected } = run;
  return {
    environment: { markers: environment.markers, tags: environment.tags() },
    constraints: collected.constraints, pre: sources.pre, upgrade: options.upgrade,
    installed: keepsInstalled(options) ? environment.installed().map((d) => ({ name: d.name, version: d.version, requiresDist: d.requiresDist })) : [],
    ...withFileOptions(options, collected.fileOptions),
  };
}

let installModules: ReturnType<typeof importInstallModules> | null = null;
let resolverModules: Promise<ResolutionModules> | null = null;

/**
 * The modules past the "already satisfied" fast path, loaded once (a no-op loads no
 * resolver code). `withHttp` (a first run, which will resolve and go online) also starts
 * loading the resolver and undici.
 */
function loadInstallModules(withHttp: boolean): ReturnType<typeof importInstallModules> {
  if (withHttp) {
    void loadResolverModules().catch(() => {});
    void import("../index/http.js").then((http) => http.preloadUndici()).catch(() => {});
  }
  return (installModules ??= importInstallModules());
}

/** The resolver and the index sources: not loaded when a remembered resolution answers. */
function loadResolverModules(): Promise<ResolutionModules> {
  return (resolverModules ??= Promise.all([import("../resolver/lib.js"), import("./resolution.js")]));
}

async function importInstallModules() {
  const [{ PinRecords }, { Planner, planIsEmpty }, { preparePlan }, { executePlan }, { PrepareAhead }] = await Promise.all([
    import("./pin-records.js"), import("./plan.js"), import("./prepare.js"), import("./execute-plan.js"), import("./prepare-ahead.js"),
  ]);
  return { PinRecords, Planner, planIsEmpty, preparePlan, executePlan, PrepareAhead };
}

type InstallModules = Awaited<ReturnType<typeof importInstallModules>>;

type ResolutionModules = [typeof import("../resolver/lib.js"), typeof import("./resolution.js")];

/**
 * Fast path 2 (a remembered answer whose files are all in the store), fast path 3 (all pinned
 * and cached), else the index-backed resolution.
 */
async function resolveRequirements(
  run: Run, sources: SourcesChoice, pinRecords: PinRecords, ahead: PrepareAhead | null, inStore: (pin: ResolvedPin) => boolean,
): Promise<{ resolution: ResolveResult; fastPath: FastPath }> {
  const { options, collected } = run;
  const common = resolveOptions(run, sources);
  const memo = resolutionMemo(run, sources, common, pinRecords);
  const remembered = memo?.recall() ?? null;
  if (remembered !== null && remembered.pins.every(inStore)) return { resolution: remembered, fastPath: "remembered" };
  const [{ resolve }, resolution] = await loadResolverModules();
  if (collected.requirements.every(isExactPin) && options.candidateSource === undefined && options.upgrade !== true && options.refresh !== true) {
    const cached = await tryCachedResolution(resolve, resolution.withoutDependencies, collected.requirements, pinRecords, common, options.noDeps === true);
    if (cached !== null) {
      await memo?.remember(cached);
      return { resolution: cached, fastPath: "cached" };
    }
  }
  const allDirect = collected.requirements.every((r) => typeof r !== "string" && "text" in r && / @ /.test(r.text));
  if (sources.findLinks.length === 0 && sources.indexUrls.length === 0 && !sources.noIndex && options.candidateSource === undefined && !allDirect) {
    throw new AccelError("no-sources", "No package index or --find-links location to install from", {
      hint: "Pass --find-links DIR or --index-url URL (pip.conf index-url / PIP_INDEX_URL work too).",
    });
  }
  const indexSources = options.candidateSource === undefined || options.metadataSource === undefined ? await run.session.sources() : null;
  const candidates = options.candidateSource ?? indexSources!.candidateSource;
  const metadata = options.metadataSource ?? indexSources!.metadataSource;
  // Made on first use: a resolution with no VCS URL or local directory never loads the source-tree code (git, sdist metadata, TOML).
  const sourceTrees: SourceTreeSource = { prepare: async (name, url) => (await run.session.sourceTrees()).prepare(name, url) };
  const lookups = indexSources?.client.remoteLookups ?? 0;
  const online = await resolution.namingOfflineMisses(indexSources, () => resolve(collected.requirements, {
    ...common, candidateSource: candidates, metadataSource: options.noDeps === true ? resolution.withoutDependencies(metadata) : metadata, sourceTrees,
    ...(ahead !== null ? { onTentativePin: ahead.onPin } : {}),
  }));
  // Kept only when the client read the same source index, no download cache, and no index page.
  const client = indexSources?.client;
  if (memo !== null && client !== undefined && client.sourceIndexDir === memo.sourceIndexDir && !client.readsDownloadCache && client.remoteLookups === lookups) {
    await memo.remember(online);
  }
  return { resolution: online, fastPath: null };
}

/**
 * The memo of a resolution from the local caches alone (resolution-memo.ts), or null where the
 * answer can depend on more than the question, the source index and the pin records.
 */
function resolutionMemo(run: Run, sources: SourcesChoice, common: CommonOptions, pinRecords: PinRecords): ResolutionMemo | null {
  const { options, collected } = run;
  if (options.candidateSource !== undefined || options.metadataSource !== undefined || options.upgrade === true || options.refresh === true) return null;
  // The session's index client reads $PIP_DOWNLOAD_CACHE from the process environment.
  if (sources.findLinks.length > 0 || downloadCacheDir() !== null || collected.unnamedTrees.length > 0 || collected.editables.length > 0) return null;
  const requirements = plainJson([collected.requirements, collected.constraints]);
  // Direct references (`name @ url`, paths, VCS): their content is not in the source index.
  if (requirements === null || requirements.includes("@") || requirements.includes("file:")) return null;
  const root = resolveCacheRoot({ cacheDir: options.cacheDir });
  return ResolutionMemo.forQuestion(root, join(root, BUCKETS.sources), pinRecords.directory, {
    version: 1, requirements, common, sources, noDeps: options.noDeps === true, offline: options.offline === true,
  });
}

async function installCollected(run: Run): Promise<InstallSummary> {
  const { options, environment, session, collected, started } = run;
  for (const warning of collected.warnings) options.reporter?.onWarning?.(warning);
  if (collected.requirements.length === 0 && collected.unnamedTrees.length === 0) {
    throw new AccelError("no-requirements", "You must give at least one requirement to install", { hint: "pip-accel install NAME or -r requirements.txt" });
  }
  const store = Store.inCache(options.cacheDir);
  const satisfiedAlready = await satisfiedAsInstalled(run);
  if (satisfiedAlready !== null) {
    options.reporter?.onResolved?.({ pins: 0, ms: performance.now() - started, fastPath: "satisfied" });
    return nothingToDo(run, store, performance.now() - started, "satisfied", satisfiedAlready, satisfiedInputs(run));
  }
  const sources = chooseSources(run);
  configureSession(run, sources);
  if (collected.unnamedTrees.length > 0) await nameUnnamedTrees(collected, (url, editable) => session.nameOfTree(url, editable));
  const modules = await loadInstallModules(false);
  const pinRecords = new modules.PinRecords(options.cacheDir);
  // Wheels are fetched and unpacked while the resolver works (not for a dry run, nor for the caller's own sources).
  const ahead = options.dryRun === true || options.candidateSource !== undefined ? null : new modules.PrepareAhead({
    store, inStore: (pin) => storeKeyFor(store, pinRecords, pin.file!, pin.name) !== null,
    fetchAhead: async (pin) => (await session.sources()).downloadAhead(pin),
  });
  try {
    return await resolveAndInstall(run, sources, store, pinRecords, modules, ahead);
  } finally {
    await ahead?.stop();
  }
}

async function resolveAndInstall(
  run: Run, sources: SourcesChoice, store: Store, pinRecords: PinRecords, modules: InstallModules, ahead: PrepareAhead | null,
): Promise<InstallSummary> {
  const { options, environment, session, started } = run;
  const { Planner, planIsEmpty, preparePlan, executePlan } = modules;
  const resolveStarted = performance.now();
  options.reporter?.onResolveStart?.();
  const inStore = (pin: ResolvedPin): boolean => pin.file === null || storeKeyFor(store, pinRecords, pin.file, pin.name) !== null;
  const resolved = await resolveRequirements(run, sources, pinRecords, ahead, inStore);
  const resolveMs = performance.now() - resolveStarted;
  options.reporter?.onResolved?.({ pins: resolved.resolution.pins.length, ms: resolveMs, fastPath: resolved.fastPath });
  for (const warning of resolved.resolution.warnings) options.reporter?.onWarning?.(warning);

  ahead?.keep(resolved.resolution.pins, (pin) => session.fetch(pin));
  const plan = new Planner({ forceReinstall: options.forceReinstall, ignoreInstalled: options.ignoreInstalled })
    .plan(resolved.resolution.pins, environment.installed(), (file, pin) => storeKeyFor(store, pinRecords, file, pin.name));
  const satisfied = plan.satisfied.map((s) => ({ name: s.installed.name, version: s.installed.version }));
  const report = options.report === true ? await reportText(run, resolved.resolution.pins, store, pinRecords) : null;
  if (options.dryRun === true || planIsEmpty(plan)) {
    return { ...(await nothingToDo(run, store, resolveMs, resolved.fastPath, satisfied)), plan, resolution: resolved.resolution, report };
  }
  const prepareStarted = performance.now();
  const entries = await preparePlan(plan, {
    store, pinRecords, jobs: options.jobs, reporter: options.reporter,
    fetch: (item) => ahead?.fetched(item.pin.file!.url) ?? session.fetch(item.pin),
    builder: () => session.builder(),
  });
  const installStarted = performance.now();
  const installed = await executePlan(plan, entries, environment, { compile: options.compile, signal: options.signal, reporter: options.reporter, onFile: options.onFile });
  const done = performance.now();
  return {
    installed, satisfied, plan, resolution: resolved.resolution, fastPath: resolved.fastPath, dryRun: false, report, inputs: null,
    timings: { resolveMs, prepareMs: installStarted - prepareStarted, installMs: done - installStarted, totalMs: done - started },
  };
}

type ResolveFn = (r: readonly RequirementLike[], o: ResolveOptions) => Promise<ResolveResult>;
type CommonOptions = Omit<ResolveOptions, "candidateSource" | "metadataSource">;

function satisfiedNames(requirements: readonly RequirementLike[], installed: readonly NamedDistribution[]): InstallSummary["satisfied"] {
  const texts = requirements.map((r) => (typeof r === "string" ? r : "text" in r ? r.text : r.name));
  const names = new Set<string>(texts.map((t) => canonicalizeName(/^[A-Za-z0-9._-]+/.exec(t.trim())?.[0] ?? "")));
  return installed.filter((d) => names.has(d.canonicalName)).map((d) => ({ name: d.name, version: d.version }));
}

function storeKeyFor(store: InstanceType<typeof Store>, records: PinRecords, file: PinnedFile, name: string): string | null {
  // A source tree's archive name says nothing about its content: the builder's cache decides.
  if (file.reference !== undefined) return null;
  const key = records.storeKeyFor(name, file.filename) ?? (file.hashes.sha256 ?? null);
  return key !== null && store.get(key) !== null ? key : null;
}

/** Resolution over the cache's pin records only; null when that does not give a fully pinned answer. */
async function tryCachedResolution(
  resolve: ResolveFn, withoutDependencies: (source: MetadataSource) => MetadataSource,
  requirements: readonly RequirementLike[], records: PinRecords, common: CommonOptions, noDeps: boolean,
): Promise<ResolveResult | null> {
  const { CachedPinSource } = await import("./pin-records.js");
  const source = new CachedPinSource(records);
  try {
    const result = await resolve(requirements, { ...common, candidateSource: source, metadataSource: noDeps ? withoutDependencies(source) : source });
    return result.pins.every((p) => p.requested || p.source === "installed") ? result : null;
  } catch {
    return null;
  }
}

/** pip's installation report for `pins`: metadata from the resolution's sources, else from the store. */
async function reportText(run: Run, pins: readonly ResolvedPin[], store: Store, records: PinRecords | null): Promise<string> {
  const { formatInstallationReport, metadataFromSource, metadataFromStore } = await import("./report.js");
  const fromSources = run.session.openedSources();
  const fromStore = records === null ? () => null : metadataFromStore(store, records);
  return formatInstallationReport({
    pins, version: run.options.reportVersion ?? "pip-accel", environment: { ...run.environment.markers },
    metadataFor: (pin) => (fromSources === null ? null : metadataFromSource(fromSources.metadataSource)(pin)) ?? fromStore(pin),
  });
}
