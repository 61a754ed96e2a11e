/**
 * The network side of one install, opened lazily so that the fast paths
 * (already satisfied, all pinned and cached) load no HTTP code at all:
 * - one `HttpClient` (retries, timeout, TLS, proxies as the caller gives);
 * - `fetchText(url)` for `-r https://...` files (the index client's page
 *   cache, so a cached file is served offline);
 * - the index-backed candidate and metadata sources (`createIndexSources`),
 *   with the builder's `BuilderMetadataSource` as fallback for sdists
 *   without static metadata;
 * - `fetch(pin)`: the pin's file through the index Downloader into the
 *   source index (`sources-v1/`, hash and length checked, atomic);
 * - the `Builder` for sdists (`createBuilder`, build-setup.ts).
 * `close()` flushes the metadata store and closes the connection pools.
 */
import type { BuildReporter } from "../builder/run-build.js";
import type { CommandResult } from "../builder/system-deps.js";
import type { Candidate } from "../index/link.js";
import type { HttpClient, HttpClientOptions, RequestLogEntry } from "../index/http.js";
import type { IndexClient } from "../index/client.js";
import type { Interpreter } from "../python/interpreter.js";
import type { IndexSources, MetadataRequest, MetadataResult, MetadataSource, ResolvedPin, TargetEnvironment } from "../resolver/lib.js";
import type { SdistBuilder } from "./prepare.js";
import type { SourceTrees } from "./source-trees.js";
import { redactUrl } from "../index/credentials.js";
import { AccelError } from "../report/errors.js";

export interface SessionOptions {
  cacheDir: string;
  offline?: boolean;
  refresh?: boolean;
  /** Retries, timeout, TLS and proxy settings. */
  http?: Omit<HttpClientOptions, "offline" | "onRequest">;
  onRequest?: (entry: RequestLogEntry) => void;
  onWarning?: (message: string) => void;
  /** Where `-e git+…` clones go (pip's `<prefix>/src`). */
  srcDir?: string;
  /** Hash local trees by mtimes instead of contents (`--trust-mtimes`). */
  trustMtimes?: boolean;
  /** Environment for git and builds. */
  env?: NodeJS.ProcessEnv;
}

export interface SourcesConfig {
  environment: TargetEnvironment;
  indexUrls: readonly string[];
  findLinks: readonly string[];
  noIndex: boolean;
  upgrade: boolean;
  pre: boolean;
  /** `--hash` values by normalised project name. */
  hashes: ReadonlyMap<string, Record<string, string[]>>;
  /** URLs requested with `-e` (`editableKey` form). */
  editables?: readonly string[];
}

export interface BuilderConfig {
  interpreter: Interpreter;
  findLinks: readonly string[];
  env?: NodeJS.ProcessEnv;
  jobs?: number;
  reporter?: BuildReporter;
  /** The system-package flow of failed builds (`createBuilder`'s options of the same names). */
  autoInstall?: boolean;
  confirm?: (question: string) => Promise<boolean>;
  exec?: (argv: string[]) => Promise<CommandResult>;
  /** Replaces the real builder (tests, library users). */
  override?: SdistBuilder;
}

export interface FetchedArtifact {
  path: string;
  sha256: string;
}



export class InstallSession {
  private httpClient: HttpClient | null = null;
  private bootstrap: IndexClient | null = null;
  private indexSources: IndexSources | null = null;
  private sdistBuilder: SdistBuilder | null = null;
  private builderConfig: BuilderConfig | null = null;
  private sourcesConfig: SourcesConfig | null = null;
  private trees: SourceTrees | null = null;
  private readonly editables = new Set<string>();

  constructor(private readonly options: SessionOptions) {}

  private async http(): Promise<HttpClient> {
    if (this.httpClient === null) {
      const { HttpClient } = await import("../index/http.js");
      this.httpClient = new HttpClient({
        ...this.options.http, offline: this.options.offline === true, ...(this.options.onRequest ? { onRequest: this.options.onRequest } : {}),
      });
    }
    return this.httpClient;
  }

  /** A requirement file by URL, through the page cache. */
  async fetchText(url: string): Promise<string> {
    if (this.bootstrap === null) {
      const [{ IndexClient }, { Cache }] = await Promise.all([import("../index/client.js"), import("../cache/cache.js")]);
      this.bootstrap = new IndexClient({ cache: new Cache(this.options.cacheDir), http: await this.http(), noIndex: true, refresh: this.options.refresh === true });
    }
    return this.bootstrap.fetchText(url);
  }

  /** Sets what the sources and the builder will be made from (once the requirement files are read). */
  configure(sources: SourcesConfig, builder: BuilderConfig): void {
    this.sourcesConfig = sources;
    this.builderConfig = builder;
    for (const url of sources.editables ?? []) this.editables.add(url);
  }

  /** The index-backed sources (opened on first use). */
  async sources(): Promise<IndexSources> {
    if (this.indexSources === null) {
      const config = this.sourcesConfig;
      if (config === null) throw new Error("InstallSession.sources() before configure()");
      const { createIndexSources } = await import("../resolver/lib.js");
      const fallback: MetadataSource = { getMetadata: (request) => this.buildMetadata(request) };
      this.indexSources = createIndexSources({
        environment: config.environment, cacheDir: this.options.cacheDir, indexUrls: config.indexUrls, findLinks: config.findLinks,
        noIndex: config.noIndex, offline: this.options.offline === true, refresh: this.options.refresh === true,
        upgrade: config.upgrade, pre: config.pre, fallbackMetadataSource: fallback, httpClient: await this.http(),
        hashes: (name) => config.hashes.get(name),
        ...(this.options.onWarning ? { onWarning: this.options.onWarning } : {}),
      });
    }
    return this.indexSources;
  }

  /** VCS URLs and local directories as archives (made on first use; git and the builder only when needed). */
  async sourceTrees(): Promise<SourceTrees> {
    if (this.trees === null) {
      const [{ SourceTrees }, { editableKey }] = await Promise.all([import("./source-trees.js"), import("./requirements.js")]);
      this.trees = new SourceTrees({
        cacheDir: this.options.cacheDir, offline: this.options.offline === true, srcDir: this.options.srcDir ?? "src",
        hashMode: this.options.trustMtimes === true ? "mtime" : "content", isEditable: (url) => this.editables.has(editableKey(url)),
        metadataOf: async (archive) => {
          const builder = await this.builder();
          const [{ sdistMetadata }, { Builder }] = await Promise.all([import("../builder/sdist-metadata.js"), import("../builder/builder.js")]);
          if (!(builder instanceof Builder)) throw new AccelError("build-unavailable", `${archive}: reading the metadata of a source tree needs the builder`);
          return sdistMetadata(builder, archive);
        },
        ...(this.options.env ? { env: this.options.env } : {}),
      });
    }
    return this.trees;
  }

  /** The project name of an unnamed directory or VCS URL (`./proj`, `-e .`), read from its metadata. */
  async nameOfTree(url: string, editable: boolean): Promise<string> {
    if (editable) this.editables.add((await import("./requirements.js")).editableKey(url));
    return (await (await this.sourceTrees()).tree(url)).name;
  }

  /** The sources if they were opened, else null (no I/O). */
  openedSources(): IndexSources | null {
    return this.indexSources;
  }

  /** The pin's file on local disk: from the source index, else downloaded into it (checked, atomic). */
  async fetch(pin: ResolvedPin): Promise<FetchedArtifact> {
    return (await this.sources()).download(pin);
  }

  /** The sdist builder (made on first use). */
  async builder(): Promise<SdistBuilder> {
    if (this.sdistBuilder === null) {
      const config = this.builderConfig;
      if (config === null) throw new Error("InstallSession.builder() before configure()");
      if (config.override !== undefined) this.sdistBuilder = config.override;
      else {
        const { createBuilder } = await import("./build-setup.js");
        this.sdistBuilder = createBuilder({
          interpreter: config.interpreter, cacheDir: this.options.cacheDir, indexSources: await this.sources(), findLinks: config.findLinks,
          ...(config.env ? { env: config.env } : {}), ...(config.jobs !== undefined ? { jobs: config.jobs } : {}),
          ...(config.reporter ? { reporter: config.reporter } : {}), autoInstall: config.autoInstall === true,
          ...(config.confirm ? { confirm: config.confirm } : {}), ...(config.exec ? { exec: config.exec } : {}),
        });
      }
    }
    return this.sdistBuilder;
  }

  /** Metadata of an sdist without static metadata: `egg_info` through the builder, cached by the builder. */
  private async buildMetadata(request: MetadataRequest): Promise<MetadataResult> {
    const builder = await this.builder();
    const [{ BuilderMetadataSource }, { Builder }] = await Promise.all([import("../builder/sdist-metadata.js"), import("../builder/builder.js")]);
    if (!(builder instanceof Builder)) return { kind: "unavailable", reason: `${request.filename} has no static metadata` };
    const sources = await this.sources();
    const locate = async (r: MetadataRequest): Promise<string | null> => {
      if (r.localPath !== undefined) return r.localPath;
      const candidate = sources.candidateSource.candidateFor(r.url);
      if (candidate === undefined) return null;
      return (await sources.client.download(candidate, { hashes: this.sourcesConfig?.hashes.get(candidate.name) ?? {} })).path;
    };
    return new BuilderMetadataSource(builder, locate).getMetadata(request);
  }

  async close(): Promise<void> {
    try {
      await this.sdistBuilder?.close?.();
      await this.indexSources?.close();
    } finally {
      await this.httpClient?.close();
    }
  }
}
