/**
 * The builder as operations use it: build requirements come from the same
 * index sources as everything else.
 *
 *     const builder = createBuilder({ interpreter, cacheDir, indexSources, findLinks: [] });
 *     const built = await builder.build("/cache/sources-v1/lxml-5.2.2.tar.gz");
 *
 * `[build-system].requires` (default `setuptools>=40.8.0`) is resolved with
 * our own `resolve()` for the target interpreter (its markers and wheel
 * tags), over the index sources: index URLs, find-links and the local source
 * index, offline-first. When nothing offers setuptools (a machine without
 * PyPI), the interpreter's ensurepip setuptools wheel is offered instead.
 * The chosen files are downloaded through the index client (into the source
 * index); wheels go into the build environment as they are, sdists are built
 * first by the same Builder (cycles are refused with the chain).
 *
 * Without `indexSources`, the sources are local only: `findLinks`, the
 * source index and the ensurepip fallback (no index URL, no network).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Builder } from "../builder/builder.js";
import type { BuildRequirementsProvider } from "../builder/build-env.js";
import { BuildCycleError, BuildEnvError } from "../builder/errors.js";
import { ensurepipBundle } from "../builder/local-provider.js";
import type { BuildReporter } from "../builder/run-build.js";
import type { CommandResult, SystemPackages } from "../builder/system-deps.js";
import { configureSystemPackages } from "../builder/system-lookup.js";
import { canonicalizeName, parseWheelFilename } from "../filenames/index.js";
import type { Candidate } from "../index/link.js";
import { dependencyMetadata, formatCoreMetadata, parseCoreMetadata, readWheelMetadata } from "../metadata/index.js";
import { readBinaryArchive } from "../archive/index.js";
import { installBuildArtifact } from "./build-env-installer.js";
import type { Requirement } from "../pep508/index.js";
import type { Interpreter } from "../python/interpreter.js";
import { AccelError, isAccelError } from "../report/errors.js";
import { createIndexSources, resolve, type IndexSources, type ResolvedPin } from "../resolver/lib.js";
import type { CandidateInfo, CandidateMetadata, CandidateSource, ListHint, MetadataRequest, MetadataResult, MetadataSource, SkippedFile, TargetEnvironment } from "../resolver/sources.js";
import { interpreterTags } from "./environment.js";
import { sharedCacheFor } from "./shared-cache-config.js";
import type { SharedBinaryCache } from "../builder/shared-cache.js";

export interface CreateBuilderOptions {
  interpreter: Interpreter;
  /** The cache root, as `src/cache` resolves it (`resolveCacheRoot`). */
  cacheDir: string;
  /** The session's index-backed sources (not closed here); default: local-only sources over `findLinks`. */
  indexSources?: IndexSources;
  /** Local find-links directories or URLs, used when `indexSources` is not given. */
  findLinks: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Parallel build processes (default: the core count). */
  jobs?: number;
  reporter?: BuildReporter;
  /** `--auto-install`: answer yes to installing missing system packages. */
  autoInstall?: boolean;
  /** Pass build output to `reporter.onOutput` (otherwise it only goes to the log on failure). */
  verbose?: boolean;
  /** Asks the system-package question; given only when a human can answer (a terminal, no `--no-input`). */
  confirm?: (question: string) => Promise<boolean>;
  /** Runs lookups and `apt-get install` (default: a captured child process). */
  exec?: (argv: string[]) => Promise<CommandResult>;
  /** The cache shared between machines; default: the configured S3 store (`PIP_ACCEL_S3_BUCKET`), null for none. */
  shared?: SharedBinaryCache | null;
}

export function createBuilder(opts: CreateBuilderOptions): Builder {
  const reporter = opts.verbose === true || opts.reporter === undefined ? opts.reporter : withoutOutput(opts.reporter);
  const shared = opts.shared !== undefined ? opts.shared
    : sharedCacheFor((opts.env ?? process.env) as Record<string, string | undefined>, (message) => opts.reporter?.onNote?.("shared cache", message));
  let builder: Builder | null = null;
  builder = new Builder({
    interpreter: opts.interpreter,
    cacheDir: opts.cacheDir,
    provider: indexBuildRequirementsProvider({ ...opts, builder: () => builder! }),
    installArtifact: installBuildArtifact,
    systemPackages: systemPackagesFor(opts),
    ...(reporter === undefined ? {} : { reporter }),
    ...(opts.jobs === undefined ? {} : { jobs: opts.jobs }),
    ...(opts.env === undefined ? {} : { env: opts.env }),
    ...(shared === null ? {} : { shared }),
  });
  return builder;
}

function withoutOutput(reporter: BuildReporter): BuildReporter {
  const { onOutput: _dropped, ...rest } = reporter;
  return rest;
}

function systemPackagesFor(opts: CreateBuilderOptions): SystemPackages {
  const env = (opts.env ?? process.env) as Record<string, string | undefined>;
  return configureSystemPackages({
    env, home: env.HOME ?? homedir(),
    readFile: (p) => (existsSync(p) ? readFileSync(p, "utf8") : null),
    autoInstallFlag: opts.autoInstall === true,
    interactive: opts.confirm !== undefined,
    ...(opts.confirm === undefined ? {} : { confirm: opts.confirm }),
    exec: opts.exec ?? execCaptured,
    ...(opts.reporter?.onNote ? { note: (m: string) => opts.reporter?.onNote?.("system packages", m) } : {}),
  });
}

/** Runs a command with its output captured (the library prints nothing). */
export function execCaptured(argv: string[]): Promise<CommandResult> {
  return new Promise((done, fail) => {
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (b: Buffer) => { output += b.toString("utf8"); });
    child.stderr.on("data", (b: Buffer) => { output += b.toString("utf8"); });
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? -1, output }));
  });
}

/** The resolver's target for an interpreter: its marker environment and supported tags. */
export function interpreterTarget(interpreter: Interpreter): TargetEnvironment {
  return { markers: { ...interpreter.info.markerEnvironment } as unknown as Record<string, string>, tags: interpreterTags(interpreter.info) };
}

type ProviderOptions = Pick<CreateBuilderOptions, "cacheDir" | "indexSources" | "findLinks"> & {
  /** The Builder that builds sdists among the build requirements (late-bound: it owns this provider). */
  builder: () => Builder;
};

/**
 * A BuildRequirementsProvider over the index sources: resolve, then
 * download. One resolution per requirement set, interpreter and chain.
 */
export function indexBuildRequirementsProvider(opts: ProviderOptions): BuildRequirementsProvider {
  const memo = new Map<string, Promise<string[]>>();
  return (requirements, interpreter, context) => {
    const chain = context?.chain ?? [];
    const key = `${interpreter.path}\0${requirements.map(String).sort().join("\0")}\0${chain.join(">")}`;
    let found = memo.get(key);
    if (found === undefined) {
      found = provide(requirements, interpreter, chain, opts);
      memo.set(key, found);
      found.catch(() => memo.delete(key));
    }
    return found;
  };
}

async function provide(requirements: Requirement[], interpreter: Interpreter, chain: readonly string[], opts: ProviderOptions): Promise<string[]> {
  const environment = interpreterTarget(interpreter);
  const owned = opts.indexSources === undefined
    ? createIndexSources({ environment, cacheDir: opts.cacheDir, findLinks: [...opts.findLinks], noIndex: true })
    : null;
  const sources = opts.indexSources ?? owned!;
  const built = new BuiltMetadataSource(sources, opts.builder(), chain);
  const fallback = new EnsurepipFallback(sources.candidateSource, built, () => ensurepipBundle(interpreter));
  const texts = requirements.map(String);
  try {
    const result = await resolve(texts, { environment, candidateSource: fallback, metadataSource: fallback });
    const paths: string[] = [];
    for (const pin of result.pins) if (pin.file !== null) paths.push(fallback.localPath(pin.file.url) ?? (await sources.download(pin)).path);
    return paths;
  } catch (error) {
    if (built.fatal !== null) throw built.fatal;
    throw new BuildEnvError(`Cannot provide the build requirements ${texts.join(", ")}: ${isAccelError(error) || error instanceof Error ? error.message : String(error)}`, {
      cause: error,
      hint: "Build requirements are resolved from the same indexes and --find-links as the project; make them available there (pip-accel download helps to fill a local directory).",
    });
  } finally {
    await owned?.close();
  }
}

/**
 * The index metadata, and for sdists without static metadata: the sdist
 * built (through the same Builder, with the chain, so a cycle is caught)
 * and the METADATA of the result read. The binary cache keeps the build, so
 * installing it into the build environment later costs nothing.
 */
class BuiltMetadataSource implements MetadataSource {
  /** A cycle met while building for metadata: reported instead of the resolution failure. */
  fatal: BuildCycleError | null = null;

  constructor(private readonly sources: IndexSources, private readonly builder: Builder, private readonly chain: readonly string[]) {}

  async getMetadata(request: MetadataRequest): Promise<MetadataResult> {
    const found = await this.sources.metadataSource.getMetadata(request);
    if (found.kind === "ok" || request.filename.endsWith(".whl")) return found;
    const candidate = this.sources.candidateSource.candidateFor(request.url);
    if (candidate === undefined) return found;
    try {
      const sdist = (await this.sources.client.download(candidate)).path;
      const artifact = await this.builder.build(sdist, this.chain);
      return { kind: "ok", ...metadataOfBuilt(artifact.path, artifact.kind === "wheel", await readBinary(artifact.path, artifact.kind)) };
    } catch (error) {
      if (error instanceof BuildCycleError) this.fatal ??= error;
      throw error;
    }
  }
}

async function readBinary(path: string, kind: "binary" | "wheel"): Promise<ReadonlyMap<string, Buffer> | null> {
  return kind === "wheel" ? null : (await readBinaryArchive(path)).files;
}

function metadataOfBuilt(path: string, wheel: boolean, files: ReadonlyMap<string, Buffer> | null): Omit<CandidateMetadata, "kind"> {
  let text: string;
  if (wheel || files === null) {
    text = formatCoreMetadata(readWheelMetadata(readFileSync(path), basename(path)));
  } else {
    const member = [...files.keys()].find((k) => /^(purelib|platlib)\/[^/]+\.dist-info\/METADATA$/.test(k));
    if (member === undefined) throw new BuildEnvError(`${path}: the built archive has no .dist-info/METADATA`);
    text = files.get(member)!.toString("utf8");
  }
  const deps = dependencyMetadata(parseCoreMetadata(text));
  return {
    requiresDist: deps.requiresDist, requiresPython: deps.requiresPython, providesExtra: deps.providesExtra,
    ...(deps.name === null ? {} : { name: deps.name }), ...(deps.version === null ? {} : { version: deps.version }),
  };
}



/**
 * Wraps the index sources: when they offer no setuptools at all (or cannot
 * be reached for it), the interpreter's ensurepip setuptools wheel is the
 * one candidate, with metadata read from the wheel itself.
 */
export class EnsurepipFallback implements CandidateSource, MetadataSource {
  private wheel: Promise<{ path: string; info: CandidateInfo } | null> | null = null;
  private readonly known = new Set<string>();

  constructor(
    private readonly candidates: CandidateSource,
    private readonly metadata: MetadataSource,
    private readonly bundle: () => Promise<string | null>,
  ) {}

  async listCandidates(name: string, hint?: ListHint): Promise<readonly CandidateInfo[]> {
    if (canonicalizeName(name) !== "setuptools") return this.candidates.listCandidates(name, hint);
    let found: readonly CandidateInfo[] = [];
    let failure: unknown = null;
    try {
      found = await this.candidates.listCandidates(name, hint);
    } catch (error) {
      failure = error;
    }
    if (found.length > 0) return found;
    const bundled = await this.bundledWheel();
    if (bundled !== null) return [bundled.info];
    if (failure !== null) throw failure;
    return found;
  }

  usedPartialLists(): boolean {
    return this.candidates.usedPartialLists?.() ?? false;
  }

  skippedFiles(name: string): readonly SkippedFile[] {
    return this.candidates.skippedFiles?.(name) ?? [];
  }

  locations(): readonly string[] {
    return this.candidates.locations?.() ?? [];
  }

  async getMetadata(request: MetadataRequest): Promise<MetadataResult> {
    const bundled = this.known.has(request.url) ? await this.wheel : null;
    if (bundled === null || bundled === undefined || request.url !== bundled.info.url) return this.metadata.getMetadata(request);
    const deps = dependencyMetadata(readWheelMetadata(readFileSync(bundled.path), basename(bundled.path)));
    return { kind: "ok", requiresDist: deps.requiresDist, requiresPython: deps.requiresPython, providesExtra: deps.providesExtra };
  }

  /** The file behind a fallback URL, or null for index files. */
  localPath(url: string): string | null {
    return this.known.has(url) ? fileURLToPath(url) : null;
  }

  private bundledWheel(): Promise<{ path: string; info: CandidateInfo } | null> {
    this.wheel ??= this.findWheel();
    return this.wheel;
  }

  private async findWheel(): Promise<{ path: string; info: CandidateInfo } | null> {
    const dir = await this.bundle();
    if (dir === null || !existsSync(dir)) return null;
    const name = readdirSync(dir).filter((f) => /^setuptools-.+\.whl$/.test(f)).sort().pop();
    if (name === undefined) return null;
    const path = join(dir, name);
    const parsed = parseWheelFilename(name);
    const url = pathToFileURL(path).href;
    this.known.add(url);
    const sha256 = createHash("sha256").update(readFileSync(path)).digest("hex");
    return {
      path,
      info: {
        filename: name, version: parsed.version.toString(), url, hashes: { sha256 }, requiresPython: null, yanked: false, isWheel: true,
        tags: parsed.tags.map((t) => t.toString()),
      },
    };
  }
}
