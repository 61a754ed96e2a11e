/**
 * PEP 503 HTML project pages, parsed with cheerio, exactly as pip reads them
 * (pip-behaviour.md §3.1): every `<a>` with an href, `<base href>`, PEP 592
 * yanks, PEP 658/714 metadata flags. Loaded lazily through
 * `parseHtmlPage` in `simple-api.ts`.
 */
import * as cheerio from "cheerio";
import type { Link } from "./link.js";
import { buildLink, filterHashes, safeResolve } from "./link-build.js";

/** PEP 503 HTML: every `<a>` with a non-empty href; attributes entity-decoded once. */
export function parseHtmlDocument(html: string, pageUrl: string): Link[] {
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
