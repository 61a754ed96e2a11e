/**
 * The one HTTP client of pip-accel, over undici.
 *
 * - Keep-alive connection pools (one undici Agent, or an EnvHttpProxyAgent
 *   when HTTP_PROXY / HTTPS_PROXY are set; NO_PROXY is honoured), with at
 *   most `maxConcurrency` connections per origin.
 * - At most `maxConcurrency` requests in flight; a request holds its slot
 *   until its consumer has read the body.
 * - Retries with exponential backoff and jitter on connection errors,
 *   timeouts and 5xx answers (`retries`, like pip's `--retries`, default 5).
 * - `timeoutMs` for connecting, for the headers and between body chunks
 *   (pip's `--timeout`, default 15 s).
 * - Credentials from the URL (remembered per host, as pip does) and from
 *   `~/.netrc`; `--trusted-host` turns TLS verification off for that host;
 *   `--cert` (CA bundle) and `--client-cert` (PEM with key and certificate).
 *   Without `--cert`, `PIP_ACCEL_EXTRA_CA_CERTS` (in `env`) names a PEM file
 *   trusted besides Node's bundled roots, as Node's `NODE_EXTRA_CA_CERTS`,
 *   but read only when the first connection is opened (the launcher,
 *   cli/pip-accel.sh, moves `NODE_EXTRA_CA_CERTS` there: Node 20 parses that
 *   file and its bundled roots at every start). Each dispatcher builds its
 *   TLS context once, not once per connection.
 * - `offline` makes every request throw an `offline` AccelError before any
 *   connection is opened. `onRequest` sees every attempt (tests count them).
 *
 * URLs in messages always pass through `redactUrl`: no password or token
 * ever reaches an error or the request log.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import type { SecureContext, SecureContextOptions } from "node:tls";
import type { Dispatcher } from "undici";
import { AccelError } from "../report/errors.js";
import {
  basicAuthHeader, loadNetrc, netrcCredentials, redactText, redactUrl, splitCredentials,
  type Credentials, type Netrc,
} from "./credentials.js";
import { Limiter } from "./limiter.js";
import { neverPause } from "./never-pause.js";

export interface HttpClientOptions {
  retries?: number;
  timeoutMs?: number;
  maxConcurrency?: number;
  /** First backoff delay; each retry doubles it, with jitter. */
  backoffMs?: number;
  offline?: boolean;
  /** `host` or `host:port` values of `--trusted-host`. */
  trustedHosts?: string[];
  /** CA bundle (`--cert`, `PIP_CERT`). */
  cert?: string | null;
  /** PEM file with client key and certificate (`--client-cert`). */
  clientCert?: string | null;
  /** netrc path; default `$NETRC` or `~/.netrc`; `null` disables netrc. */
  netrcPath?: string | null;
  /** Proxy variables and `PIP_ACCEL_EXTRA_CA_CERTS` are read from here (default `process.env`). */
  env?: Record<string, string | undefined>;
  onRequest?: (entry: RequestLogEntry) => void;
  userAgent?: string;
}

export interface RequestLogEntry {
  method: string;
  /** Redacted. */
  url: string;
  attempt: number;
  status: number | null;
  error?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The requested URL, redacted, for messages. */
  displayUrl: string;
  body: Dispatcher.ResponseData["body"];
}

export interface RequestOptions {
  method?: "GET" | "HEAD" | "PUT" | "DELETE";
  headers?: Record<string, string>;
  /** The request body (sent with its length; the shared cache's uploads). */
  body?: Uint8Array;
  /**
   * Also retry (with the same budget) when the connection fails while
   * `consume` reads the body (a reset or a truncated body). For small bodies
   * read whole (pages, metadata); downloads have their own retry loop.
   */
  retryBody?: boolean;
}

const RETRY_STATUSES = new Set([500, 502, 503, 504, 520, 527]);

export class HttpClient {
  readonly offline: boolean;
  readonly retries: number;
  private readonly options: HttpClientOptions;
  private readonly limiter: Limiter;
  private readonly hostCredentials = new Map<string, Credentials>();
  private readonly netrc: Netrc | null;
  private readonly trusted: Set<string>;
  private dispatcher: Dispatcher | null = null;
  private insecureDispatcher: Dispatcher | null = null;

  constructor(options: HttpClientOptions = {}) {
    this.options = options;
    this.offline = options.offline ?? false;
    this.retries = options.retries ?? 5;
    this.limiter = new Limiter(options.maxConcurrency ?? 10);
    const env = options.env ?? process.env;
    const netrcPath = options.netrcPath === undefined ? (env.NETRC ?? join(homedir(), ".netrc")) : options.netrcPath;
    this.netrc = loadNetrc(netrcPath);
    this.trusted = new Set((options.trustedHosts ?? []).map((host) => host.toLowerCase()));
  }

  /** True when `--trusted-host` names the URL's host (with or without its port). */
  isTrusted(url: string): boolean {
    const parsed = new URL(url);
    return this.trusted.has(parsed.hostname.toLowerCase()) || this.trusted.has(parsed.host.toLowerCase());
  }

  /**
   * Sends a request (retrying as configured) and hands the final response to
   * `consume`, which must read or discard the body. The concurrency slot is
   * held until `consume` settles.
   */
  async request<T>(url: string, options: RequestOptions, consume: (response: HttpResponse) => Promise<T>): Promise<T> {
    const displayUrl = redactUrl(url);
    if (this.offline) {
      throw new AccelError("offline", `Cannot fetch ${displayUrl}: network access is disabled (--offline)`, {
        hint: "Run again without --offline, or add the missing files to the local source index first.",
      });
    }
    const { target, headers } = this.prepare(url, options.headers ?? {});
    const method = options.method ?? "GET";
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.limiter.run(async () => consume(await this.send(target, displayUrl, method, headers, options.body)));
      } catch (error) {
        if (options.retryBody !== true || !isBodyConnectionError(error)) throw error;
        const message = redactText(error instanceof Error ? error.message : String(error));
        this.log({ method, url: displayUrl, attempt, status: null, error: message });
        if (attempt > this.retries) throw connectionError(displayUrl, attempt, message, error);
        await sleep(this.backoff(attempt));
      }
    }
  }

  /** GET a URL and read the body as text; any status other than 200 or 304 is an `http-status` error. */
  async getText(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string>; text: string }> {
    return this.request(url, { headers }, async (response) => {
      if (response.status !== 200 && response.status !== 304) {
        await response.body.dump();
        throw httpStatusError(response);
      }
      const bytes = new Uint8Array(await response.body.arrayBuffer());
      return { status: response.status, headers: response.headers, text: decodeBody(bytes, response.headers["content-type"]) };
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.dispatcher?.close(), this.insecureDispatcher?.close()]);
    this.dispatcher = null;
    this.insecureDispatcher = null;
  }

  private prepare(url: string, extra: Record<string, string>): { target: string; headers: Record<string, string> } {
    const { url: target, credentials } = splitCredentials(url);
    const host = new URL(target).host;
    if (credentials) this.hostCredentials.set(host, credentials);
    const auth = credentials ?? this.hostCredentials.get(host) ?? netrcCredentials(this.netrc, new URL(target).hostname);
    const headers: Record<string, string> = { "user-agent": this.options.userAgent ?? "pip-accel", ...extra };
    if (auth && !headers.authorization) headers.authorization = basicAuthHeader(auth);
    return { target, headers };
  }

  private async send(target: string, displayUrl: string, method: string, headers: Record<string, string>, body?: Uint8Array): Promise<HttpResponse> {
    const dispatcher = await this.dispatcherFor(target);
    for (let attempt = 1; ; attempt++) {
      const last = attempt > this.retries;
      try {
        const data = await this.requestWithDeadline(dispatcher, target, method, headers, body);
        this.log({ method, url: displayUrl, attempt, status: data.statusCode });
        const response: HttpResponse = { status: data.statusCode, headers: flattenHeaders(data.headers), displayUrl, body: data.body };
        if (!RETRY_STATUSES.has(data.statusCode) || last) return response;
        await data.body.dump();
      } catch (error) {
        const message = redactText(error instanceof Error ? error.message : String(error));
        this.log({ method, url: displayUrl, attempt, status: null, error: message });
        if (last) throw connectionError(displayUrl, attempt, message, error);
      }
      await sleep(this.backoff(attempt));
    }
  }

  /** One attempt; the response headers must arrive within `timeoutMs` (undici's own timers are coarse). */
  private async requestWithDeadline(dispatcher: Dispatcher, target: string, method: string, headers: Record<string, string>, body?: Uint8Array): Promise<Dispatcher.ResponseData> {
    const timeout = this.options.timeoutMs ?? 15_000;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no response within ${timeout} ms (--timeout)`)), timeout);
    try {
      return await dispatcher.request({
        origin: new URL(target).origin, path: pathOf(target), method: method as "GET", headers, signal: controller.signal,
        ...(body !== undefined ? { body } : {}),
      });
    } finally {
      clearTimeout(timer);
    }
  }

  private backoff(attempt: number): number {
    const base = (this.options.backoffMs ?? 250) * 2 ** (attempt - 1);
    return Math.min(base * (0.5 + Math.random() * 0.5), 10_000);
  }

  private log(entry: RequestLogEntry): void {
    this.options.onRequest?.(entry);
  }

  private async dispatcherFor(target: string): Promise<Dispatcher> {
    const insecure = target.startsWith("https:") && this.isTrusted(target);
    // undici is loaded on the first request: runs answered from the caches never pay for it.
    const undici = await loadUndici();
    if (insecure) return (this.insecureDispatcher ??= this.makeDispatcher(undici, this.tlsContext(false), false));
    return (this.dispatcher ??= this.makeDispatcher(undici, this.tlsContext(true), true));
  }

  /**
   * The TLS context of a dispatcher's connections, when the options ask for
   * other than Node's default (null): built once, since undici would
   * otherwise parse every CA certificate again for each connection.
   */
  private tlsContext(verify: boolean): SecureContext | null {
    const env = this.options.env ?? process.env;
    const extra = env.PIP_ACCEL_EXTRA_CA_CERTS || null;
    // --cert replaces the trusted roots (as pip's --cert, and Node's `ca`); the extra file adds to them.
    const ca = !verify ? null
      : this.options.cert ? { file: this.options.cert, setting: "--cert", withRoots: false }
      : extra ? { file: extra, setting: "PIP_ACCEL_EXTRA_CA_CERTS", withRoots: true } : null;
    if (!ca && !this.options.clientCert) return null;
    // Required here, once per dispatcher (not a dynamic import: the single executable runs the
    // program as a vm.Script, which has no dynamic import of builtins).
    const tls = requireBuiltin("node:tls") as typeof import("node:tls");
    const settings: SecureContextOptions = {};
    if (ca) settings.ca = ca.withRoots ? [...tls.rootCertificates, readPem(ca.file, ca.setting)] : readPem(ca.file, ca.setting);
    if (this.options.clientCert) settings.cert = settings.key = readPem(this.options.clientCert, "--client-cert");
    try {
      return tls.createSecureContext(settings);
    } catch (error) {
      throw new AccelError("tls-settings", `The TLS files given cannot be used: ${(error as Error).message}`, {
        cause: error, hint: "check the PEM files of --cert, --client-cert and PIP_ACCEL_EXTRA_CA_CERTS",
      });
    }
  }

  private makeDispatcher({ Agent, EnvHttpProxyAgent, DecoratorHandler, interceptors }: typeof import("undici"), secureContext: SecureContext | null, verify: boolean): Dispatcher {
    const timeout = this.options.timeoutMs ?? 15_000;
    const connect: Record<string, unknown> = { timeout, rejectUnauthorized: verify };
    if (secureContext) connect.secureContext = secureContext;
    // At most `maxConcurrency` sockets per origin: a request whose slot was just freed waits for
    // that socket to come back to the pool instead of opening another one.
    const common = { connect, headersTimeout: timeout, bodyTimeout: timeout, keepAliveTimeout: 30_000, connections: this.limiter.limit };
    const env = this.options.env ?? process.env;
    const httpProxy = env.HTTP_PROXY ?? env.http_proxy;
    const httpsProxy = env.HTTPS_PROXY ?? env.https_proxy;
    const base = httpProxy || httpsProxy
      ? new EnvHttpProxyAgent({
        ...common, httpProxy, httpsProxy, noProxy: env.NO_PROXY ?? env.no_proxy ?? "",
        // Plain HTTP goes to the proxy in absolute form (as pip/requests); HTTPS tunnels with
        // CONNECT, and the target's TLS options then apply to the tunnelled connection.
        proxyTunnel: false, requestTls: connect,
      })
      : new Agent(common);
    // neverPause is innermost (closest to the connection): no handler above it, redirects
    // included, can pause the parser, which undici 7 turns into a crash when the server
    // closes the connection meanwhile (see never-pause.ts).
    return base.compose(neverPause(DecoratorHandler), interceptors.redirect({ maxRedirections: 10 }));
  }
}

const requireBuiltin = createRequire(import.meta.url);
let undiciModule: Promise<typeof import("undici")> | null = null;

function loadUndici(): Promise<typeof import("undici")> {
  return (undiciModule ??= import("undici"));
}

/** Starts loading undici before the first request (a run that will go online can overlap the load with other waits). */
export function preloadUndici(): Promise<unknown> {
  return loadUndici();
}

/** A PEM file's text, or an error that names the file and the setting that gave it. */
function readPem(path: string, setting: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new AccelError("tls-file", `Cannot read ${path} (${setting}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      cause: error, hint: `fix the path given by ${setting}, or leave the setting out`,
    });
  }
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) flat[key.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

/** Decodes a body with the Content-Type's charset (UTF-8 when absent or unknown). */
export function decodeBody(bytes: Uint8Array, contentType: string | undefined): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? "")?.[1] ?? "utf-8";
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** An HTTP answer that is not what the caller needed (404, 401, a 5xx after all retries). */
export class HttpStatusError extends AccelError {
  readonly status: number;

  constructor(status: number, displayUrl: string) {
    const hint = status === 401 || status === 403
      ? "Check the credentials for this host (in the URL or in ~/.netrc)."
      : undefined;
    super("http-status", `HTTP ${status} for ${displayUrl}`, hint === undefined ? {} : { hint });
    this.status = status;
  }
}

export function httpStatusError(response: HttpResponse): HttpStatusError {
  return new HttpStatusError(response.status, response.displayUrl);
}

/** A connection that failed while the body was read (undici's socket errors, resets, premature close). */
function isBodyConnectionError(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof AccelError) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && ["UND_ERR_SOCKET", "UND_ERR_BODY_TIMEOUT", "UND_ERR_RES_CONTENT_LENGTH_MISMATCH", "ECONNRESET", "EPIPE"].includes(code)) return true;
  return /other side closed|terminated|socket hang up|premature close/i.test(error.message);
}

function connectionError(displayUrl: string, attempts: number, message: string, cause: unknown): AccelError {
  return new AccelError("http-connection", `Could not fetch ${displayUrl} after ${attempts} attempt(s): ${message}`, {
    hint: "Check the network, proxy settings and --timeout; --retries sets how often pip-accel tries again.",
    cause: cause instanceof Error ? new Error(redactText(cause.message)) : undefined,
  });
}
