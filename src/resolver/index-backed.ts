/**
 * The index-backed sources `resolve()` uses when it is given none: the
 * index client (`src/index`) over an HTTP client and the cache directory
 * (`src/cache`), which is the only place anything is written. Range
 * requests read wheel METADATA lazily; all metadata obtained is kept per
 * project under `<cache>/http-v1/resolver-metadata/` (written on `close`).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Cache, downloadCacheDir, writeFileAtomic } from "../cache/cache.js";
import { IndexClient } from "../index/client.js";
import { redactUrl } from "../index/credentials.js";
import { AccelError } from "../report/errors.js";
import { HttpClient, type HttpClientOptions, type RequestLogEntry } from "../index/http.js";
import type { Candidate } from "../index/link.js";
import { canonicalizeName, isArchiveExtension, splitExtension } from "../index/archive-filename.js";
import { IndexCandidateSource } from "./index-candidate-source.js";
import { IndexMetadataSource } from "./index-metadata-source.js";
import type { MetadataStore, RangeFetcher, RangeResult } from "./index-port.js";
import type { ResolvedPin } from "./result.js";
import { hashesFromUrl } from "./python-requirements.js";
import type { MetadataRequest, MetadataSource, TargetEnvironment } from "./sources.js";

export interface IndexSourcesOptions {
  readonly environment: TargetEnvironment;
  /** The cache root (`--cache-dir`); default as `src/cache` decides (`PIP_ACCEL_CACHE`, `~/.pip-accel`). */
  readonly cacheDir?: string | null;
  /** `--index-url` then `--extra-index-url`s; default PyPI. */
  readonly indexUrls?: readonly string[];
  readonly findLinks?: readonly string[];
  readonly noIndex?: boolean;
  /** `$PIP_DOWNLOAD_CACHE`: archives already downloaded, read (never written) as an extra source; default from the environment, null for none. */
  readonly downloadCache?: string | null;
  /** Never open a connection: cached pages, the source index and local find-links only. */
  readonly offline?: boolean;
  /** Revalidate every page and skip the offline-first pass. */
  readonly refresh?: boolean;
  /** `-U`: skip the offline-first pass (the newest versions are looked up), for all projects or those named. */
  readonly upgrade?: boolean | ((name: string) => boolean);
  readonly pre?: boolean;
  /** Asked for sdists without static metadata (the builder's egg_info). */
  readonly fallbackMetadataSource?: MetadataSource;
  /** `--hash` values per project, checked on downloads. */
  readonly hashes?: (name: string) => Record<string, string[]> | undefined;
  /** Retries, timeout, TLS and proxy settings of the HTTP client. */
  readonly http?: Omit<HttpClientOptions, "offline" | "onRequest">;
  readonly onRequest?: (entry: RequestLogEntry) => void;
  readonly onWarning?: (message: string) => void;
  /** Share an HTTP client (and its connection pools) instead of making one; the caller then closes it. */
  readonly httpClient?: HttpClient;
}

export interface IndexSources {
  readonly candidateSource: IndexCandidateSource<Candidate>;
  readonly metadataSource: IndexMetadataSource<Candidate>;
  readonly client: IndexClient;
  readonly http: HttpClient;
  readonly cache: Cache;
  /**
   * The file of a pin this resolution chose, from the source index or
   * downloaded into it (hash and length checked, atomic): what installers
   * and `download` call after `resolve`, so they need no index types.
   */
  download(pin: ResolvedPin): Promise<{ path: string; sha256: string }>;
  /**
   * The file of a pin the resolution may still drop, fetched ahead into the source index's
   * staging folder (not the index: a dropped version must not become a local candidate);
   * `download` of the same pin adopts it.
   */
  downloadAhead(pin: ResolvedPin): Promise<{ path: string; sha256: string }>;
  /** Closes the HTTP connection pools and removes what was fetched ahead and never adopted. */
  close(): Promise<void>;
}

/** Range reads with the HTTP client: 206 gives bytes and the total size; anything else counts as "no ranges". */
export function httpRangeFetcher(http: HttpClient): RangeFetcher {
  return {
    fetchRange(url: string, offset: number | null, length: number): Promise<RangeResult> {
      const range = offset === null ? `bytes=-${length}` : `bytes=${offset}-${offset + length - 1}`;
      return http.request(url, { headers: { range, "accept-encoding": "identity" } }, async (response): Promise<RangeResult> => {
        const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers["content-range"] ?? "");
        if (response.status !== 206 || m === null) {
          await response.body.dump();
          return { kind: "full" };
        }
        return { kind: "partial", start: Number(m[1]), total: Number(m[3]), data: Buffer.from(await response.body.arrayBuffer()) };
      });
    },
  };
}

/** Metadata by file URL, one JSON file per project under `<cache>/http-v1/resolver-metadata/`. */
export function cacheMetadataStore(cache: Cache): MetadataStore {
  const pathFor = (project: string) => join(cache.bucket("http"), "resolver-metadata", `${project}.json`);
  const load = async (project: string): Promise<Map<string, string>> => {
    const text = await readFile(pathFor(project), "utf8").catch(() => null);
    if (text === null) return new Map();
    try {
      const data = JSON.parse(text) as unknown;
      if (typeof data !== "object" || data === null) return new Map();
      return new Map(Object.entries(data as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string"));
    } catch {
      return new Map();
    }
  };
  return {
    load,
    async save(project, entries) {
      // Merge with what another process may have written meanwhile; the write itself is atomic.
      const merged = new Map([...(await load(project)), ...entries]);
      await writeFileAtomic(pathFor(project), JSON.stringify(Object.fromEntries(merged)));
    },
  };
}

/**
 * The index candidate for a direct reference to an archive (`name @ https://…/x.whl`,
 * `file:` URLs too), so its metadata is read like an index file's; null for
 * anything else (VCS URLs, directories).
 */
export function directCandidate(request: MetadataRequest): Candidate | null {
  const url = request.url.split("#")[0]!;
  if (!/^(https?|file):/i.test(url)) return null;
  const isWheel = request.filename.endsWith(".whl");
  if (!isWheel && !isArchiveExtension(splitExtension(request.filename)[1])) return null;
  const hashes = { ...hashesFromUrl(request.url), ...request.hashes };
  return {
    name: canonicalizeName(request.name), version: request.version ?? "", kind: isWheel ? "wheel" : "sdist", buildTag: null, tagRank: null,
    link: {
      url, filename: request.filename, hashes, requiresPython: null, yanked: null, coreMetadata: false,
      uploadTime: null, size: null, egg: null, comesFrom: url,
    },
  };
}

/** `--hash` values (`["sha256:ab", ...]`) as the download check wants them: `{sha256: ["ab"]}`. */
export function hashOptions(hashes: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const h of hashes) {
    const at = h.indexOf(":");
    if (at > 0) (out[h.slice(0, at)] ??= []).push(h.slice(at + 1).toLowerCase());
  }
  return out;
}

/**
 * The candidate to download for a resolved pin: the one the index listed, else one made from
 * the pin's own file (direct references, pins answered from the cache's records); null when
 * the pin's URL is not a downloadable archive.
 */
export function pinCandidate(candidates: Pick<IndexCandidateSource<Candidate>, "candidateFor">, pin: ResolvedPin): Candidate | null {
  const file = pin.file;
  if (file === null) return null;
  return candidates.candidateFor(file.url) ?? directCandidate({ name: pin.name, version: pin.version, filename: file.filename, url: file.url, hashes: file.hashes });
}

export function createIndexSources(options: IndexSourcesOptions): IndexSources {
  const cache = Cache.fromOptions({ cacheDir: options.cacheDir ?? null });
  const http = options.httpClient
    ?? new HttpClient({ ...options.http, offline: options.offline ?? false, ...(options.onRequest ? { onRequest: options.onRequest } : {}) });
  const client = new IndexClient({
    cache, http,
    ...(options.indexUrls ? { indexUrls: [...options.indexUrls] } : {}),
    noIndex: options.noIndex ?? false,
    findLinks: [...(options.findLinks ?? [])],
    downloadCache: options.downloadCache === undefined ? downloadCacheDir() : options.downloadCache,
    refresh: options.refresh ?? false,
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  const candidateSource = new IndexCandidateSource<Candidate>(client, {
    environment: options.environment, pre: options.pre ?? false, upgrade: options.refresh ? true : (options.upgrade ?? false),
  });
  const metadataSource = new IndexMetadataSource<Candidate>({
    client, candidates: candidateSource, ranges: httpRangeFetcher(http), store: cacheMetadataStore(cache), directCandidate,
    ...(options.fallbackMetadataSource ? { fallback: options.fallbackMetadataSource } : {}),
    ...(options.hashes ? { hashes: options.hashes } : {}),
  });
  const close = async () => {
    try {
      await metadataSource.flush();
    } finally {
      if (options.httpClient === undefined) await http.close();
    }
  };
  const fetchPin = async (pin: ResolvedPin, ahead: boolean): Promise<{ path: string; sha256: string }> => {
    const candidate = pinCandidate(candidateSource, pin);
    if (candidate === null) {
      throw new AccelError("download-unsupported-url", `Cannot download ${pin.name} from ${redactUrl(pin.file?.url ?? "")}: not an archive URL`);
    }
    const result = await client.download(candidate, { hashes: hashOptions(pin.requiredHashes), direct: pin.source === "direct", ...(ahead ? { ahead } : {}) });
    return { path: result.path, sha256: result.sha256 };
  };
  return {
    candidateSource, metadataSource, client, http, cache,
    download: (pin) => fetchPin(pin, false),
    downloadAhead: (pin) => fetchPin(pin, true),
    close: async () => {
      try {
        await client.discardAhead();
      } finally {
        await close();
      }
    },
  };
}
