/**
 * `IndexMetadataSource`: a candidate's dependency metadata without
 * building, in this order, stopping at the first that answers:
 *  1. the PEP 658 `.metadata` file when the index announces it (hash-checked
 *     and cached by the client);
 *  2. for wheels: METADATA of the file already in the source index; else of
 *     the remote file through HTTP Range requests (the zip's tail, then the
 *     member) when the server answers 206; else the whole download, kept in
 *     the source index; range-read METADATA is kept in the metadata store;
 *  3. for sdists: the download's static metadata (PKG-INFO >= 2.2,
 *     `*.egg-info/requires.txt`, pyproject `[project]`);
 *  4. the injected fallback (the builder's `egg_info`, wired in operations);
 *  5. otherwise unavailable, with the reason.
 * Results are memoised per URL; the full core metadata of every answer is
 * kept for the installation report (`coreMetadataFor`).
 */
import { readFile } from "node:fs/promises";
// The modules themselves, not metadata/index.js: the barrel would bring the sdist reader (tar, TOML) into every resolution.
import { dependencyMetadata, formatCoreMetadata, parseCoreMetadata, type CoreMetadata, type DependencyMetadata } from "../metadata/core-metadata.js";
import { readWheelMetadata, readWheelMetadataByRanges, TAIL_GUESS, type RangeReader } from "../metadata/wheel-metadata.js";
import { isAccelError, isTransferFailure } from "../report/errors.js";
import type { IndexCandidateSource } from "./index-candidate-source.js";
import type { IndexCandidateLike, IndexClientLike, MetadataStore, RangeFetcher } from "./index-port.js";
import type { MetadataRequest, MetadataResult, MetadataSource } from "./sources.js";

export interface IndexMetadataSourceOptions<C extends IndexCandidateLike> {
  readonly client: IndexClientLike<C>;
  readonly candidates: IndexCandidateSource<C>;
  /** Range requests for lazy wheel metadata; omitted: wheels are downloaded. */
  readonly ranges?: RangeFetcher;
  readonly store?: MetadataStore;
  /** Asked when an sdist has no static metadata (the builder's egg_info). */
  readonly fallback?: MetadataSource;
  /** `--hash` values by project, checked on downloads. */
  readonly hashes?: (name: string) => Record<string, string[]> | undefined;
  /**
   * The candidate for a URL no index listed (a direct reference, `name @ url`),
   * or null when it cannot be fetched as a file (e.g. a VCS URL).
   */
  readonly directCandidate?: (request: MetadataRequest) => C | null;
}

/** How each answer was obtained (for tests and `-v` output). */
export type MetadataVia = "cache" | "pep658" | "local-wheel" | "range" | "download" | "sdist" | "fallback" | "unavailable";

export class IndexMetadataSource<C extends IndexCandidateLike> implements MetadataSource {
  readonly via = new Map<string, MetadataVia>();
  private readonly memo = new Map<string, Promise<MetadataResult>>();
  private readonly full = new Map<string, CoreMetadata>();
  private readonly downloaded = new Map<string, string>();
  private readonly stored = new Map<string, Promise<ReadonlyMap<string, string>>>();
  private readonly fresh = new Map<string, Map<string, string>>();
  /** Direct references: never read from or written to the metadata store (a URL's content may change). */
  private readonly direct = new Set<string>();

  constructor(private readonly options: IndexMetadataSourceOptions<C>) {}

  getMetadata(request: MetadataRequest): Promise<MetadataResult> {
    let found = this.memo.get(request.url);
    if (found === undefined) {
      found = this.obtain(request).catch((error: unknown) => {
        if (isTransferFailure(error)) throw error; // the resolution stops (as pip), and the error names the URL
        this.via.set(request.url, "unavailable");
        return { kind: "unavailable", reason: isAccelError(error) || error instanceof Error ? error.message : String(error) } as const;
      });
      this.memo.set(request.url, found);
    }
    return found;
  }

  /** The full core metadata obtained for a URL (null for metadata from requires.txt/pyproject without PKG-INFO). */
  coreMetadataFor(url: string): CoreMetadata | null {
    return this.full.get(url) ?? null;
  }

  /** The local path of a file this source downloaded, if any. */
  localPathFor(url: string): string | null {
    return this.downloaded.get(url) ?? null;
  }

  /** Writes the metadata obtained since the last flush into the store. */
  async flush(): Promise<void> {
    const store = this.options.store;
    const pending = [...this.fresh];
    this.fresh.clear();
    if (store !== undefined) await Promise.all(pending.map(([project, entries]) => store.save(project, entries)));
  }

  private async obtain(request: MetadataRequest): Promise<MetadataResult> {
    const listed = this.options.candidates.candidateFor(request.url);
    if (listed === undefined) return this.obtainDirect(request);
    const known = (await this.storedFor(listed.name)).get(request.url);
    if (known !== undefined) return this.ok(request.url, parseCoreMetadata(known), "cache", listed.name, false);
    return this.obtainFor(request, listed);
  }

  /** A direct reference: the same steps on a candidate made from the URL, nothing kept in the store. */
  private async obtainDirect(request: MetadataRequest): Promise<MetadataResult> {
    const candidate = this.options.directCandidate?.(request) ?? null;
    if (candidate === null) return { kind: "unavailable", reason: `${request.filename} was not listed by an index` };
    this.direct.add(candidate.link.url);
    const result = await this.obtainFor({ ...request, url: candidate.link.url }, candidate);
    const core = this.full.get(candidate.link.url);
    if (core !== undefined) this.full.set(request.url, core);
    return result;
  }

  private async obtainFor(request: MetadataRequest, candidate: C): Promise<MetadataResult> {
    if (candidate.link.coreMetadata !== false) {
      const text = await this.options.client.fetchMetadata(candidate).catch(() => null);
      if (text !== null) return this.ok(request.url, parseCoreMetadata(text), "pep658", candidate.name);
    }
    if (candidate.kind === "wheel") return this.wheel(request, candidate);
    return this.sdist(request, candidate);
  }

  private storedFor(project: string): Promise<ReadonlyMap<string, string>> {
    let found = this.stored.get(project);
    if (found === undefined) {
      found = this.options.store?.load(project).catch(() => new Map<string, string>()) ?? Promise.resolve(new Map<string, string>());
      this.stored.set(project, found);
    }
    return found;
  }

  private remember(project: string, url: string, core: CoreMetadata): void {
    if (this.direct.has(url)) return;
    const entries = this.fresh.get(project) ?? new Map<string, string>();
    entries.set(url, formatCoreMetadata(core));
    this.fresh.set(project, entries);
  }

  private ok(url: string, core: CoreMetadata, via: MetadataVia, project: string, remember = true): MetadataResult {
    this.full.set(url, core);
    if (remember) this.remember(project, url, core);
    return this.okDeps(url, dependencyMetadata(core), via);
  }

  private okDeps(url: string, deps: DependencyMetadata, via: MetadataVia): MetadataResult {
    this.via.set(url, via);
    return {
      kind: "ok", requiresDist: deps.requiresDist, requiresPython: deps.requiresPython, providesExtra: deps.providesExtra,
      ...(deps.name === null ? {} : { name: deps.name }), ...(deps.version === null ? {} : { version: deps.version }),
    };
  }

  private async wheel(request: MetadataRequest, candidate: C): Promise<MetadataResult> {
    const url = candidate.link.url;
    if (url.startsWith("file:")) return this.downloadWheel(request, candidate, "local-wheel");
    const ranges = this.options.ranges;
    if (ranges !== undefined) {
      const tail = await ranges.fetchRange(url, null, TAIL_GUESS).catch(() => ({ kind: "full" as const }));
      if (tail.kind === "partial") {
        const read: RangeReader = async (offset, length) => {
          if (offset >= tail.start && offset + length <= tail.start + tail.data.length) return { start: tail.start, data: tail.data };
          const got = await ranges.fetchRange(url, offset, length);
          if (got.kind !== "partial") throw new Error("the server stopped answering range requests");
          return { start: got.start, data: got.data };
        };
        const core = await readWheelMetadataByRanges(read, tail.total, request.filename).catch(() => null);
        if (core !== null) return this.ok(url, core, "range", candidate.name);
      }
    }
    return this.downloadWheel(request, candidate, "download");
  }

  private async download(request: MetadataRequest, candidate: C): Promise<Buffer> {
    const hashes = this.options.hashes?.(candidate.name);
    const result = await this.options.client.download(candidate, { ...(hashes ? { hashes } : {}), direct: this.direct.has(candidate.link.url) });
    this.downloaded.set(candidate.link.url, result.path);
    return readFile(result.path);
  }

  private async downloadWheel(request: MetadataRequest, candidate: C, via: MetadataVia): Promise<MetadataResult> {
    const bytes = await this.download(request, candidate);
    return this.ok(candidate.link.url, readWheelMetadata(bytes, request.filename), via, candidate.name);
  }

  private async sdist(request: MetadataRequest, candidate: C): Promise<MetadataResult> {
    const bytes = await this.download(request, candidate);
    // Loaded with the first sdist (it brings the tar and TOML readers): a wheel-only resolution never needs it.
    const { readSdistMetadata } = await import("../metadata/sdist-metadata.js");
    const found = readSdistMetadata(bytes, request.filename);
    if (found.kind === "ok") {
      const core = withDependencies(found.coreMetadata, found.metadata, candidate);
      this.full.set(candidate.link.url, core);
      this.remember(candidate.name, candidate.link.url, core);
      return this.okDeps(candidate.link.url, found.metadata, "sdist");
    }
    const fallback = this.options.fallback;
    if (fallback === undefined) return { kind: "unavailable", reason: `${request.filename} has no static metadata and needs a build (${found.reason})` };
    const localPath = this.downloaded.get(candidate.link.url);
    const result = await fallback.getMetadata(localPath === undefined ? request : { ...request, localPath });
    this.via.set(candidate.link.url, result.kind === "ok" ? "fallback" : "unavailable");
    return result;
  }
}

const DEPENDENCY_FIELDS = new Set(["requires-dist", "requires-python", "provides-extra", "dynamic"]);

/** PKG-INFO (or a bare header set) with the dependency fields replaced by the static ones found. */
function withDependencies(base: CoreMetadata | null, deps: DependencyMetadata, candidate: IndexCandidateLike): CoreMetadata {
  const kept = (base?.headers ?? [["Metadata-Version", "2.1"], ["Name", deps.name ?? candidate.name], ["Version", deps.version ?? candidate.version]] as const)
    .filter(([k]) => !DEPENDENCY_FIELDS.has(k.toLowerCase()));
  const added: (readonly [string, string])[] = [
    ...(deps.requiresPython === null ? [] : [["Requires-Python", deps.requiresPython] as const]),
    ...deps.requiresDist.map((r) => ["Requires-Dist", r] as const),
    ...deps.providesExtra.map((e) => ["Provides-Extra", e] as const),
  ];
  return { headers: [...kept, ...added], body: base?.body ?? "" };
}
