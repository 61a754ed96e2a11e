/**
 * The resolution-based commands' operations (`resolve`, `download`,
 * `build`, `index versions`), which the CLI only translates options for:
 * - `openResolution`: requirements from the command line and `-r`/`-c`
 *   files (remote files through the index client's page cache), the target
 *   environment (explicit or from an interpreter), and the index-backed
 *   sources over the cache;
 * - `resolveSession`: the resolver over those sources with pip's policy
 *   options; `--offline` misses are named;
 * - `pinnedRequirements`: pip-compile's output (pins, `--hash`, `# via`);
 * - `downloadPins`: every chosen file into a directory, from the source
 *   index when it is there;
 * - `availableVersions`: what the sources offer for one project.
 */
import { copyFile, mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { HttpClient, HttpClientOptions } from "../index/http.js";
import { parseVersion, type Version } from "../pep440/index.js";
import type { GlobalOptions, RequirementEntry } from "../requirements-file/index.js";
import { AccelError } from "../report/errors.js";
import type { IndexSources, MetadataSource, ResolvedPin, ResolveResult, TargetEnvironment } from "../resolver/lib.js";
import { collectRequirements, editableKey, nameUnnamedTrees, type CollectedRequirements } from "./requirements.js";
import type { SourceTrees } from "./source-trees.js";
import { absoluteIn, withFileOptions, type ResolutionPolicy } from "./policy.js";
import { resolutionTarget, type TargetSpec } from "./resolution-target.js";

export type { RequirementEntry, ResolutionPolicy };

/** Retries, timeout, trusted hosts, certificates and the proxy environment of the HTTP client. */
export type HttpSettings = Omit<HttpClientOptions, "offline" | "onRequest">;

/** Where the indexes are, as the command line gives them (the files may change them). */
export interface SourceOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  cacheDir: string;
  /** `--index-url` (default PyPI) then `--extra-index-url`s. */
  indexUrls: readonly string[];
  findLinks: readonly string[];
  noIndex: boolean;
  offline?: boolean;
  refresh?: boolean;
  pre?: boolean;
  http?: HttpSettings;
  /** The target environment as given (`--python-version`, `--platform`, ...); the rest from the interpreter. */
  target: Omit<TargetSpec, "env" | "cwd" | "cacheDir">;
  onWarning?: (message: string) => void;
}

export interface ResolutionRequest extends SourceOptions {
  /** Command-line requirements. */
  requirements: readonly string[];
  /** `-e` values from the command line. */
  editables?: readonly string[];
  requirementFiles: readonly string[];
  constraintFiles: readonly string[];
  upgrade?: boolean;
  /** Entries left out of the resolution (`build` takes local sdists aside). */
  skip?: (entry: RequirementEntry) => boolean;
}

export interface ResolutionSession {
  readonly inputs: CollectedRequirements;
  readonly environment: TargetEnvironment;
  readonly sources: IndexSources;
  /** VCS URLs and local directories (checked out and packed on first use). */
  readonly sourceTrees: SourceTrees;
  readonly cacheDir: string;
  close(): Promise<void>;
}

async function openHttp(options: SourceOptions): Promise<HttpClient> {
  const { HttpClient } = await import("../index/http.js");
  return new HttpClient({ ...options.http, offline: options.offline === true });
}

function targetOf(options: SourceOptions): Promise<TargetEnvironment> {
  return resolutionTarget({ ...options.target, env: options.env, cwd: options.cwd, cacheDir: options.cacheDir });
}

/** Reads the inputs and opens the index-backed sources for them. */
export async function openResolution(request: ResolutionRequest): Promise<ResolutionSession> {
  const http = await openHttp(request);
  try {
    const [{ IndexClient }, { Cache, downloadCacheDir }, { createIndexSources }] = await Promise.all([
      import("../index/client.js"), import("../cache/cache.js"), import("../resolver/lib.js"),
    ]);
    const bootstrap = new IndexClient({ cache: new Cache(request.cacheDir), http, noIndex: true, refresh: request.refresh === true });
    const absolute = absoluteIn(request.cwd);
    const initial: Partial<GlobalOptions> = { indexUrls: [...request.indexUrls], noIndex: request.noIndex, findLinks: request.findLinks.map(absolute) };
    const inputs = await collectRequirements(request.requirements, request.requirementFiles, request.constraintFiles, {
      cwd: request.cwd, env: request.env, initial, fetchText: (url) => bootstrap.fetchText(url), editables: request.editables ?? [], ...(request.skip ? { skip: request.skip } : {}),
    });
    for (const warning of inputs.warnings) request.onWarning?.(warning);
    const environment = await targetOf(request);
    const files = inputs.fileOptions ?? initial;
    const sources = createIndexSources({
      environment, cacheDir: request.cacheDir, indexUrls: files.indexUrls ?? [], noIndex: files.noIndex ?? false,
      offline: request.offline === true, httpClient: http, downloadCache: downloadCacheDir(request.env),
      findLinks: [...new Set((files.findLinks ?? []).map(absolute))],
      refresh: request.refresh === true, upgrade: request.upgrade === true, pre: request.pre === true,
      ...(request.onWarning ? { onWarning: request.onWarning } : {}),
    });
    const sourceTrees = await treesFor(request, sources, files.findLinks ?? []);
    if (inputs.unnamedTrees.length > 0) await nameUnnamedTrees(inputs, async (url) => (await sourceTrees.tree(url)).name);
    return { inputs, environment, sources, sourceTrees, cacheDir: request.cacheDir, close: async () => { await sources.close(); await http.close(); } };
  } catch (error) {
    await http.close();
    throw error;
  }
}

/**
 * Source trees for a resolution: VCS checkouts in the cache (an editable
 * VCS URL is not cloned into a src/ directory: nothing is installed), and
 * the builder, made only when a tree's name and version are not static.
 */
async function treesFor(request: ResolutionRequest, sources: IndexSources, findLinks: readonly string[]): Promise<SourceTrees> {
  const { SourceTrees } = await import("./source-trees.js");
  let builder: Promise<import("../builder/builder.js").Builder> | null = null;
  const makeBuilder = async (): Promise<import("../builder/builder.js").Builder> => {
    const [{ findInterpreter, queryInterpreter }, { createBuilder }] = await Promise.all([import("../python/interpreter.js"), import("./build-setup.js")]);
    const python = request.target.python;
    const interpreter = await queryInterpreter(findInterpreter({ ...(python !== undefined ? { python } : {}), env: request.env, cwd: request.cwd }), { cacheDir: request.cacheDir, env: request.env });
    return createBuilder({ interpreter, cacheDir: request.cacheDir, indexSources: sources, findLinks, env: request.env as NodeJS.ProcessEnv });
  };
  return new SourceTrees({
    cacheDir: request.cacheDir, offline: request.offline === true, srcDir: join(request.cacheDir, "src"), env: request.env as NodeJS.ProcessEnv,
    metadataOf: async (archive) => {
      builder ??= makeBuilder();
      const { sdistMetadata } = await import("../builder/sdist-metadata.js");
      return sdistMetadata(await builder, archive);
    },
  });
}

/** The metadata source with every dependency dropped (`--no-deps`). */
export function withoutDependencies(source: MetadataSource): MetadataSource {
  return {
    getMetadata: async (request) => {
      const result = await source.getMetadata(request);
      return result.kind === "ok" ? { ...result, requiresDist: [] } : result;
    },
  };
}

/** Runs a resolution; when it fails under `--offline`, the error also names what the local caches lacked. */
export async function namingOfflineMisses<T>(sources: IndexSources | null, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const missing = sources?.candidateSource.offlineMissing ?? [];
    if (missing.length > 0 && error instanceof AccelError) {
      throw new AccelError("offline-missing", `${error.message}\n\nNot in the local caches (--offline): ${[...new Set(missing)].join(", ")}`, {
        cause: error, hint: "Run once without --offline to fill the cache, or add the files with pip-accel download.",
      });
    }
    throw error;
  }
}

/** Resolves the session's inputs with the policy options (plus those the files set). */
export async function resolveSession(session: ResolutionSession, policy: ResolutionPolicy): Promise<ResolveResult> {
  const { resolve } = await import("../resolver/lib.js");
  const files = session.inputs.fileOptions;
  const metadataSource = policy.noDeps === true ? withoutDependencies(session.sources.metadataSource) : session.sources.metadataSource;
  return namingOfflineMisses(session.sources, () => resolve(session.inputs.requirements, {
    environment: session.environment,
    candidateSource: session.sources.candidateSource,
    metadataSource,
    sourceTrees: session.sourceTrees,
    constraints: session.inputs.constraints,
    pre: policy.pre === true,
    upgrade: policy.upgrade === true,
    ...withFileOptions(policy, files),
  }));
}

/** The sha256 of every file of the pinned version (all platforms, as pip-compile), downloading only files the index gave no hash for. */
async function hashesFor(session: ResolutionSession, name: string, version: string): Promise<string[]> {
  const out = new Set<string>();
  for (const candidate of session.sources.candidateSource.filesOf(name, version)) {
    const known = candidate.link.hashes["sha256"];
    out.add(`sha256:${known ?? (await session.sources.client.download(candidate)).sha256}`);
  }
  return [...out].sort();
}

/** pip-compile's output: a header naming `command`, pins sorted by name, `--hash` continuation lines, `# via` comments. */
export async function pinnedRequirements(session: ResolutionSession, result: ResolveResult, options: { command: string; generateHashes: boolean }): Promise<string> {
  const lines = [
    "#", `# This file is autogenerated by pip-accel resolve with Python ${session.environment.markers["python_version"] ?? "?"}`,
    "# by the following command:", "#", `#    ${options.command}`, "#",
  ];
  const parents = new Map<string, Set<string>>();
  for (const edge of result.graph) {
    if (edge.from === null) continue;
    if (edge.from !== edge.to) parents.set(edge.to, (parents.get(edge.to) ?? new Set()).add(edge.from));
  }
  for (const pin of result.pins) {
    if (pin.source === "installed") continue;
    const extras = pin.extras.length > 0 ? `[${pin.extras.join(",")}]` : "";
    const head = pin.source === "direct" ? directPin(session, pin, extras) : `${pin.name}${extras}==${pin.version}`;
    const hashes = options.generateHashes && pin.source === "index" ? await hashesFor(session, pin.name, pin.version) : [];
    lines.push(hashes.length === 0 ? head : `${head} \\`);
    hashes.forEach((h, i) => lines.push(`    --hash=${h}${i < hashes.length - 1 ? " \\" : ""}`));
    const via = [...new Set([...(session.inputs.origins.get(pin.name) ?? []), ...(parents.get(pin.name) ?? [])])].sort();
    if (via.length === 1) lines.push(`    # via ${via[0]}`);
    else if (via.length > 1) lines.push("    # via", ...via.map((v) => `    #   ${v}`));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * A direct reference as given, a VCS URL pinned to its commit; an editable
 * as `-e URL` (pip-compile's form).
 */
function directPin(session: ResolutionSession, pin: ResolvedPin, extras: string): string {
  const reference = pin.file!.reference;
  if (reference === undefined) return `${pin.name}${extras} @ ${pin.file!.url}`;
  if (session.inputs.editables.includes(editableKey(reference.url))) {
    return `-e ${reference.pinnedUrl}${reference.vcs === null ? "" : `${reference.pinnedUrl.includes("#") ? "&" : "#"}egg=${pin.name}`}`;
  }
  return `${pin.name}${extras} @ ${reference.pinnedUrl}`;
}

async function sameSize(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)]);
  return x !== null && y !== null && x.size === y.size;
}

export interface SavedFile {
  name: string;
  path: string;
  /** The file was there already (same size): not copied again. */
  existed: boolean;
}

/** Saves every pinned file into `dest` (through the source index: a second run opens no connection). */
export async function downloadPins(session: ResolutionSession, pins: readonly ResolvedPin[], dest: string): Promise<SavedFile[]> {
  await mkdir(dest, { recursive: true });
  const saved: SavedFile[] = [];
  for (const pin of pins) {
    if (pin.file === null) continue;
    const downloaded = await session.sources.download(pin);
    const path = join(dest, pin.file.filename);
    const existed = downloaded.path === path || (await sameSize(downloaded.path, path));
    if (!existed) await copyFile(downloaded.path, path);
    saved.push({ name: pin.name, path, existed });
  }
  return saved;
}

/** Downloads every pinned file into the source index (in parallel), sdists and wheels apart. */
export async function fetchPins(session: ResolutionSession, pins: readonly ResolvedPin[]): Promise<{ sdists: string[]; wheels: string[] }> {
  const out = { sdists: [] as string[], wheels: [] as string[] };
  await Promise.all(pins.map(async (pin) => {
    if (pin.file === null) return;
    const { path } = await session.sources.download(pin);
    (pin.file.isWheel ? out.wheels : out.sdists).push(path);
  }));
  return out;
}

/** Distinct versions, newest first; pre-releases only with `pre`. */
export function sortVersions(versions: Iterable<string>, pre: boolean): string[] {
  const parsed: Version[] = [];
  for (const text of versions) {
    const v = parseVersion(text);
    if (v !== null && (pre || !v.isPrerelease)) parsed.push(v);
  }
  parsed.sort((a, b) => b.compare(a));
  return parsed.filter((v, i) => i === 0 || v.compare(parsed[i - 1]!) !== 0).map((v) => v.toString());
}

/** The versions the sources offer for `name` for the target, newest first (`offline`: the answer came from the cache only). */
export async function availableVersions(name: string, options: SourceOptions & { ignoreRequiresPython?: boolean }): Promise<{ versions: string[]; offline: boolean }> {
  const http = await openHttp(options);
  try {
    const [{ IndexClient }, { Cache, downloadCacheDir }, { indexTarget }] = await Promise.all([
      import("../index/client.js"), import("../cache/cache.js"), import("../resolver/index-candidate-source.js"),
    ]);
    const client = new IndexClient({
      cache: new Cache(options.cacheDir), http, noIndex: options.noIndex, findLinks: [...options.findLinks], refresh: true,
      downloadCache: downloadCacheDir(options.env), indexUrls: [...options.indexUrls],
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    });
    const environment = await targetOf(options);
    const pre = options.pre === true;
    const target = { ...indexTarget(environment, pre), ignoreRequiresPython: options.ignoreRequiresPython === true, allowYanked: false };
    const found = await client.findCandidates(name, { target, upgrade: true });
    return { versions: found.kind === "not-found" ? [] : sortVersions(found.candidates.map((c) => c.version), pre), offline: found.kind === "offline" };
  } finally {
    await http.close();
  }
}
