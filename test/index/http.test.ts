import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpClient, type RequestLogEntry } from "../../src/index/http.js";
import { Limiter } from "../../src/index/limiter.js";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";

describe("HttpClient against the local index server", () => {
  let server: IndexServer;
  before(async () => {
    // Keep-alive explicitly: the connection-reuse test below means nothing against a closing server.
    server = await startIndexServer({ wire: { framing: "keep-alive" }, projects: { demo: [{ filename: "demo-1.0.tar.gz", data: "sdist bytes" }] } });
  });
  after(() => server.close());

  const client = (extra: ConstructorParameters<typeof HttpClient>[0] = {}) =>
    new HttpClient({ retries: 2, backoffMs: 1, netrcPath: null, env: {}, timeoutMs: 2000, ...extra });

  test("retries 5xx and connection resets, then succeeds", async () => {
    server.clearLog();
    server.setFault("/simple/demo/", { kind: "status", status: 503, times: 1 });
    server.setFault("/simple/demo/", { kind: "reset", times: 1 });
    const log: RequestLogEntry[] = [];
    const http = client({ onRequest: (entry) => log.push(entry) });
    const page = await http.getText(`${server.simpleUrl}demo/`, { accept: "text/html" });
    await http.close();
    server.clearFaults();
    assert.equal(page.status, 200);
    assert.match(page.text, /demo-1\.0\.tar\.gz/);
    assert.equal(server.requestsTo("/simple/demo/").length, 3);
    assert.deepEqual(log.map((entry) => entry.status), [503, null, 200]);
  });

  test("gives up after `retries` with a clear, redacted error", async () => {
    server.setFault("/simple/demo/", { kind: "status", status: 502 });
    const http = client({ retries: 1 });
    const url = server.simpleUrl.replace("http://", "http://alice:s3cret@") + "demo/";
    await assert.rejects(http.getText(url), (error: Error & { code?: string; status?: number }) => {
      assert.equal(error.code, "http-status");
      assert.equal(error.status, 502);
      assert.ok(!error.message.includes("s3cret"), error.message);
      assert.match(error.message, /alice:\*\*\*\*@/);
      return true;
    });
    server.clearFaults();
    server.setFault("/simple/demo/", { kind: "reset" });
    await assert.rejects(http.getText(url), (error: Error & { code?: string }) =>
      error.code === "http-connection" && !error.message.includes("s3cret") && /after 2 attempt/.test(error.message));
    server.clearFaults();
    await http.close();
  });

  test("offline: throws before any request is made", async () => {
    server.clearLog();
    const log: RequestLogEntry[] = [];
    const http = client({ offline: true, onRequest: (entry) => log.push(entry) });
    await assert.rejects(http.getText(`${server.simpleUrl}demo/`), { code: "offline" });
    assert.equal(log.length, 0);
    assert.equal(server.requests.length, 0);
  });

  test("credentials from the URL are sent and remembered per host; netrc is the fallback", async () => {
    server.clearLog();
    const http = client();
    const withAuth = server.simpleUrl.replace("http://", "http://alice:pw@");
    await http.getText(`${withAuth}demo/`);
    await http.getText(server.fileUrl("demo-1.0.tar.gz"));
    const [first, second] = server.requests;
    const expected = `Basic ${Buffer.from("alice:pw").toString("base64")}`;
    assert.equal(first?.headers.authorization, expected);
    assert.equal(second?.headers.authorization, expected, "remembered for the same host");
    await http.close();

    const dir = mkdtempSync(join(tmpdir(), "pa-netrc-"));
    writeFileSync(join(dir, "netrc"), "machine 127.0.0.1 login bob password fromnetrc\n");
    server.clearLog();
    const viaNetrc = client({ netrcPath: join(dir, "netrc") });
    await viaNetrc.getText(`${server.simpleUrl}demo/`);
    assert.equal(server.requests[0]?.headers.authorization, `Basic ${Buffer.from("bob:fromnetrc").toString("base64")}`);
    await viaNetrc.close();
  });

  test("a 404 is not retried", async () => {
    server.clearLog();
    const http = client();
    await assert.rejects(http.getText(`${server.simpleUrl}nope/`), { code: "http-status" });
    assert.equal(server.requests.length, 1);
    await http.close();
  });

  test("trusted hosts match by host or host:port", () => {
    const http = client({ trustedHosts: ["internal.example", "other.example:8443"] });
    assert.equal(http.isTrusted("https://internal.example/simple/"), true);
    assert.equal(http.isTrusted("https://other.example:8443/simple/"), true);
    assert.equal(http.isTrusted("https://other.example/simple/"), false);
  });

  test("keeps connections alive: many requests, no more connections per origin than parallel slots", async () => {
    server.clearLog();
    const before = server.connections;
    const http = client({ maxConcurrency: 3 });
    try {
      for (let i = 0; i < 10; i++) assert.equal((await http.getText(`${server.simpleUrl}demo/`)).status, 200);
      // undici may open a second socket for the second request (the first is not back in the
      // pool yet when the next is sent); from then on the open ones are reused.
      assert.ok(server.connections - before <= 2, `${server.connections - before} connections for 10 requests in a row`);
      const pages = await Promise.all(Array.from({ length: 30 }, () => http.getText(`${server.simpleUrl}demo/`)));
      assert.ok(pages.every((p) => p.status === 200));
    } finally {
      await http.close();
    }
    assert.equal(server.requests.length, 40);
    assert.ok(server.connections - before <= 3, `${server.connections - before} connections for 40 requests`);
  });

  test("a proxy from HTTP_PROXY is used, NO_PROXY bypasses it", async () => {
    server.clearLog();
    // The "proxy" is the index server itself: a proxied request arrives with an absolute URL.
    const proxied = client({ env: { HTTP_PROXY: server.url, NO_PROXY: "" } });
    await proxied.getText("http://pypi.invalid/simple/demo/").catch(() => undefined);
    await proxied.close();
    assert.equal(server.requests.length, 1);
    assert.match(server.requests[0]!.url, /^http:\/\/pypi\.invalid\/simple\/demo\/$/);
    server.clearLog();
    const bypass = client({ env: { HTTP_PROXY: "http://127.0.0.1:9", NO_PROXY: "127.0.0.1" } });
    const page = await bypass.getText(`${server.simpleUrl}demo/`);
    await bypass.close();
    assert.equal(page.status, 200);
  });
});

test("HTTPS_PROXY tunnels https with CONNECT; NO_PROXY bypasses it", async () => {
  const connects: string[] = [];
  const proxy = createServer((_req, res) => res.writeHead(500).end());
  proxy.on("connect", (req: IncomingMessage, socket: Duplex) => {
    connects.push(`${req.url} ${req.headers["proxy-authorization"] ?? ""}`);
    socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
  });
  await new Promise<void>((done) => proxy.listen(0, "127.0.0.1", done));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  try {
    const tunnelled = new HttpClient({ retries: 0, netrcPath: null, env: { HTTPS_PROXY: proxyUrl } });
    const error = await tunnelled.getText("https://pypi.invalid/simple/demo/").catch((e: unknown) => e);
    await tunnelled.close();
    assert.ok(error instanceof Error && (error as Error & { code?: string }).code === "http-connection", String(error));
    assert.deepEqual(connects, ["pypi.invalid:443 "]);
    // A closed local port, so the direct attempt fails at once without any name lookup.
    const bypass = new HttpClient({ retries: 0, netrcPath: null, env: { HTTPS_PROXY: proxyUrl, NO_PROXY: "127.0.0.1" } });
    await bypass.getText("https://127.0.0.1:9/simple/demo/").catch(() => undefined);
    await bypass.close();
    assert.equal(connects.length, 1, "NO_PROXY: no tunnel asked for");
  } finally {
    await new Promise((done) => proxy.close(done));
  }
});

test("Limiter never runs more than its limit at once", async () => {
  const limiter = new Limiter(3);
  let running = 0;
  let peak = 0;
  await Promise.all(Array.from({ length: 20 }, (_, i) => limiter.run(async () => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, i % 3));
    running--;
  })));
  assert.equal(peak, 3);
});
