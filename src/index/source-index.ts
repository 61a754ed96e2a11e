/**
 * The local source index: every downloaded sdist and wheel, kept in
 * `<cache>/sources-v1/` and exposed as a PEP 503 index under
 * `sources-v1/simple/` (`simple/index.html` lists projects,
 * `simple/<name>/index.html` lists files with `#sha256=` and, when the
 * original index said so, `data-requires-python` and `data-yanked`; the
 * same page is written as PEP 691 JSON in `simple/<name>/index.json`, which
 * is what pip-accel itself reads: no HTML parser is loaded for it).
 *
 * pip-accel reads it with the same parser as any index, and pip can use it
 * with `--index-url file://<cache>/sources-v1/simple`. Pages are regenerated
 * atomically from the directory listing (the files are the truth; a page only
 * adds what the listing cannot say), so a lost update between two processes
 * never loses a file. `$PIP_DOWNLOAD_CACHE` is read as an extra, read-only
 * source of archives (plain names, or pip's old URL-quoted names).
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isTempName, writeFileAtomic, type Cache } from "../cache/cache.js";
import { KeyedLock } from "../cache/once-map.js";
import { canonicalizeName, looseProjectOfFilename, type NormalizedName } from "./archive-filename.js";
import type { Link } from "./link.js";
import { buildLink, parseHtmlPage, parseJsonPage } from "./simple-api.js";

export interface SourceEntry {
  filename: string;
  sha256: string;
  requiresPython: string | null;
  yanked: string | null;
}

export interface SourceIndexOptions {
  /** `$PIP_DOWNLOAD_CACHE`, read-only. */
  downloadCache?: string | null;
}

export class SourceIndex {
  readonly directory: string;
  private readonly downloadCache: string | null;
  private readonly lock = new KeyedLock<string>();
  /** Projects whose JSON page was read (the others are regenerated once to write it). */
  private readonly jsonPages = new Set<string>();
  /** The last listing of the directory, reused while the directory's mtime is unchanged (one readdir per change, not per project). */
  private listing: { mtime: bigint; files: Promise<string[]> } | null = null;

  constructor(cache: Cache, options: SourceIndexOptions = {}) {
    this.directory = cache.bucket("sources");
    this.downloadCache = options.downloadCache ?? null;
  }

  /** Where an archive of this name lives (or will live). */
  pathFor(filename: string): string {
    return join(this.directory, filename);
  }

  /** Where an archive fetched ahead of need waits, outside the index, until a download adopts it. */
  aheadPathFor(filename: string): string {
    return join(this.directory, "ahead", filename);
  }

  /** Where the archive of a direct reference (`name @ URL`) lives: by its URL, outside the index pages. */
  directPathFor(url: string, filename: string): string {
    const key = createHash("sha256").update(url.split("#")[0]!).digest("hex").slice(0, 32);
    return join(this.directory, "direct", key, filename);
  }

  /** `file://…/sources-v1/simple/`, usable as pip's `--index-url`. */
  get simpleUrl(): string {
    return pathToFileURL(join(this.directory, "simple")).toString() + "/";
  }

  /** Records an archive already placed at `pathFor(entry.filename)` and regenerates its pages. */
  async add(entry: SourceEntry): Promise<void> {
    const project = looseProjectOfFilename(entry.filename);
    if (!project) return;
    await this.regenerate(project, entry);
  }

  /** Rewrites `simple/<project>/index.html` from the directory, then the root page. */
  async regenerate(project: string, extra?: SourceEntry): Promise<void> {
    const name = canonicalizeName(project);
    await this.lock.with(name, async () => {
      const onDisk = await this.archivesOf(name);
      const known = new Map((await this.readPage(name, onDisk)).map((link) => [link.filename, link]));
      const entries: SourceEntry[] = [];
      for (const filename of onDisk) {
        if (extra?.filename === filename) {
          entries.push(extra);
          continue;
        }
        const link = known.get(filename);
        const sha256 = link?.hashes.sha256 ?? (await sha256File(this.pathFor(filename)));
        entries.push({ filename, sha256, requiresPython: link?.requiresPython ?? null, yanked: link?.yanked ?? null });
      }
      await writeFileAtomic(join(this.directory, "simple", name, "index.html"), formatProjectPage(name, entries));
      await writeFileAtomic(join(this.directory, "simple", name, "index.json"), formatProjectJson(name, entries));
    });
    await this.lock.with("", () => this.writeRoot());
  }

  /** Links to this project's archives in the source index and in `$PIP_DOWNLOAD_CACHE`. Never touches the network. */
  async links(project: string): Promise<Link[]> {
    const name = canonicalizeName(project);
    const onDisk = await this.archivesOf(name);
    let links = await this.readPage(name, onDisk);
    // Regenerated when a file is not on the page, or when the page has no JSON twin yet (older caches).
    if (onDisk.some((filename) => !links.some((link) => link.filename === filename)) || (onDisk.length > 0 && !this.jsonPages.has(name))) {
      await this.regenerate(name);
      links = await this.readPage(name, await this.archivesOf(name));
    }
    return [...links, ...(await this.downloadCacheLinks(name))];
  }

  /** The page's links to files that are present (`onDisk`: the project's archives, read just before). */
  private async readPage(name: NormalizedName, onDisk: readonly string[]): Promise<Link[]> {
    const page = join(this.directory, "simple", name, "index");
    const json = await readFile(`${page}.json`, "utf8").catch(() => null);
    if (json !== null) this.jsonPages.add(name);
    // Caches written before the JSON page existed have only the HTML one.
    const html = json === null ? await readFile(`${page}.html`, "utf8").catch(() => null) : null;
    if (json === null && html === null) return [];
    let links: Link[];
    try {
      links = json !== null ? parseJsonPage(json, pathToFileURL(`${page}.json`).toString()) : await parseHtmlPage(html as string, pathToFileURL(`${page}.html`).toString());
    } catch {
      return []; // a damaged page is rebuilt from the directory listing
    }
    const present = new Set(onDisk);
    return links.filter((link) => present.has(link.filename));
  }

  private async archivesOf(name: NormalizedName): Promise<string[]> {
    // The cheap prefix test skips parsing the names of other projects' files (the directory holds every project's).
    const prefix = `${name}-`;
    return (await this.directoryFiles())
      .filter((filename) => canonicalizeName(filename).startsWith(prefix) && looseProjectOfFilename(filename) === name)
      .sort();
  }

  private async directoryFiles(): Promise<string[]> {
    const mtime = await stat(this.directory, { bigint: true }).then((s) => s.mtimeNs, () => -1n);
    if (this.listing === null || this.listing.mtime !== mtime || mtime < 0n) this.listing = { mtime, files: listFiles(this.directory) };
    return this.listing.files;
  }

  private async writeRoot(): Promise<void> {
    const simple = join(this.directory, "simple");
    const projects = (await readdir(simple, { withFileTypes: true }).catch(() => []))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const items = projects.map((name) => `    <a href="${escapeHtml(encodeURIComponent(name))}/">${escapeHtml(name)}</a><br/>`);
    await writeFileAtomic(join(simple, "index.html"), htmlDocument("Simple index", items));
  }

  private async downloadCacheLinks(name: NormalizedName): Promise<Link[]> {
    if (!this.downloadCache) return [];
    const links: Link[] = [];
    for (const stored of await listFiles(this.downloadCache)) {
      if (stored.endsWith(".content-type")) continue;
      const filename = downloadCacheFilename(stored);
      if (looseProjectOfFilename(filename) !== name) continue;
      const link = buildLink(pathToFileURL(join(this.downloadCache, stored)).toString(), this.downloadCache, {
        requiresPython: null, yanked: null, coreMetadata: false,
      });
      links.push({ ...link, filename });
    }
    return links;
  }
}

/** pip's old download cache stored `urllib.quote(url, '')`; the file name is the URL's last segment. */
export function downloadCacheFilename(stored: string): string {
  if (!/%2F/i.test(stored)) return stored;
  try {
    const decoded = decodeURIComponent(stored);
    return decodeURIComponent(decoded.split(/[?#]/)[0]?.split("/").pop() ?? stored);
  } catch {
    return stored;
  }
}

export function formatProjectPage(name: string, entries: SourceEntry[]): string {
  const items = entries.map((entry) => {
    const attributes = [`href="../../${escapeHtml(encodeURIComponent(entry.filename))}#sha256=${entry.sha256}"`];
    if (entry.requiresPython) attributes.push(`data-requires-python="${escapeHtml(entry.requiresPython)}"`);
    if (entry.yanked !== null) attributes.push(`data-yanked="${escapeHtml(entry.yanked)}"`);
    return `    <a ${attributes.join(" ")}>${escapeHtml(entry.filename)}</a><br/>`;
  });
  return htmlDocument(`Links for ${name}`, items);
}

/** The same page as PEP 691 JSON (API 1.0), URLs relative to the page as in the HTML. */
export function formatProjectJson(name: string, entries: SourceEntry[]): string {
  const files = entries.map((entry) => ({
    filename: entry.filename,
    url: `../../${encodeURIComponent(entry.filename)}`,
    hashes: { sha256: entry.sha256 },
    ...(entry.requiresPython ? { "requires-python": entry.requiresPython } : {}),
    ...(entry.yanked !== null ? { yanked: entry.yanked === "" ? true : entry.yanked } : {}),
  }));
  return `${JSON.stringify({ meta: { "api-version": "1.0" }, name, files }, null, 1)}\n`;
}

function htmlDocument(title: string, items: string[]): string {
  return [
    "<!DOCTYPE html>",
    "<html>",
    "  <head>",
    '    <meta name="pypi:repository-version" content="1.0">',
    `    <title>${escapeHtml(title)}</title>`,
    "  </head>",
    "  <body>",
    `    <h1>${escapeHtml(title)}</h1>`,
    ...items,
    "  </body>",
    "</html>",
    "",
  ].join("\n");
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile() && !isTempName(entry.name)).map((entry) => entry.name);
}

export async function sha256File(path: string): Promise<string> {
  await stat(path);
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
