/**
 * How the local index server puts a reply on the wire, to behave like the
 * servers pip-accel meets in the wild, selectable per test (`wire` option of
 * `startIndexServer`) or for a whole run (`PIP_ACCEL_TEST_WIRE=close`):
 *
 * - `keep-alive` (default): Node's HTTP/1.1 server, `Content-Length`, connections reused.
 * - `close`: what Python's `http.server` and many simple mirrors do: an `HTTP/1.0` status
 *   line, `Connection: close`, `Content-Length`, headers and body in one burst, then FIN.
 * - `no-length`: `HTTP/1.0`, no `Content-Length`: the body ends where the server closes.
 * - `chunked`: `HTTP/1.1` with `Transfer-Encoding: chunked`, then FIN.
 *
 * `slowBody` writes any body in pieces of `chunkBytes` with `delayMs` between them
 * (a slow or far-away server) instead of in one burst.
 */
import type { ServerResponse } from "node:http";
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";

export type WireFraming = "keep-alive" | "close" | "no-length" | "chunked";

export interface WireOptions {
  framing?: WireFraming;
  slowBody?: { chunkBytes: number; delayMs: number };
}

/** The wire behaviour for a server: its own option, else `PIP_ACCEL_TEST_WIRE`, else keep-alive. */
export function resolveWire(options: WireOptions | undefined): Required<Pick<WireOptions, "framing">> & WireOptions {
  const fromEnv = process.env.PIP_ACCEL_TEST_WIRE as WireFraming | undefined;
  const framing = options?.framing ?? (fromEnv && ["keep-alive", "close", "no-length", "chunked"].includes(fromEnv) ? fromEnv : "keep-alive");
  return { ...options, framing };
}

export interface WireReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function write(socket: Socket, data: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) {
      reject(new Error("socket closed"));
      return;
    }
    socket.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

async function writeBody(out: (data: Buffer) => Promise<void>, body: Buffer, wire: WireOptions): Promise<void> {
  if (!wire.slowBody) {
    if (body.length > 0) await out(body);
    return;
  }
  const { chunkBytes, delayMs } = wire.slowBody;
  for (let offset = 0; offset < body.length; offset += chunkBytes) {
    await out(body.subarray(offset, offset + chunkBytes));
    await sleep(delayMs);
  }
}

/**
 * Writes a whole reply. `bodyAllowed` is false for HEAD and 304. `truncateAt` (bytes) sends
 * only that much of the body, then closes (the announced length stays the full one).
 */
export async function writeWire(res: ServerResponse, reply: WireReply, wire: WireOptions, bodyAllowed: boolean, truncateAt?: number): Promise<void> {
  const framing = wire.framing ?? "keep-alive";
  const body = bodyAllowed ? reply.body.subarray(0, truncateAt ?? reply.body.length) : Buffer.alloc(0);
  if (framing === "keep-alive") {
    res.writeHead(reply.status, { ...reply.headers, "Content-Length": String(reply.body.length) });
    if (!wire.slowBody && truncateAt === undefined) {
      res.end(bodyAllowed ? body : undefined);
      return;
    }
    await writeBody((data) => new Promise((resolve) => res.write(data, () => resolve())), body, wire);
    if (truncateAt !== undefined) res.destroy();
    else res.end();
    return;
  }
  // Raw framings: Node's server never writes this response; we own the socket and close it.
  const socket = res.socket as Socket;
  const headers: Record<string, string> = { ...reply.headers };
  if (framing === "close") headers["Content-Length"] = String(reply.body.length);
  if (framing === "chunked" && bodyAllowed) headers["Transfer-Encoding"] = "chunked";
  headers.Connection = "close";
  const version = framing === "chunked" ? "HTTP/1.1" : "HTTP/1.0";
  const head = `${version} ${reply.status} ${STATUS_CODES[reply.status] ?? "Status"}\r\n`
    + Object.entries(headers).map(([key, value]) => `${key}: ${value}\r\n`).join("") + "\r\n";
  try {
    if (framing === "chunked" && bodyAllowed) {
      await write(socket, head);
      await writeBody((data) => write(socket, Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")])), body, wire);
      if (truncateAt === undefined) await write(socket, "0\r\n\r\n");
    } else if (wire.slowBody) {
      await write(socket, head);
      await writeBody((data) => write(socket, data), body, wire);
    } else {
      // One burst: headers and the whole body in a single write, larger than any socket buffer.
      await write(socket, Buffer.concat([Buffer.from(head), body]));
    }
  } catch {
    // The client went away; nothing left to do.
  }
  if (truncateAt !== undefined) socket.destroy();
  else socket.end();
}
