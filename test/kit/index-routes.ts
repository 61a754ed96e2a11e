/**
 * Request routing for the local index server, and the HTTP semantics it
 * honours on top: conditional requests (`If-None-Match`, `If-Modified-Since`
 * → 304) and single byte ranges (`Range` → 206, 416 when unsatisfiable,
 * `If-Range` respected). Every function returns a `Reply`; the server writes it.
 */
import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import {
  CONTENT_TYPES, negotiateFormat, normalizeName, renderFindLinksHtml, renderProjectHtml, renderProjectJson,
  renderRootHtml, renderRootJson, type PageFormat,
} from "./index-pages.js";
import type { IndexState } from "./index-state.js";

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** A distribution or metadata file (faults like `wrong-hash` apply only to these). */
  isFile?: boolean;
}

export interface RouteRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  staticRoot: string | undefined;
}

function text(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers }, body: Buffer.from(`${message}\n`) };
}

function redirect(location: string, query: URLSearchParams): Reply {
  const qs = query.toString();
  return text(301, `moved to ${location}`, { Location: qs ? `${location}?${qs}` : location });
}

function etagOf(body: Buffer): string {
  return `"${createHash("sha256").update(body).digest("hex").slice(0, 24)}"`;
}

/** A 200 reply with validators. */
function ok(body: Buffer | string, contentType: string, lastModified: Date, extra: Record<string, string> = {}): Reply {
  const bytes = Buffer.from(body);
  return {
    status: 200,
    headers: { "Content-Type": contentType, ETag: etagOf(bytes), "Last-Modified": lastModified.toUTCString(), ...extra },
    body: bytes,
  };
}

function page(format: PageFormat | null, html: () => string, json: () => string, lastModified: Date): Reply {
  if (format === null) return text(406, "not acceptable: offer application/vnd.pypi.simple.v1+json or text/html");
  const body = format === "json" ? json() : html();
  return ok(body, CONTENT_TYPES[format], lastModified, { Vary: "Accept" });
}

function routeSimple(state: IndexState, req: RouteRequest, rest: string): Reply {
  const format = negotiateFormat(header(req.headers, "accept"), req.query.get("format"));
  if (rest === "") {
    return page(format, () => renderRootHtml(state.projects), () => renderRootJson(state.projects), state.newest());
  }
  const name = rest.endsWith("/") ? rest.slice(0, -1) : rest;
  if (name.includes("/")) return text(404, "not found");
  const key = normalizeName(name);
  if (key !== name || !rest.endsWith("/")) return redirect(`/simple/${key}/`, req.query);
  const project = state.projects.get(key);
  if (!project) return text(404, `no project ${key}`);
  return page(format, () => renderProjectHtml(project), () => renderProjectJson(key, project), project.lastModified);
}

function routeFile(state: IndexState, filename: string): Reply {
  const file = state.findFile(filename);
  if (file) return { ...ok(file.bytes, "application/octet-stream", file.lastModified, { "Accept-Ranges": "bytes" }), isFile: true };
  if (filename.endsWith(".metadata")) {
    const dist = state.findFile(filename.slice(0, -".metadata".length));
    if (dist?.metadataBytes) {
      return { ...ok(dist.metadataBytes, "text/plain; charset=utf-8", dist.lastModified, { "Accept-Ranges": "bytes" }), isFile: true };
    }
  }
  return text(404, `no file ${filename}`);
}

function staticContentType(file: string): string {
  if (/\.html?$/i.test(file)) return "text/html; charset=utf-8";
  if (file.endsWith(".json")) return "application/vnd.pypi.simple.v1+json";
  return "application/octet-stream";
}

function routeStatic(root: string | undefined, rest: string, req: RouteRequest): Reply {
  if (!root) return text(404, "no static root configured");
  const full = path.resolve(root, `.${path.posix.sep}${rest}`);
  if (full !== path.resolve(root) && !full.startsWith(path.resolve(root) + path.sep)) return text(404, "outside static root");
  if (!existsSync(full)) return text(404, `no static file ${rest}`);
  const stat = statSync(full);
  if (stat.isDirectory()) {
    if (rest !== "" && !rest.endsWith("/")) return redirect(`/static/${rest}/`, req.query);
    return routeStatic(root, `${rest}index.html`, req);
  }
  return ok(readFileSync(full), staticContentType(full), new Date(Math.floor(stat.mtimeMs / 1000) * 1000));
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** Maps a request to a reply (before conditional and range handling). */
export function routeRequest(state: IndexState, req: RouteRequest): Reply {
  if (req.method !== "GET" && req.method !== "HEAD") return text(405, "method not allowed", { Allow: "GET, HEAD" });
  const p = req.path;
  if (p === "/" || p === "/simple") return redirect("/simple/", req.query);
  if (p.startsWith("/simple/")) return routeSimple(state, req, p.slice("/simple/".length));
  if (p.startsWith("/files/")) return routeFile(state, p.slice("/files/".length));
  if (p === "/find-links") return redirect("/find-links/", req.query);
  if (p === "/find-links/" || p === "/find-links/index.html") {
    return ok(renderFindLinksHtml(state.projects), CONTENT_TYPES.html, state.newest());
  }
  if (p === "/static") return redirect("/static/", req.query);
  if (p.startsWith("/static/")) return routeStatic(req.staticRoot, p.slice("/static/".length), req);
  return text(404, "not found");
}

function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const strip = (tag: string): string => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || strip(tag) === strip(etag));
}

/** 304 when `If-None-Match` matches the ETag, or (without it) `If-Modified-Since` is not older. */
export function applyConditional(headers: IncomingHttpHeaders, reply: Reply): Reply {
  if (reply.status !== 200) return reply;
  const etag = reply.headers.ETag;
  const ifNoneMatch = header(headers, "if-none-match");
  const ifModifiedSince = header(headers, "if-modified-since");
  let notModified = false;
  if (ifNoneMatch !== undefined && etag) notModified = etagMatches(ifNoneMatch, etag);
  else if (ifModifiedSince !== undefined && reply.headers["Last-Modified"]) {
    const since = Date.parse(ifModifiedSince);
    notModified = Number.isFinite(since) && Date.parse(reply.headers["Last-Modified"]) <= since;
  }
  if (!notModified) return reply;
  const kept: Record<string, string> = {};
  for (const key of ["ETag", "Last-Modified", "Vary"]) if (reply.headers[key]) kept[key] = reply.headers[key];
  return { status: 304, headers: kept, body: Buffer.alloc(0), isFile: reply.isFile };
}

/** `[start, end]` inclusive for one `bytes=` range, "unsatisfiable", or null to ignore the header. */
export function parseRange(value: string, size: number): [number, number] | "unsatisfiable" | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!match || (match[1] === "" && match[2] === "")) return null;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) return "unsatisfiable";
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return [start, end];
}

/** 206 with `Content-Range` for one satisfiable byte range of a file; 416 when unsatisfiable. */
export function applyRange(headers: IncomingHttpHeaders, reply: Reply): Reply {
  const rangeHeader = header(headers, "range");
  if (reply.status !== 200 || !reply.isFile || rangeHeader === undefined) return reply;
  const ifRange = header(headers, "if-range");
  if (ifRange !== undefined && ifRange !== reply.headers.ETag && ifRange !== reply.headers["Last-Modified"]) return reply;
  const size = reply.body.length;
  const range = parseRange(rangeHeader, size);
  if (range === null) return reply;
  if (range === "unsatisfiable") {
    return { ...text(416, "range not satisfiable", { "Content-Range": `bytes */${size}` }), isFile: true };
  }
  const [start, end] = range;
  return {
    status: 206,
    headers: { ...reply.headers, "Content-Range": `bytes ${start}-${end}/${size}` },
    body: reply.body.subarray(start, end + 1),
    isFile: true,
  };
}
