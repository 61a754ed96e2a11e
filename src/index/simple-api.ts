/**
 * Reading index pages: PEP 503 HTML (with PEP 592 yanks, PEP 658/714
 * metadata flags, `<base href>`) and PEP 691 JSON (with PEP 700 fields),
 * exactly as pip reads them (pip-behaviour.md §3.1, §3.2). Pure: text in,
 * `Link`s out; fetching is the client's job.
 */
import * as cheerio from "cheerio";
import { AccelError } from "../report/errors.js";
import { canonicalizeName } from "./archive-filename.js";
import { redactUrl } from "./credentials.js";
import { HASH_NAMES, type Link } from "./link.js";

/** pip's Accept header: JSON preferred, HTML as the fallback. */
export const ACCEPT_HEADER =
  "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";

const JSON_TYPE = "application/vnd.pypi.simple.v1+json";
const HTML_TYPES = ["text/html", "application/vnd.pypi.simple.v1+html"];

/** `<index>/<canonical-name>/` (the URL clients must ask for). */
export function projectPageUrl(indexUrl: string, project: string): string {
  const base = indexUrl.endsWith("/") ? indexUrl : `${indexUrl}/`;
  return `${base}${encodeURIComponent(canonicalizeName(project))}/`;
}

export type PageFormat = "html" | "json";

/** The page format from a Content-Type, or null when pip would skip the page. */
export function pageFormat(contentType: string | undefined): PageFormat | null {
  const type = (contentType ?? "").trim().toLowerCase();
  if (type.startsWith(JSON_TYPE)) return "json";
  if (HTML_TYPES.some((prefix) => type.startsWith(prefix))) return "html";
  return null;
}

/** Parses a project page of either format; throws `index-page-unsupported` / `index-page-invalid`. */
export function parseProjectPage(body: string, contentType: string | undefined, pageUrl: string): Link[] {
  const format = pageFormat(contentType);
  if (format === null) {
    throw new AccelError("index-page-unsupported", `Skipping page ${redactUrl(pageUrl)}: unsupported Content-Type '${contentType ?? ""}'`, {
      hint: "An index page must be text/html or application/vnd.pypi.simple.v1+(html|json).",
    });
  }
  return format === "json" ? parseJsonPage(body, pageUrl) : parseHtmlPage(body, pageUrl);
}

/** PEP 503 HTML: every `<a>` with a non-empty href; attributes entity-decoded once. */
export function parseHtmlPage(html: string, pageUrl: string): Link[] {
  const $ = cheerio.load(html, { sourceCodeLocationInfo: true });
  const baseHref = $("base[href]").first().attr("href");
  const base = baseHref ? safeResolve(baseHref, pageUrl) ?? pageUrl : pageUrl;
  const links: Link[] = [];
  $("a[href]").each((_index, element) => {
    const attrs = element.attribs;
    const href = attrs.href?.trim();
    if (!href) return;
    const url = safeResolve(href, base);
    if (!url) return;
    links.push(buildLink(url, pageUrl, {
      requiresPython: attrs["data-requires-python"] ?? null,
      yanked: hasValue(html, element as unknown as LocatedElement, "data-yanked") ? (attrs["data-yanked"] as string) : null,
      coreMetadata: htmlCoreMetadata(attrs["data-core-metadata"] ?? attrs["data-dist-info-metadata"]),
    }));
  });
  return links;
}

/**
 * pip's quirk: a valueless `data-yanked` (`<a data-yanked href=…>`) reaches
 * pip as None and does not yank; only `data-yanked=""` or `="reason"` do.
 */
interface LocatedElement {
  attribs: Record<string, string>;
  sourceCodeLocation?: { attrs?: Record<string, { startOffset: number; endOffset: number }> } | null;
}

function hasValue(html: string, element: LocatedElement, name: string): boolean {
  if (element.attribs[name] === undefined) return false;
  const location = element.sourceCodeLocation?.attrs?.[name];
  if (!location) return true;
  return html.slice(location.startOffset, location.endOffset).includes("=");
}

function htmlCoreMetadata(value: string | undefined): Link["coreMetadata"] {
  if (value === undefined) return false;
  const match = /^([^=]+)=(.*)$/.exec(value);
  if (match) return filterHashes({ [(match[1] as string).toLowerCase()]: match[2] as string });
  return true; // "true", and anything else (even "false"), means "exists, no hash"
}

interface JsonFile {
  filename?: unknown; url?: unknown; hashes?: unknown; "requires-python"?: unknown;
  "core-metadata"?: unknown; "dist-info-metadata"?: unknown; yanked?: unknown; "upload-time"?: unknown; size?: unknown;
}

/** PEP 691 JSON (and PEP 700 `size`/`upload-time`); unknown keys are ignored. */
export function parseJsonPage(text: string, pageUrl: string): Link[] {
  let data: { files?: unknown };
  try {
    data = JSON.parse(text) as { files?: unknown };
  } catch (error) {
    throw new AccelError("index-page-invalid", `Invalid JSON on index page ${redactUrl(pageUrl)}`, { cause: error });
  }
  if (!data || !Array.isArray(data.files)) {
    throw new AccelError("index-page-invalid", `Index page ${redactUrl(pageUrl)} has no "files" list`);
  }
  const links: Link[] = [];
  for (const file of data.files as JsonFile[]) {
    if (typeof file?.url !== "string" || file.url === "") continue;
    const url = safeResolve(file.url, pageUrl);
    if (!url) continue;
    const metadata = file["core-metadata"] ?? file["dist-info-metadata"];
    links.push(buildLink(url, pageUrl, {
      requiresPython: typeof file["requires-python"] === "string" ? file["requires-python"] : null,
      yanked: jsonYanked(file.yanked),
      coreMetadata: metadata && typeof metadata === "object" ? filterHashes(metadata as Record<string, unknown>) : metadata ? true : false,
      jsonHashes: file.hashes && typeof file.hashes === "object" ? (file.hashes as Record<string, unknown>) : {},
      uploadTime: typeof file["upload-time"] === "string" ? file["upload-time"] : null,
      size: typeof file.size === "number" && Number.isInteger(file.size) ? file.size : null,
    }));
  }
  return links;
}

function jsonYanked(value: unknown): string | null {
  if (typeof value === "string") return value === "" ? null : value;
  return value ? "" : null;
}

function filterHashes(hashes: Record<string, unknown>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(hashes)) {
    if ((HASH_NAMES as readonly string[]).includes(name) && typeof value === "string") result[name] = value;
  }
  return result;
}

interface LinkFields {
  requiresPython: string | null;
  yanked: string | null;
  coreMetadata: Link["coreMetadata"];
  jsonHashes?: Record<string, unknown>;
  uploadTime?: string | null;
  size?: number | null;
}

const FRAGMENT_HASH = /[#&](sha512|sha384|sha256|sha224|sha1|md5)=([^&]*)/;

/** Builds a Link from an absolute URL (with its fragment) and the page's attributes. */
export function buildLink(absoluteUrl: string, comesFrom: string, fields: LinkFields): Link {
  const parsed = new URL(absoluteUrl);
  const fragment = parsed.hash;
  parsed.hash = "";
  const hashes: Record<string, string> = {};
  const fragmentHash = FRAGMENT_HASH.exec(fragment);
  if (fragmentHash) hashes[fragmentHash[1] as string] = fragmentHash[2] as string;
  for (const [name, value] of Object.entries(fields.jsonHashes ?? {})) {
    if (typeof value === "string" && !(name in hashes)) hashes[name] = value;
  }
  const egg = /[#&]egg=([^&]*)/.exec(fragment)?.[1] ?? null;
  return {
    url: parsed.toString(),
    filename: filenameOfUrl(parsed),
    hashes,
    requiresPython: fields.requiresPython,
    yanked: fields.yanked,
    coreMetadata: fields.coreMetadata,
    uploadTime: fields.uploadTime ?? null,
    size: fields.size ?? null,
    egg,
    comesFrom: redactUrl(comesFrom),
  };
}

function filenameOfUrl(url: URL): string {
  const last = url.pathname.split("/").filter((part) => part !== "").pop() ?? "";
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function safeResolve(href: string, base: string): string | null {
  try {
    return new URL(href, base).toString();
  } catch {
    return null;
  }
}
