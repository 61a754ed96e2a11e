/**
 * Interim candidate and metadata sources for `--find-links` (a local
 * directory, or an HTTP page of links) until the index client on the
 * `index`/`resolve` branches lands: it lists archives by file name and
 * reads wheel METADATA from the archive itself.
 *
 * Also `CachedPinSource`: the fast path's source, serving only what earlier
 * installs left in the cache's pin records, so a fully pinned, fully cached
 * install reads no index at all.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { canonicalizeName, parseSdistFilename, parseWheelFilename } from "../filenames/index.js";
import { openZip } from "../installer/index.js";
import { AccelError } from "../report/errors.js";
import { metadataField, metadataFields, parseMetadata } from "../installer/metadata.js";
import type { CandidateInfo, CandidateSource, MetadataRequest, MetadataResult, MetadataSource } from "../resolver/lib.js";
import type { ArtifactFetcher } from "./fetch.js";
import type { PinRecords } from "./pin-records.js";

/** A candidate for an archive file name, or null when the name is not a distribution for us. */
export function candidateFromFilename(filename: string, url: string, hashes: Record<string, string> = {}): { name: string; info: CandidateInfo } | null {
  try {
    if (filename.endsWith(".whl")) {
      const wheel = parseWheelFilename(filename);
      const tags = wheel.tags.map((t) => t.toString());
      return { name: wheel.name, info: { filename, url, version: wheel.version.toString(), hashes, requiresPython: null, yanked: false, isWheel: true, tags } };
    }
    if (/\.(tar\.gz|zip|tar\.bz2|tgz|tar)$/.test(filename)) {
      const sdist = parseSdistFilename(filename.replace(/\.(tar\.bz2|tgz|tar)$/, ".tar.gz"));
      return { name: sdist.name, info: { filename, url, version: sdist.version.toString(), hashes, requiresPython: null, yanked: false, isWheel: false } };
    }
  } catch {
    return null;
  }
  return null;
}

export class FindLinksSource implements CandidateSource, MetadataSource {
  private byName: Map<string, CandidateInfo[]> | null = null;

  constructor(private readonly locations: readonly string[], private readonly fetcher: ArtifactFetcher, private readonly cwd = process.cwd()) {}

  async listCandidates(name: string): Promise<readonly CandidateInfo[]> {
    this.byName ??= await this.scan();
    return this.byName.get(canonicalizeName(name)) ?? [];
  }

  private async scan(): Promise<Map<string, CandidateInfo[]>> {
    const out = new Map<string, CandidateInfo[]>();
    const add = (filename: string, url: string, hashes?: Record<string, string>, link?: PageLink): void => {
      const found = candidateFromFilename(filename, url, hashes);
      if (found === null) return;
      const info = link === undefined ? found.info : { ...found.info, requiresPython: link.requiresPython, yanked: link.yanked };
      out.set(found.name, [...(out.get(found.name) ?? []), info]);
    };
    for (const location of this.locations) {
      if (/^https?:/.test(location)) {
        for (const link of await fetchLinks(location)) add(link.filename, link.url, link.hashes, link);
        continue;
      }
      const path = resolve(this.cwd, location.startsWith("file:") ? new URL(location).pathname : location);
      const files = statSync(path).isDirectory() ? readdirSync(path).map((f) => join(path, f)) : [path];
      for (const file of files) add(file.slice(file.lastIndexOf("/") + 1), pathToFileURL(file).href);
    }
    return out;
  }

  async getMetadata(request: MetadataRequest): Promise<MetadataResult> {
    if (!request.filename.endsWith(".whl")) return { kind: "unavailable", reason: "building sdists for metadata is not wired yet" };
    const { path } = await this.fetcher.localPath(request);
    return wheelMetadata(readFileSync(path), request.filename);
  }
}

/** Core metadata of a wheel, read from its `.dist-info/METADATA`. */
export function wheelMetadata(buf: Buffer, label: string): MetadataResult {
  const zip = openZip(buf, label);
  const entry = zip.entries.find((e) => /^[^/]+\.dist-info\/METADATA$/.test(e.name));
  if (entry === undefined) return { kind: "unavailable", reason: `${label} has no .dist-info/METADATA` };
  const metadata = parseMetadata(zip.read(entry).toString("utf8"));
  return {
    kind: "ok", requiresDist: metadataFields(metadata, "Requires-Dist"), providesExtra: metadataFields(metadata, "Provides-Extra"),
    requiresPython: metadataField(metadata, "Requires-Python"), name: metadataField(metadata, "Name") ?? undefined,
    version: metadataField(metadata, "Version") ?? undefined,
  };
}

interface PageLink {
  filename: string;
  url: string;
  hashes: Record<string, string>;
  requiresPython: string | null;
  yanked: boolean | string;
}

function unescapeHtml(text: string): string {
  return text.replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n))).replace(/&#x([0-9a-f]+);/gi, (_m, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&lt;/gi, "<").replace(/&gt;/gi, ">").replace(/&quot;/gi, '"').replace(/&#39;/g, "'").replace(/&amp;/gi, "&");
}

/** The `<a href>` links of a find-links or PEP 503 page: `#sha256=` fragments, `data-requires-python`, `data-yanked`. */
export function parseLinks(html: string, page: string): PageLink[] {
  const out: PageLink[] = [];
  const baseHref = /<base\s[^>]*href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(html);
  const base = baseHref ? new URL(unescapeHtml(baseHref[1] ?? baseHref[2] ?? baseHref[3] ?? ""), page).href : page;
  for (const match of html.matchAll(/<a\s((?:[^>"']|"[^"]*"|'[^']*')*)>/gi)) {
    const attributes = new Map<string, string | null>();
    for (const a of match[1]!.matchAll(/([a-z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/gi)) {
      const value = a[2] ?? a[3] ?? a[4];
      if (!attributes.has(a[1]!.toLowerCase())) attributes.set(a[1]!.toLowerCase(), value === undefined ? null : unescapeHtml(value));
    }
    const href = attributes.get("href");
    if (href === undefined || href === null || href === "") continue;
    const url = new URL(href, base);
    const hashes: Record<string, string> = {};
    const fragment = /^#(sha256|sha384|sha512)=([0-9a-fA-F]+)$/.exec(url.hash);
    if (fragment) hashes[fragment[1]!] = fragment[2]!.toLowerCase();
    const filename = decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf("/") + 1));
    url.hash = "";
    // pip: a valueless `data-yanked` is not yanked; `data-yanked=""` is, without a reason.
    const yankValue = attributes.get("data-yanked");
    const yanked = yankValue === undefined || yankValue === null ? false : yankValue || true;
    out.push({ filename, url: url.href, hashes, requiresPython: attributes.get("data-requires-python") || null, yanked });
  }
  return out;
}

async function fetchLinks(page: string): Promise<PageLink[]> {
  const html = await fetchPage(page);
  return html === null ? [] : parseLinks(html, page);
}

/** A page's HTML, or null when it does not exist (404, missing file). */
async function fetchPage(page: string): Promise<string | null> {
  if (page.startsWith("file:")) {
    const path = new URL(page).pathname;
    try {
      return readFileSync(path.endsWith("/") ? join(path, "index.html") : path, "utf8");
    } catch {
      return null;
    }
  }
  let response: Response;
  try {
    response = await fetch(page);
  } catch (cause) {
    throw new AccelError("index-unreachable", `Cannot read ${redact(page)}: ${(cause as Error).message}`, {
      cause, hint: "Check the index URL and your network, or use --offline / --no-index with --find-links.",
    });
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new AccelError("index-error", `${redact(page)} answered HTTP ${response.status}`, { hint: "Check the index URL." });
  return response.text();
}

function redact(url: string): string {
  return url.replace(/\/\/[^/@]*@/, "//***@");
}

/** Serves candidates and metadata only from the cache's pin records (no I/O beyond the cache). */
export class CachedPinSource implements CandidateSource, MetadataSource {
  constructor(private readonly records: PinRecords) {}

  async listCandidates(name: string): Promise<readonly CandidateInfo[]> {
    return this.records.list(canonicalizeName(name)).map((r) => r.candidate);
  }

  async getMetadata(request: MetadataRequest): Promise<MetadataResult> {
    const record = this.records.list(canonicalizeName(request.name)).find((r) => r.candidate.filename === request.filename);
    return record === undefined ? { kind: "unavailable", reason: "not in the cache" } : { kind: "ok", ...record.metadata };
  }
}

/** Interim PEP 503 source: `<index>/<name>/` pages read with the find-links link parser. */
export class SimpleIndexSource implements CandidateSource {
  private readonly memo = new Map<string, Promise<CandidateInfo[]>>();

  constructor(private readonly indexUrls: readonly string[]) {}

  listCandidates(name: string): Promise<readonly CandidateInfo[]> {
    const key = canonicalizeName(name);
    let pending = this.memo.get(key);
    if (pending === undefined) {
      pending = Promise.all(this.indexUrls.map((u) => fetchLinks(`${u.replace(/\/+$/, "")}/${key}/`))).then((pages) =>
        pages.flat().flatMap((l) => {
          const found = candidateFromFilename(l.filename, l.url, l.hashes);
          return found !== null && found.name === key ? [{ ...found.info, requiresPython: l.requiresPython, yanked: l.yanked }] : [];
        }));
      this.memo.set(key, pending);
    }
    return pending;
  }
}

/** Several candidate sources as one (files concatenated). */
export class CombinedSource implements CandidateSource {
  constructor(private readonly sources: readonly CandidateSource[]) {}

  async listCandidates(name: string): Promise<readonly CandidateInfo[]> {
    return (await Promise.all(this.sources.map((s) => s.listCandidates(name)))).flat();
  }
}
