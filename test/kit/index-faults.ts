/**
 * Faults the local index server can inject, switched on per URL pattern with
 * `server.setFault(match, fault)`. The first registered fault that matches a
 * request and still has uses left applies; the rest of the request is served
 * normally. Give `times: n` to make a fault apply to the first `n` matching
 * requests only ("fail twice, then succeed").
 */
import type { IncomingHttpHeaders } from "node:http";

export type Fault = (
  /** Answer with this status (and optional body/headers) instead of the real response. */
  | { kind: "status"; status: number; body?: string; headers?: Record<string, string> }
  /** Wait `ms` milliseconds, then serve normally. */
  | { kind: "delay"; ms: number }
  /** Destroy the socket without answering (the client sees ECONNRESET or "socket hang up"). */
  | { kind: "reset" }
  /** Announce the full Content-Length, send only `fraction` (default 0.5) of the body, then close. */
  | { kind: "truncate"; fraction?: number }
  /**
   * Serve other bytes than the index's hash says (same length; by default every byte of the
   * body is inverted; or exactly `data`). Only bodies of files and `.metadata` files change.
   */
  | { kind: "wrong-hash"; data?: Buffer | string }
) & {
  /** Apply to the first `times` matching requests only; unlimited when absent. */
  times?: number;
};

/** What a fault matcher sees of a request. `path` is decoded and has no query string. */
export interface FaultRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/**
 * Which requests a fault applies to:
 * - a string starting with `/` matches that exact path (`/simple/pa-demo-pure/`);
 * - any other string matches paths ending with it (`pa_demo_pure-1.0.tar.gz`, `.metadata`);
 * - a RegExp is tested against the path;
 * - a function decides for itself.
 */
export type FaultMatch = string | RegExp | ((request: FaultRequest) => boolean);

interface FaultRule {
  match: FaultMatch;
  fault: Fault;
  remaining: number;
}

/** Whether a request (or a logged one) matches a `FaultMatch`. */
export function matchesRequest(match: FaultMatch, request: FaultRequest): boolean {
  if (typeof match === "function") return match(request);
  if (match instanceof RegExp) return match.test(request.path);
  return match.startsWith("/") ? request.path === match : request.path.endsWith(match);
}

/** An ordered list of fault rules with use counters. */
export class FaultTable {
  private rules: FaultRule[] = [];

  add(match: FaultMatch, fault: Fault): void {
    this.rules.push({ match, fault, remaining: fault.times ?? Infinity });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, if any, counting one use of it. */
  take(request: FaultRequest): Fault | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && matchesRequest(r.match, request));
    if (!rule) return undefined;
    rule.remaining -= 1;
    return rule.fault;
  }
}

/** The bytes a `wrong-hash` fault serves in place of `body`. */
export function corruptBody(body: Buffer, fault: Extract<Fault, { kind: "wrong-hash" }>): Buffer {
  if (fault.data !== undefined) return Buffer.from(fault.data);
  const out = Buffer.alloc(body.length);
  for (let i = 0; i < body.length; i++) out[i] = body[i]! ^ 0xff;
  return out;
}
