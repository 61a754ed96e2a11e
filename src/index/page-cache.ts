/**
 * Index pages (and other small texts, such as `-r https://…` files) cached
 * on disk in `http-v1/pages/` with their validators.
 *
 * - Fresh (younger than the response's `Cache-Control: max-age`): served
 *   from disk, no request.
 * - Stale: revalidated with `If-None-Match` / `If-Modified-Since`; a 304
 *   refreshes the entry's age, a 200 replaces it.
 * - `refresh`: revalidated whatever its age (and `Cache-Control: max-age=0`
 *   is sent, as pip's `--refresh-package`).
 * - Offline (the HttpClient's flag): any cached copy is served, whatever its
 *   age; without one, an `offline` AccelError names the page.
 *
 * Entries are keyed by the URL without credentials plus the Accept header,
 * and written atomically.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic, type Cache } from "../cache/cache.js";
import { AccelError } from "../report/errors.js";
import { redactUrl, splitCredentials } from "./credentials.js";
import { decodeBody, httpStatusError, type HttpClient, type HttpResponse } from "./http.js";

export interface CachedPage {
  url: string;
  contentType: string;
  etag: string | null;
  lastModified: string | null;
  /** Milliseconds since the epoch of the last 200 or 304. */
  fetchedAt: number;
  maxAgeSeconds: number;
  body: string;
}

export interface PageResult {
  body: string;
  contentType: string;
  /** "cache": no request; "revalidated": a 304; "network": a 200. */
  source: "cache" | "revalidated" | "network";
}

export interface PageCacheOptions {
  now?: () => number;
}

export class PageCache {
  private readonly directory: string;
  private readonly now: () => number;

  constructor(cache: Cache, private readonly http: HttpClient, options: PageCacheOptions = {}) {
    this.directory = join(cache.bucket("http"), "pages");
    this.now = options.now ?? Date.now;
  }

  async get(url: string, options: { accept: string; refresh?: boolean }): Promise<PageResult> {
    const path = this.entryPath(url, options.accept);
    const entry = await readEntry(path);
    if (entry && (this.http.offline || (!options.refresh && this.isFresh(entry)))) {
      return { body: entry.body, contentType: entry.contentType, source: "cache" };
    }
    if (this.http.offline) {
      throw new AccelError("offline", `No cached copy of ${redactUrl(url)} and network access is disabled (--offline)`, {
        hint: "Run once without --offline to fill the cache.",
      });
    }
    const headers: Record<string, string> = { accept: options.accept };
    if (options.refresh) headers["cache-control"] = "max-age=0";
    if (entry?.etag) headers["if-none-match"] = entry.etag;
    if (entry?.lastModified) headers["if-modified-since"] = entry.lastModified;
    return this.http.request(url, { headers, retryBody: true }, (response) => this.store(path, url, entry, response));
  }

  private async store(path: string, url: string, entry: CachedPage | null, response: HttpResponse): Promise<PageResult> {
    if (response.status === 304 && entry) {
      await response.body.dump();
      const updated = { ...entry, fetchedAt: this.now(), maxAgeSeconds: maxAge(response.headers) ?? entry.maxAgeSeconds };
      await writeFileAtomic(path, JSON.stringify(updated));
      return { body: entry.body, contentType: entry.contentType, source: "revalidated" };
    }
    if (response.status !== 200) {
      await response.body.dump();
      throw httpStatusError(response);
    }
    const contentType = response.headers["content-type"] ?? "";
    const body = decodeBody(new Uint8Array(await response.body.arrayBuffer()), contentType);
    const fresh: CachedPage = {
      url: redactUrl(url),
      contentType,
      etag: response.headers.etag ?? null,
      lastModified: response.headers["last-modified"] ?? null,
      fetchedAt: this.now(),
      maxAgeSeconds: maxAge(response.headers) ?? 0,
      body,
    };
    if (!/no-store/i.test(response.headers["cache-control"] ?? "")) await writeFileAtomic(path, JSON.stringify(fresh));
    return { body, contentType, source: "network" };
  }

  private isFresh(entry: CachedPage): boolean {
    return this.now() - entry.fetchedAt < entry.maxAgeSeconds * 1000;
  }

  private entryPath(url: string, accept: string): string {
    const key = createHash("sha256").update(`${splitCredentials(url).url}\n${accept}`).digest("hex");
    return join(this.directory, key.slice(0, 2), `${key}.json`);
  }
}

/** `max-age` from Cache-Control; `no-cache`/`no-store` count as 0; absent is null. */
export function maxAge(headers: Record<string, string>): number | null {
  const control = headers["cache-control"];
  if (!control) return null;
  if (/no-cache|no-store/i.test(control)) return 0;
  const match = /max-age\s*=\s*(\d+)/i.exec(control);
  return match ? Number(match[1]) : null;
}

async function readEntry(path: string): Promise<CachedPage | null> {
  try {
    const entry = JSON.parse(await readFile(path, "utf8")) as CachedPage;
    return typeof entry.body === "string" ? entry : null;
  } catch {
    return null;
  }
}
