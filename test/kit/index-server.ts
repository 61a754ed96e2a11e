/**
 * A throwaway PyPI-style index on 127.0.0.1 for tests and the demo.
 *
 * ```ts
 * const server = await startIndexServer({ projects: { "pa-demo-pure": [{ filename, path }] } });
 * after(() => server.close());
 * // server.simpleUrl = "http://127.0.0.1:PORT/simple/", server.findLinksUrl = ".../find-links/"
 * ```
 *
 * It serves PEP 503 HTML and PEP 691/700 JSON (chosen by `Accept`), redirects non-normalised
 * and slash-less project URLs (301), serves files and PEP 658 `.metadata` files with
 * `Content-Length`, `ETag`, `Last-Modified`, conditional requests (304) and single byte
 * ranges (206/416), a flat find-links page, hand-written pages from `staticRoot` under
 * `/static/`, and injects faults (see `index-faults.ts`). Every request is logged.
 * Page layout and URL scheme: see `index-pages.ts`.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { corruptBody, FaultTable, matchesRequest, type Fault, type FaultMatch } from "./index-faults.js";
import { type FileEntry, encodeSegment } from "./index-pages.js";
import { buildState, type IndexServerOptions, type IndexState } from "./index-state.js";
import { applyConditional, applyRange, routeRequest, type Reply } from "./index-routes.js";
import { resolveWire, writeWire, type WireOptions } from "./index-wire.js";

export type { FileEntry } from "./index-pages.js";
export type { IndexServerOptions } from "./index-state.js";
export type { Fault, FaultMatch, FaultRequest } from "./index-faults.js";
export type { WireFraming, WireOptions } from "./index-wire.js";

/** One request as the server saw it. `status` is 0 when the connection was reset. */
export interface RequestLog {
  method: string;
  /** Decoded path without the query string. */
  path: string;
  /** The raw request target, with the query string. */
  url: string;
  headers: IncomingHttpHeaders;
  status: number;
  /** The kind of fault injected, if any. */
  fault?: Fault["kind"];
}

export interface IndexServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  /** `<url>/simple/`: the index URL to give a client. */
  readonly simpleUrl: string;
  /** `<url>/find-links/`: an HTML page linking every file. */
  readonly findLinksUrl: string;
  /** Every request so far, oldest first. */
  readonly requests: RequestLog[];
  /** TCP connections accepted so far (keep-alive reuse shows as fewer connections than requests). */
  readonly connections: number;
  /** The requests whose path matches (same rules as fault matching). */
  requestsTo(match: FaultMatch): RequestLog[];
  clearLog(): void;
  /** The absolute URL of a served file (no hash fragment). */
  fileUrl(filename: string): string;
  /** Adds a file to a project (created if new); the project's Last-Modified moves forward. */
  addFile(project: string, entry: FileEntry): void;
  /** Removes a file by filename; returns whether it existed. */
  removeFile(filename: string): boolean;
  setFault(match: FaultMatch, fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

function decodePath(rawUrl: string): { path: string; query: URLSearchParams } {
  const url = new URL(rawUrl, "http://127.0.0.1");
  let decoded = url.pathname;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    // keep the raw path; routing will 404 it
  }
  return { path: decoded, query: url.searchParams };
}

function writeReply(res: ServerResponse, reply: Reply, method: string, wire: WireOptions, truncateAt?: number): Promise<void> {
  return writeWire(res, reply, wire, method !== "HEAD" && reply.status !== 304, truncateAt);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: HandlerContext): Promise<void> {
  const method = req.method ?? "GET";
  const { path: reqPath, query } = decodePath(req.url ?? "/");
  const log: RequestLog = { method, path: reqPath, url: req.url ?? "/", headers: req.headers, status: 0 };
  ctx.requests.push(log);
  const fault = ctx.faults.take({ method, path: reqPath, headers: req.headers });
  if (fault) log.fault = fault.kind;
  if (fault?.kind === "delay") await sleep(fault.ms);
  if (fault?.kind === "reset") {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === "status") {
    log.status = fault.status;
    const body = Buffer.from(fault.body ?? `injected ${fault.status}\n`);
    await writeReply(res, { status: fault.status, headers: { "Content-Type": "text/plain", ...fault.headers }, body }, method, ctx.wire);
    return;
  }
  let reply = routeRequest(ctx.state, { method, path: reqPath, query, headers: req.headers, staticRoot: ctx.staticRoot });
  if (fault?.kind === "wrong-hash" && reply.isFile) reply = { ...reply, body: corruptBody(reply.body, fault) };
  reply = applyRange(req.headers, applyConditional(req.headers, reply));
  log.status = reply.status;
  const truncateAt = fault?.kind === "truncate" && method !== "HEAD" ? Math.floor(reply.body.length * (fault.fraction ?? 0.5)) : undefined;
  await writeReply(res, reply, method, ctx.wire, truncateAt);
}

interface HandlerContext {
  state: IndexState;
  faults: FaultTable;
  requests: RequestLog[];
  staticRoot: string | undefined;
  wire: WireOptions;
}

/** Starts the server on 127.0.0.1 with an OS-chosen port. Always `close()` it (e.g. in `after`). */
export async function startIndexServer(options: IndexServerOptions = {}): Promise<IndexServer> {
  const ctx: HandlerContext = { state: buildState(options), faults: new FaultTable(), requests: [], staticRoot: options.staticRoot, wire: resolveWire(options.wire) };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res, ctx).catch((error: unknown) => {
      if (!res.headersSent) void writeReply(res, { status: 500, headers: { "Content-Type": "text/plain" }, body: Buffer.from(String(error)) }, "GET", ctx.wire);
      else res.destroy();
    });
  };
  const server = options.tls ? createHttpsServer(options.tls, listener) : createServer(listener);
  let connections = 0;
  server.on("connection", () => void connections++);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const url = `${options.tls ? "https" : "http"}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    simpleUrl: `${url}/simple/`,
    findLinksUrl: `${url}/find-links/`,
    get requests() {
      return ctx.requests;
    },
    get connections() {
      return connections;
    },
    requestsTo: (match) => ctx.requests.filter((entry) => matchesRequest(match, entry)),
    clearLog: () => void ctx.requests.splice(0),
    fileUrl: (filename) => `${url}/files/${encodeSegment(filename)}`,
    addFile: (project, entry) => ctx.state.add(project, entry, ctx.state.tick()),
    removeFile: (filename) => ctx.state.remove(filename, ctx.state.tick()),
    setFault: (match, fault) => ctx.faults.add(match, fault),
    clearFaults: () => ctx.faults.clear(),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
