/**
 * `--find-links` locations, as pip reads them (pip-behaviour.md §3.3):
 *
 * | location                         | yields |
 * | -------------------------------- | ------ |
 * | a local directory (or `file:` URL to one) | its files (not recursive) whose names parse strictly as a wheel or a `.tar.gz`/`.zip` sdist of the project, plus the links of every `*.html`/`*.htm` in it |
 * | a local file (or `file:` URL)    | an HTML file is read as a page; any other file is itself a link |
 * | `http(s)://…` ending in an archive extension | the URL itself as a link |
 * | other `http(s)://…`              | the page's links (fetched through the page cache) |
 * | anything else                    | nothing, and a warning |
 *
 * A leading `~` is expanded only when the expanded path exists. File links
 * come back sorted by URL, descending, and are listed before page links.
 */
import { existsSync, statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { extname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { canonicalizeName, isArchiveExtension, projectOfFilename, splitExtension } from "./archive-filename.js";
import { redactUrl } from "./credentials.js";
import type { Link } from "./link.js";
import { buildLink, parseHtmlPage, parseProjectPage } from "./simple-api.js";

export interface FindLinksResult {
  fileLinks: Link[];
  pageLinks: Link[];
  warnings: string[];
}

/** Fetches a remote page (the client passes its page cache). */
export type PageFetcher = (url: string) => Promise<{ body: string; contentType: string }>;

/** A local path for the location, or null when it is remote or does not exist. */
export function localPathOf(location: string): string | null {
  if (/^file:/i.test(location)) return fileURLToPath(location);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return null;
  if (location.startsWith("~")) {
    const expanded = join(homedir(), location.slice(1));
    if (existsSync(expanded)) return expanded;
  }
  return existsSync(location) ? resolve(location) : null;
}

/** True when reading the location needs no network. */
export function isLocalLocation(location: string): boolean {
  return !/^https?:/i.test(location);
}

export async function collectFindLinks(location: string, project: string, fetchPage: PageFetcher): Promise<FindLinksResult> {
  const result: FindLinksResult = { fileLinks: [], pageLinks: [], warnings: [] };
  const local = localPathOf(location);
  if (local !== null && existsSync(local)) {
    if (statSync(local).isDirectory()) await scanDirectory(local, project, result);
    else await readLocalFile(local, result);
  } else if (/^https?:/i.test(location)) {
    await readRemote(location, fetchPage, result);
  } else {
    result.warnings.push(`Location '${redactUrl(location)}' is ignored: it is either a non-existing path or lacks a specific scheme.`);
  }
  result.fileLinks.sort((a, b) => (a.url < b.url ? 1 : a.url > b.url ? -1 : 0));
  return result;
}

const isHtmlName = (name: string) => [".html", ".htm"].includes(extname(name).toLowerCase());

function fileLink(path: string, comesFrom: string): Link {
  return buildLink(pathToFileURL(path).toString(), comesFrom, { requiresPython: null, yanked: null, coreMetadata: false });
}

async function scanDirectory(directory: string, project: string, result: FindLinksResult): Promise<void> {
  const wanted = canonicalizeName(project);
  const entries = await readdir(directory, { withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(directory, entry.name);
    if (isHtmlName(entry.name)) {
      result.pageLinks.push(...(await parseHtmlPage(await readFile(path, "utf8"), pathToFileURL(path).toString())));
    } else if (projectOfFilename(entry.name) === wanted) {
      result.fileLinks.push(fileLink(path, directory));
    }
  }
}

async function readLocalFile(path: string, result: FindLinksResult): Promise<void> {
  if (isHtmlName(path)) result.pageLinks.push(...(await parseHtmlPage(await readFile(path, "utf8"), pathToFileURL(path).toString())));
  else result.fileLinks.push(fileLink(path, path));
}

async function readRemote(url: string, fetchPage: PageFetcher, result: FindLinksResult): Promise<void> {
  const path = new URL(url).pathname;
  const [, extension] = splitExtension(path.split("/").pop() ?? "");
  if (extension && isArchiveExtension(extension)) {
    result.fileLinks.push(buildLink(url, url, { requiresPython: null, yanked: null, coreMetadata: false }));
    return;
  }
  try {
    const page = await fetchPage(url);
    result.pageLinks.push(...(await parseProjectPage(page.body, page.contentType, url)));
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "offline") throw error;
    result.warnings.push(`Could not read find-links page ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
