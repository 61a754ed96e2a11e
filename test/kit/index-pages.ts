/**
 * What the local index server knows (projects and their files) and how it
 * renders them: PEP 503 HTML, PEP 691/700 JSON, and a find-links page.
 * Pure functions over an in-memory model; `index-server.ts` does the HTTP.
 *
 * URL layout (relative links everywhere, as a real index may do):
 *   /simple/                 root page          /files/<filename>           a file
 *   /simple/<normalized>/    project page       /files/<filename>.metadata  PEP 658 metadata
 *   /find-links/             flat page linking every file
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** One distribution file served by the index. Give `path` (read once, at add time) or `data`. */
export interface FileEntry {
  filename: string;
  path?: string;
  data?: Buffer | string;
  /** `true` yanks without a reason (`data-yanked=""`, JSON `true`); a string is the reason. */
  yanked?: string | true;
  /** Requires-Python, written raw in JSON and HTML-escaped in HTML. */
  requiresPython?: string;
  /** Core metadata text, served at `<file>.metadata` (PEP 658/714). */
  metadata?: string;
  /**
   * How the metadata file is advertised: `"hash"` (default: `data-core-metadata` and the legacy
   * `data-dist-info-metadata`, both `sha256=<hex>`), `"true"` (exists, no hash), `"legacy-only"`
   * (only the old PEP 658 name, with hash), `"none"` (served but not advertised).
   */
  metadataAdvertise?: "hash" | "true" | "legacy-only" | "none";
  /** Advertised hashes, replacing the real sha256. The first entry goes into the HTML fragment. */
  hashes?: Record<string, string>;
  /** Advertise no hash at all (no `#sha256=` fragment, JSON `hashes: {}`). */
  omitHash?: boolean;
  /** PEP 700 `upload-time`, e.g. `2024-01-02T03:04:05Z`. */
  uploadTime?: string;
}

/** A file as held by the server: the entry plus its bytes and derived values. */
export interface ServedFile {
  entry: FileEntry;
  project: string;
  version: string;
  bytes: Buffer;
  sha256: string;
  metadataBytes?: Buffer;
  metadataSha256?: string;
  lastModified: Date;
}

export interface Project {
  displayName: string;
  files: ServedFile[];
  /** Extra PEP 700 `versions` with no files. */
  extraVersions: string[];
  lastModified: Date;
}

/** PEP 503 normalisation: runs of `-_.` become `-`, lower case. */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

const SDIST_SUFFIXES = [".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tar", ".zip"];

/** Project name and version from a wheel or sdist filename, or null for anything else. */
export function splitFilename(filename: string): { name: string; version: string } | null {
  if (filename.endsWith(".whl")) {
    const [name, version] = filename.split("-");
    return name && version ? { name, version } : null;
  }
  const suffix = SDIST_SUFFIXES.find((s) => filename.endsWith(s));
  if (!suffix) return null;
  const stem = filename.slice(0, -suffix.length);
  const dash = stem.lastIndexOf("-");
  return dash > 0 ? { name: stem.slice(0, dash), version: stem.slice(dash + 1) } : null;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Reads an entry's bytes and computes what the pages advertise. */
export function toServedFile(entry: FileEntry, lastModified: Date, project?: string): ServedFile {
  const split = splitFilename(entry.filename);
  const name = project ?? split?.name;
  if (!name) throw new Error(`index server: cannot tell the project of ${entry.filename}; pass it explicitly`);
  const bytes = entry.data !== undefined ? Buffer.from(entry.data) : entry.path ? readFileSync(entry.path) : null;
  if (!bytes) throw new Error(`index server: file entry ${entry.filename} needs 'path' or 'data'`);
  const served: ServedFile = {
    entry, project: normalizeName(name), version: split?.version ?? "", bytes, sha256: sha256Hex(bytes), lastModified,
  };
  if (entry.metadata !== undefined) {
    served.metadataBytes = Buffer.from(entry.metadata, "utf8");
    served.metadataSha256 = sha256Hex(served.metadataBytes);
  }
  return served;
}

/** Escapes text for an HTML attribute value or element content. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** A filename as a URL path segment (keeps `+` readable, as PyPI does). */
export function encodeSegment(filename: string): string {
  return encodeURIComponent(filename).replace(/%2B/g, "+");
}

function advertisedHashes(file: ServedFile): Record<string, string> {
  if (file.entry.omitHash) return {};
  return file.entry.hashes ?? { sha256: file.sha256 };
}

function hashFragment(file: ServedFile): string {
  const first = Object.entries(advertisedHashes(file))[0];
  return first ? `#${first[0]}=${first[1]}` : "";
}

/** `[core-metadata value, dist-info-metadata value]` as HTML strings, or undefined to omit. */
function metadataAttributes(file: ServedFile): [string | undefined, string | undefined] {
  if (!file.metadataSha256) return [undefined, undefined];
  const withHash = `sha256=${file.metadataSha256}`;
  switch (file.entry.metadataAdvertise ?? "hash") {
    case "hash": return [withHash, withHash];
    case "true": return ["true", "true"];
    case "legacy-only": return [undefined, withHash];
    case "none": return [undefined, undefined];
  }
}

function anchor(file: ServedFile, hrefPrefix: string): string {
  const attrs = [`href="${escapeHtml(hrefPrefix + encodeSegment(file.entry.filename) + hashFragment(file))}"`];
  if (file.entry.requiresPython !== undefined) attrs.push(`data-requires-python="${escapeHtml(file.entry.requiresPython)}"`);
  if (file.entry.yanked !== undefined) {
    attrs.push(`data-yanked="${file.entry.yanked === true ? "" : escapeHtml(file.entry.yanked)}"`);
  }
  const [core, legacy] = metadataAttributes(file);
  if (core !== undefined) attrs.push(`data-core-metadata="${core}"`);
  if (legacy !== undefined) attrs.push(`data-dist-info-metadata="${legacy}"`);
  return `    <a ${attrs.join(" ")}>${escapeHtml(file.entry.filename)}</a><br/>`;
}

function htmlDocument(title: string, body: string[]): string {
  return [
    "<!DOCTYPE html>", "<html>", "  <head>",
    '    <meta name="pypi:repository-version" content="1.1">',
    `    <title>${escapeHtml(title)}</title>`, "  </head>", "  <body>",
    `    <h1>${escapeHtml(title)}</h1>`, ...body, "  </body>", "</html>", "",
  ].join("\n");
}

/** PEP 503 root page: one link per project, to `<normalized>/`. */
export function renderRootHtml(projects: Map<string, Project>): string {
  const links = [...projects.keys()].sort().map((key) => `    <a href="${key}/">${escapeHtml(projects.get(key)!.displayName)}</a><br/>`);
  return htmlDocument("Simple index", links);
}

/** PEP 503 project page, at `/simple/<normalized>/` (files are `../../files/<filename>`). */
export function renderProjectHtml(project: Project): string {
  return htmlDocument(`Links for ${project.displayName}`, project.files.map((f) => anchor(f, "../../files/")));
}

/** A flat find-links page at `/find-links/` linking every file of every project. */
export function renderFindLinksHtml(projects: Map<string, Project>): string {
  const files = [...projects.values()].flatMap((p) => p.files);
  return htmlDocument("Find links", files.map((f) => anchor(f, "../files/")));
}

/** PEP 691 root JSON. */
export function renderRootJson(projects: Map<string, Project>): string {
  const list = [...projects.keys()].sort().map((key) => ({ name: projects.get(key)!.displayName }));
  return JSON.stringify({ meta: { "api-version": "1.1" }, projects: list });
}

function fileJson(file: ServedFile): Record<string, unknown> {
  const json: Record<string, unknown> = {
    filename: file.entry.filename,
    url: `../../files/${encodeSegment(file.entry.filename)}`,
    hashes: advertisedHashes(file),
    size: file.bytes.length,
  };
  if (file.entry.requiresPython !== undefined) json["requires-python"] = file.entry.requiresPython;
  const [core, legacy] = metadataAttributes(file);
  const asJson = (v: string | undefined): unknown => (v === "true" ? true : v === undefined ? undefined : { sha256: file.metadataSha256 });
  if (core !== undefined) json["core-metadata"] = asJson(core);
  if (legacy !== undefined) json["dist-info-metadata"] = asJson(legacy);
  if (file.entry.yanked !== undefined) json.yanked = file.entry.yanked;
  if (file.entry.uploadTime !== undefined) json["upload-time"] = file.entry.uploadTime;
  return json;
}

/** PEP 691 project JSON with the PEP 700 (API 1.1) `versions`, `size` and `upload-time`. */
export function renderProjectJson(key: string, project: Project): string {
  const versions = [...new Set([...project.files.map((f) => f.version).filter((v) => v !== ""), ...project.extraVersions])];
  return JSON.stringify({ meta: { "api-version": "1.1" }, name: key, versions, files: project.files.map(fileJson) });
}

/** The page formats the server can produce. */
export type PageFormat = "json" | "html-v1" | "html";

export const CONTENT_TYPES: Record<PageFormat, string> = {
  json: "application/vnd.pypi.simple.v1+json",
  "html-v1": "application/vnd.pypi.simple.v1+html",
  html: "text/html; charset=utf-8",
};

const MEDIA_FORMATS: Record<string, PageFormat> = {
  "application/vnd.pypi.simple.v1+json": "json",
  "application/vnd.pypi.simple.latest+json": "json",
  "application/vnd.pypi.simple.v1+html": "html-v1",
  "application/vnd.pypi.simple.latest+html": "html-v1",
  "text/html": "html",
  "text/*": "html",
  "*/*": "html",
};

const PREFERENCE: PageFormat[] = ["json", "html-v1", "html"];

/**
 * PEP 691 content negotiation. No `Accept` means HTML; the highest `q` wins, ties go to JSON,
 * then v1+html, then text/html. Returns null when nothing acceptable is offered (the server
 * answers 406). A `?format=` query value is used instead of `Accept` when present.
 */
export function negotiateFormat(accept: string | undefined, formatParam?: string | null): PageFormat | null {
  const header = formatParam || accept;
  if (!header || !header.trim()) return "html";
  const best = new Map<PageFormat, number>();
  for (const part of header.split(",")) {
    const [media, ...params] = part.split(";").map((s) => s.trim());
    const format = MEDIA_FORMATS[(media ?? "").toLowerCase()];
    if (!format) continue;
    const qParam = params.find((p) => p.toLowerCase().startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (Number.isFinite(q)) best.set(format, Math.max(best.get(format) ?? 0, q));
  }
  let chosen: PageFormat | null = null;
  for (const format of PREFERENCE) {
    const q = best.get(format) ?? 0;
    if (q > 0 && (chosen === null || q > (best.get(chosen) ?? 0))) chosen = format;
  }
  return chosen;
}
