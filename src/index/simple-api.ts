/**
 * Reading index pages: PEP 503 HTML (with PEP 592 yanks, PEP 658/714
 * metadata flags, `<base href>`) and PEP 691 JSON (with PEP 700 fields),
 * exactly as pip reads them (pip-behaviour.md §3.1, §3.2). Pure: text in,
 * `Link`s out; fetching is the client's job.
 */
import { AccelError } from "../report/errors.js";
import { canonicalizeName } from "./archive-filename.js";
import { redactUrl } from "./credentials.js";
import type { Link } from "./link.js";
import { buildLink, filterHashes, safeResolve } from "./link-build.js";

export { buildLink, type LinkFields } from "./link-build.js";

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
export async function parseProjectPage(body: string, contentType: string | undefined, pageUrl: string): Promise<Link[]> {
  const format = pageFormat(contentType);
  if (format === null) {
    throw new AccelError("index-page-unsupported", `Skipping page ${redactUrl(pageUrl)}: unsupported Content-Type '${contentType ?? ""}'`, {
      hint: "An index page must be text/html or application/vnd.pypi.simple.v1+(html|json).",
    });
  }
  return format === "json" ? parseJsonPage(body, pageUrl) : parseHtmlPage(body, pageUrl);
}

/**
 * PEP 503 HTML (`html-page.ts`). The HTML parser (cheerio) is loaded on the first HTML page:
 * runs answered from the local source index (JSON pages) never load it.
 */
export async function parseHtmlPage(html: string, pageUrl: string): Promise<Link[]> {
  const { parseHtmlDocument } = await import("./html-page.js");
  return parseHtmlDocument(html, pageUrl);
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
