/**
 * Links from index pages of either format: the absolute URL with its hash
 * fragment, the page's attributes, and the filename.
 */
import { redactUrl } from "./credentials.js";
import { HASH_NAMES, type Link } from "./link.js";

export function filterHashes(hashes: Record<string, unknown>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(hashes)) {
    if ((HASH_NAMES as readonly string[]).includes(name) && typeof value === "string") result[name] = value;
  }
  return result;
}

export interface LinkFields {
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

export function safeResolve(href: string, base: string): string | null {
  try {
    return new URL(href, base).toString();
  } catch {
    return null;
  }
}
