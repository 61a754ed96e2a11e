/**
 * `IndexClient`: where candidates come from, offline-first.
 *
 * `findCandidates(project, {target, specifier})`:
 *  1. The offline pass: the local source index (`sources-v1/`), the
 *     `$PIP_DOWNLOAD_CACHE` directory and local `--find-links`. When a
 *     non-yanked candidate there satisfies the specifier, that is the answer
 *     and no connection is opened (skipped with `upgrade` or `refresh`).
 *  2. The network pass: every `--index-url`/`--extra-index-url` project page
 *     (JSON preferred, HTML fallback, through the page cache) and every
 *     `--find-links` location. Direct file links come before page links;
 *     links are de-duplicated by URL.
 * With `offline`, pass 2 uses cached pages only, and a project that cannot
 * be satisfied yields `{kind: "offline", missing}` instead of an error.
 *
 * `download` keeps every file in the source index (checked, renamed into
 * place, pages regenerated); `fetchMetadata` reads PEP 658 `.metadata`
 * (hash-checked, cached for good); `fetchText` reads `-r https://…` files.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { writeFileAtomic, type Cache } from "../cache/cache.js";
import { withFileLock } from "../cache/file-lock.js";
import type { SpecifierSet } from "../pep440/index.js";
import { AccelError, isAccelError } from "../report/errors.js";
import { canonicalizeName } from "./archive-filename.js";
import { redactUrl } from "./credentials.js";
import { adoptStaged, Downloader, removeFiles, stagedFile, verifyFile, type DownloadResult } from "./download.js";
import { collectFindLinks, isLocalLocation, localPathOf } from "./find-links.js";
import type { HttpClient } from "./http.js";
import { evaluateLink, primaryHash, type Candidate, type Link, type LinkEvaluation } from "./link.js";
import { PageCache } from "./page-cache.js";
import { ACCEPT_HEADER, parseHtmlPage, parseProjectPage, projectPageUrl } from "./simple-api.js";
import { SourceIndex } from "./source-index.js";
import type { TargetPython } from "./target.js";

export const DEFAULT_INDEX_URL = "https://pypi.org/simple";

export interface IndexClientOptions {
  cache: Cache;
  http: HttpClient;
  /** `--index-url` then `--extra-index-url`s; default PyPI. Ignored with `noIndex`. */
  indexUrls?: string[];
  noIndex?: boolean;
  findLinks?: string[];
  /** `$PIP_DOWNLOAD_CACHE` (read-only). */
  downloadCache?: string | null;
  /** `--refresh`: revalidate every page and skip the offline pass. */
  refresh?: boolean;
  onWarning?: (message: string) => void;
}

export interface FindOptions {
  target: TargetPython;
  specifier?: SpecifierSet | null;
  /** `-U`: skip the offline pass. */
  upgrade?: boolean;
}

export interface Rejection {
  filename: string;
  reason: Exclude<LinkEvaluation, { kind: "candidate" }>["reason"];
  detail: string;
}

export type FindResult =
  | { kind: "found"; candidates: Candidate[]; from: "source-index" | "network"; rejected: Rejection[] }
  | { kind: "not-found"; rejected: Rejection[] }
  | { kind: "offline"; missing: string; candidates: Candidate[] };

export interface DownloadOptions {
  /** `--hash` values per algorithm. */
  hashes?: Record<string, string[]>;
  /**
   * A URL the user gave (`name @ URL`), not a file an index listed: kept by its URL
   * (`sources-v1/direct/<key>/<filename>`), since its file name need not say which project it is
   * (`…/archive/main.tar.gz`), and left out of the source index pages.
   */
  direct?: boolean;
  /**
   * Fetched ahead of need (while the resolver still works): the file goes to the source
   * index's staging folder (`sources-v1/ahead/`), not into the index, and a later plain
   * `download` of the same candidate adopts it (checked again) instead of fetching it.
   * A file fetched ahead that no download adopts is removed by `discardAhead`.
   */
  ahead?: boolean;
}

export class IndexClient {
  readonly sourceIndex: SourceIndex;
  readonly pages: PageCache;
  private readonly downloader: Downloader;
  /** Files fetched ahead (`ahead: true`) and not adopted yet. */
  private readonly ahead = new Set<string>();
  private readonly indexUrls: string[];

  constructor(private readonly options: IndexClientOptions) {
    this.sourceIndex = new SourceIndex(options.cache, { downloadCache: options.downloadCache ?? null });
    this.pages = new PageCache(options.cache, options.http);
    this.downloader = new Downloader(options.http);
    this.indexUrls = options.noIndex ? [] : [...new Set((options.indexUrls ?? [DEFAULT_INDEX_URL]).map(indexLocation))];
  }

  /** How many lookups went past the offline pass (read an index page or a find-links location, cached or not). */
  get remoteLookups(): number {
    return this.lookupsPastLocal;
  }

  private lookupsPastLocal = 0;

  /** The local source index's directory (`<cache>/sources-v1`). */
  get sourceIndexDir(): string {
    return this.sourceIndex.directory;
  }

  /** True when `$PIP_DOWNLOAD_CACHE` is read as an extra source. */
  get readsDownloadCache(): boolean {
    return (this.options.downloadCache ?? null) !== null;
  }

  /** The indexes and find-links locations this client reads, without credentials. */
  locations(): string[] {
    return [...this.indexUrls, ...(this.options.findLinks ?? [])].map((url) => redactUrl(url));
  }

  async findCandidates(project: string, options: FindOptions): Promise<FindResult> {
    const local = await this.localLinks(project);
    const localEval = evaluateAll(local, project, options.target);
    if (!options.upgrade && !this.options.refresh && satisfies(localEval.candidates, project, options)) {
      return { kind: "found", candidates: localEval.candidates, from: "source-index", rejected: localEval.rejected };
    }
    this.lookupsPastLocal++;
    const remote = await this.remoteLinks(project);
    const all = evaluateAll(dedupe([...local, ...preferLocalCopies(local, remote.links)]), project, options.target);
    if (remote.offlineMisses.length > 0 && !satisfies(all.candidates, project, options)) {
      const wanted = `${canonicalizeName(project)}${options.specifier?.toString() ?? ""}`;
      return { kind: "offline", missing: wanted, candidates: all.candidates };
    }
    if (all.candidates.length === 0) return { kind: "not-found", rejected: all.rejected };
    return { kind: "found", candidates: all.candidates, from: "network", rejected: all.rejected };
  }

  /** Downloads (or finds in the source index) the candidate's file, checked; returns its path. */
  async download(candidate: Candidate, options: DownloadOptions = {}): Promise<DownloadResult> {
    const link = candidate.link;
    const destination = options.direct === true ? this.sourceIndex.directPathFor(link.url, link.filename) : this.sourceIndex.pathFor(link.filename);
    const request = { url: link.url, indexHash: primaryHash(link), userHashes: options.hashes ?? {}, size: link.size };
    const inPlace = async (): Promise<DownloadResult | null> => {
      if (!existsSync(destination)) return null;
      try {
        return await verifyFile(destination, request);
      } catch (error) {
        if (link.url.startsWith("file:") && fileURLToPath(link.url) === destination) throw error;
        return null; // A different file of the same name: fetch the announced one and replace it.
      }
    };
    const found = await inPlace();
    if (found !== null) return found;
    const staged = options.direct === true ? null : this.sourceIndex.aheadPathFor(link.filename);
    // One download per file across processes sharing the cache: a waiter finds it in place (or
    // staged by another run). Looked for again under the lock: another run may have finished
    // between the look above and taking it.
    return withFileLock(destination, async () => {
      const fetched = await inPlace();
      if (fetched !== null) return fetched;
      if (options.ahead === true && staged !== null) {
        const waiting = await stagedFile(staged, request);
        if (waiting !== null) return waiting;
        const result = await this.downloader.download({ ...request, destination: staged });
        this.ahead.add(staged);
        return result;
      }
      const adopted = staged === null ? null : await adoptStaged(staged, destination, request);
      if (staged !== null) this.ahead.delete(staged);
      const result = adopted ?? await this.downloader.download({ ...request, destination });
      if (options.direct !== true) await this.sourceIndex.add({ filename: link.filename, sha256: result.sha256, requiresPython: link.requiresPython, yanked: link.yanked });
      return result;
    });
  }

  /** Removes the files this client fetched ahead (`ahead: true`) that no download adopted. */
  async discardAhead(): Promise<void> {
    const files = [...this.ahead];
    this.ahead.clear();
    await removeFiles(files);
  }

  /** PEP 658 core metadata text, or null when the index does not announce it. */
  async fetchMetadata(candidate: Candidate): Promise<string | null> {
    const announced = candidate.link.coreMetadata;
    if (announced === false) return null;
    const url = `${candidate.link.url}.metadata`;
    const cachePath = join(this.options.cache.bucket("http"), "metadata", `${createHash("sha256").update(url).digest("hex")}.metadata`);
    const cached = await readFile(cachePath).catch(() => null);
    const bytes = cached ?? (await this.fetchBytes(url));
    if (announced !== true) checkMetadataHash(bytes, announced, url);
    if (!cached && !url.startsWith("file:")) await writeFileAtomic(cachePath, bytes);
    return bytes.toString("utf8");
  }

  /** A text file by URL (`-r https://…`), through the page cache (served offline when cached). */
  async fetchText(url: string): Promise<string> {
    if (url.startsWith("file:")) return readFile(fileURLToPath(url), "utf8");
    return (await this.pages.get(url, { accept: "text/plain, */*", refresh: this.options.refresh ?? false })).body;
  }

  private async fetchBytes(url: string): Promise<Buffer> {
    if (url.startsWith("file:")) return readFile(fileURLToPath(url));
    return this.options.http.request(url, { retryBody: true }, async (response) => {
      if (response.status !== 200) {
        await response.body.dump();
        throw new AccelError("metadata-unavailable", `HTTP ${response.status} for ${response.displayUrl}`);
      }
      return Buffer.from(await response.body.arrayBuffer());
    });
  }

  private async localLinks(project: string): Promise<Link[]> {
    const links = await this.sourceIndex.links(project);
    for (const location of (this.options.findLinks ?? []).filter(isLocalLocation)) {
      const found = await collectFindLinks(location, project, () => Promise.reject(new Error("not local")));
      found.warnings.forEach((warning) => this.warn(warning));
      links.push(...found.fileLinks, ...found.pageLinks);
    }
    return links;
  }

  private async remoteLinks(project: string): Promise<{ links: Link[]; offlineMisses: string[] }> {
    const fileLinks: Link[] = [];
    const pageLinks: Link[] = [];
    const offlineMisses: string[] = [];
    const refresh = this.options.refresh ?? false;
    const fetchPage = (url: string) => this.pages.get(url, { accept: "text/html", refresh });
    const tasks = [
      ...this.indexUrls.map(async (indexUrl) => pageLinks.push(...(await this.indexPage(indexUrl, project)))),
      ...(this.options.findLinks ?? []).filter((location) => !isLocalLocation(location)).map(async (location) => {
        const found = await collectFindLinks(location, project, fetchPage);
        found.warnings.forEach((warning) => this.warn(warning));
        fileLinks.push(...found.fileLinks);
        pageLinks.push(...found.pageLinks);
      }),
    ];
    for (const outcome of await Promise.allSettled(tasks)) {
      if (outcome.status === "fulfilled") continue;
      const error = outcome.reason as unknown;
      if (isAccelError(error) && error.code === "offline") offlineMisses.push(error.message);
      else throw error;
    }
    return { links: [...fileLinks, ...pageLinks], offlineMisses };
  }

  /** One index's project page; a 404 means "not on this index", other failures are warnings (as pip). */
  private async indexPage(indexUrl: string, project: string): Promise<Link[]> {
    if (!HAS_SCHEME.test(indexUrl) || !URL.canParse(indexUrl)) {
      this.warnOnce(`Url '${redactUrl(indexUrl)}' is ignored: it is either a non-existing path or lacks a specific scheme.`);
      return [];
    }
    const url = projectPageUrl(indexUrl, project);
    if (!isSecureOrigin(url, this.options.http)) {
      this.warn(`The repository located at ${new URL(url).host} is not a trusted or secure host and is being ignored. `
        + `Use https, or --trusted-host ${new URL(url).hostname} to allow it.`);
      return [];
    }
    if (url.startsWith("file:")) {
      const path = join(fileURLToPath(url), "index.html");
      const html = await readFile(path, "utf8").catch(() => null);
      return html === null ? [] : await parseHtmlPage(html, url);
    }
    try {
      const page = await this.pages.get(url, { accept: ACCEPT_HEADER, refresh: this.options.refresh ?? false });
      return await parseProjectPage(page.body, page.contentType, url);
    } catch (error) {
      if (isAccelError(error) && error.code === "offline") throw error;
      if (!(isAccelError(error) && "status" in error && error.status === 404)) {
        this.warn(`Skipping ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`);
      }
      return [];
    }
  }

  private warn(message: string): void {
    this.options.onWarning?.(message);
  }

  private readonly warned = new Set<string>();

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.warn(message);
  }
}

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** An index given as a local path (pip allows that) becomes a file: URL; a URL is kept as given. */
function indexLocation(url: string): string {
  if (HAS_SCHEME.test(url)) return url;
  const local = localPathOf(url);
  return local === null ? url : pathToFileURL(local).href;
}

/** pip's secure origins: https, file, loopback hosts, and `--trusted-host`s. */
export function isSecureOrigin(url: string, http: Pick<HttpClient, "isTrusted">): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === "https:" || parsed.protocol === "file:") return true;
  if (["localhost", "127.0.0.1", "[::1]"].includes(parsed.hostname)) return true;
  return http.isTrusted(url);
}

function evaluateAll(links: Link[], project: string, target: TargetPython): { candidates: Candidate[]; rejected: Rejection[] } {
  const candidates: Candidate[] = [];
  const rejected: Rejection[] = [];
  const ordered = [...links.filter((link) => link.egg === null), ...links.filter((link) => link.egg !== null)];
  for (const link of ordered) {
    const result = evaluateLink(link, project, target);
    if (result.kind === "candidate") candidates.push(result.candidate);
    else rejected.push({ filename: link.filename, reason: result.reason, detail: result.detail });
  }
  return { candidates, rejected };
}

/**
 * Drops remote links to files already in the source index with the same
 * content (same name, and the same sha256 or none announced), so the local
 * copy is used; the index's current yank status is carried over to it.
 */
function preferLocalCopies(local: Link[], remote: Link[]): Link[] {
  const byName = new Map(local.filter((link) => link.url.startsWith("file:")).map((link) => [link.filename, link]));
  return remote.filter((link) => {
    const copy = byName.get(link.filename);
    if (!copy) return true;
    const remoteHash = link.hashes.sha256;
    if (remoteHash !== undefined && remoteHash !== copy.hashes.sha256) return true;
    copy.yanked = link.yanked;
    copy.requiresPython = link.requiresPython ?? copy.requiresPython;
    return false;
  });
}

function dedupe(links: Link[]): Link[] {
  const seen = new Set<string>();
  return links.filter((link) => (seen.has(link.url) ? false : (seen.add(link.url), true)));
}

/** Whether some non-yanked candidate meets the specifier (pre-releases only when allowed). */
function satisfies(candidates: Candidate[], project: string, options: FindOptions): boolean {
  const prereleases = options.target.prereleases(project);
  return candidates.some((candidate) => candidate.link.yanked === null
    && (options.specifier ? options.specifier.contains(candidate.version, { prereleases }) : true));
}

function checkMetadataHash(bytes: Buffer, hashes: Record<string, string>, url: string): void {
  const [name, expected] = Object.entries(hashes)[0] ?? [];
  if (!name || !expected) return;
  const got = createHash(name).update(bytes).digest("hex");
  if (got !== expected.toLowerCase()) {
    throw new AccelError("hash-mismatch", `Hash mismatch for ${redactUrl(url)}: expected ${name} ${expected}, got ${got}`, {
      hint: "The metadata file was not used; pip-accel falls back to the distribution itself.",
    });
  }
}
