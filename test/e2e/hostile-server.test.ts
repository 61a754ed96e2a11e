/**
 * Servers that break HTTP on purpose, or by accident, against the CLI: each gives an
 * `error[...]` that names the URL and exit code 1, never a process-level crash (no
 * uncaught exception, no assertion from inside undici, no hang past --timeout).
 *
 * A raw TCP server plays every part; the first path segment picks the behaviour, for the
 * index page (`resolve -i http://.../<mode>/simple/`) and for a direct download
 * (`download "pkg @ http://.../<mode>/pkg-1.0.tar.gz"`).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { tempDir } from "../kit/repo.js";
import { runCliAsync as runCli } from "./env.js";

type Mode = (socket: Socket, path: string) => void;

const MODES: Record<string, Mode> = {
  /** Not HTTP at all. */
  garbage: (s) => s.end("SSH-2.0-OpenSSH_9.2\r\nthis is not http\r\n\r\n"),
  /** A status line, then the connection drops before the headers end. */
  "half-headers": (s) => s.end("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n"),
  /** Chunked framing with a chunk size that is not hex. */
  "bad-chunked": (s) => s.end("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
  /** Announces 100 000 bytes, sends 10, closes. */
  short: (s) => s.end(`HTTP/1.0 200 OK\r\nContent-Length: 100000\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n${"x".repeat(10)}`),
  /** A header line of 100 KB. */
  "huge-header": (s) => s.end(`HTTP/1.0 200 OK\r\nX-Junk: ${"a".repeat(100_000)}\r\nContent-Length: 2\r\n\r\nok`),
  /** Redirects to itself forever. */
  "redirect-loop": (s, path) => s.end(`HTTP/1.0 302 Found\r\nLocation: ${path}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`),
  /** Accepts the connection and never answers. */
  silent: () => {},
  /** Resets the connection at once. */
  reset: (s) => s.resetAndDestroy(),
  /**
   * Headers and the start of a body, then silence with the connection open: past --timeout
   * between chunks it is an error. (A body that keeps trickling in is read, as pip reads it:
   * --timeout bounds the wait between chunks, not the whole transfer.)
   */
  stall: (s) => s.write("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html><body>"),
};

const dir = tempDir("e2e-hostile");
let server: Server;
let base = "";
const sockets = new Set<Socket>();

before(async () => {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let head = "";
    socket.on("data", (chunk) => {
      if (head.includes("\r\n\r\n")) return;
      head += chunk.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      const path = head.split(" ")[1] ?? "/";
      const mode = MODES[path.split("/")[1] ?? ""];
      if (mode) mode(socket, path);
      else socket.end("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  dir.cleanup();
});

const common = ["--timeout", "2", "--retries", "1", "--python-version", "3.11", "--platform", "manylinux_2_36_x86_64"];

function assertCleanFailure(run: { code: number; stdout: string; stderr: string }, url: string): void {
  assert.equal(run.code, 1, `exit code (stderr: ${run.stderr.slice(0, 2000)})`);
  assert.match(run.stderr, /^error\[[a-z-]+\]: /m);
  assert.ok(run.stderr.includes(url), `the URL ${url} is named:\n${run.stderr.slice(0, 2000)}`);
  assert.doesNotMatch(run.stderr, /AssertionError|Uncaught|node:internal|at .*\.js:\d+/);
}

for (const mode of Object.keys(MODES)) {
  test(`a server that answers "${mode}": resolve and download end in error[...] naming the URL, exit 1`, { timeout: 90_000 }, async () => {
    const cache = join(dir.path, `cache-${mode}`);
    const index = `${base}/${mode}/simple/`;
    const resolved = await runCli(["resolve", "--cache-dir", cache, "-i", index, "pkg", ...common], dir.path, {});
    assertCleanFailure(resolved, `${base}/${mode}/simple/`);

    const file = `${base}/${mode}/pkg-1.0.tar.gz`;
    const downloaded = await runCli(["download", "--cache-dir", cache, "--no-index", "-d", join(dir.path, `dest-${mode}`), `pkg @ ${file}`, ...common], dir.path, {});
    assertCleanFailure(downloaded, file);
  });
}
