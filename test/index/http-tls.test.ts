import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpClient } from "../../src/index/http.js";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";
import { TEST_CA_FILE, testTls } from "../kit/tls-fixtures.js";

function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("TLS: --cert, --client-cert, --trusted-host", { skip: hasOpenssl() ? false : "openssl not found" }, () => {
  let server: Server;
  let url: string;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "pa-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
    const key = readFileSync(join(dir, "key.pem"));
    const cert = readFileSync(join(dir, "cert.pem"));
    writeFileSync(join(dir, "client.pem"), Buffer.concat([key, cert]));
    server = createServer({ key, cert, ca: cert, requestCert: true, rejectUnauthorized: false }, (req, res) => {
      const authorized = (req.socket as TLSSocket).authorized;
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(authorized ? "client-cert-ok" : "no-client-cert");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/simple/`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const base = { retries: 0, netrcPath: null, env: {} };

  test("an unknown CA is a clear connection error", async () => {
    const http = new HttpClient(base);
    await assert.rejects(http.getText(url), { code: "http-connection" });
    await http.close();
  });

  test("--cert trusts the CA bundle; --client-cert presents a certificate", async () => {
    const withCa = new HttpClient({ ...base, cert: join(dir, "cert.pem") });
    assert.equal((await withCa.getText(url)).text, "no-client-cert");
    await withCa.close();
    const withClient = new HttpClient({ ...base, cert: join(dir, "cert.pem"), clientCert: join(dir, "client.pem") });
    assert.equal((await withClient.getText(url)).text, "client-cert-ok");
    await withClient.close();
  });

  test("--trusted-host skips verification for that host only", async () => {
    const trusted = new HttpClient({ ...base, trustedHosts: ["127.0.0.1"] });
    assert.equal((await trusted.getText(url)).text, "no-client-cert");
    await trusted.close();
  });
});

test("a server slower than --timeout fails clearly after the retries", async () => {
  const server = await startIndexServer({ projects: { demo: [{ filename: "demo-1.0.tar.gz", data: "a" }] } });
  server.setFault("/simple/demo/", { kind: "delay", ms: 400 });
  const http = new HttpClient({ retries: 1, backoffMs: 1, timeoutMs: 100, netrcPath: null, env: {} });
  const started = Date.now();
  await assert.rejects(http.getText(`${server.simpleUrl}demo/`), (error: Error & { code?: string }) =>
    error.code === "http-connection" && /after 2 attempt/.test(error.message));
  assert.ok(Date.now() - started < 2000);
  await http.close();
  await server.close();
});

describe("TLS: PIP_ACCEL_EXTRA_CA_CERTS (the launcher's deferred NODE_EXTRA_CA_CERTS), against a CA-signed index server", () => {
  let server: IndexServer;
  before(async () => {
    server = await startIndexServer({ tls: testTls(), projects: { demo: [{ filename: "demo-1.0.tar.gz", data: "sdist bytes" }] } });
  });
  after(() => server.close());
  const page = (): string => `${server.simpleUrl}demo/`;
  const missing = join(tmpdir(), "pa-no-such-ca.pem");
  const client = (env: Record<string, string>, extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
    new HttpClient({ retries: 0, netrcPath: null, env, ...extra });

  test("the server's CA is unknown without it", async () => {
    const http = client({});
    await assert.rejects(http.getText(page()), { code: "http-connection" });
    await http.close();
  });

  test("its certificates are trusted besides the bundled roots, by every request of the client", async () => {
    const http = client({ PIP_ACCEL_EXTRA_CA_CERTS: TEST_CA_FILE });
    const pages = await Promise.all([1, 2, 3].map(() => http.getText(page())));
    await http.close();
    for (const p of pages) assert.match(p.text, /demo-1\.0\.tar\.gz/);
  });

  test("an unreadable file is an error that names it and the variable", async () => {
    const http = client({ PIP_ACCEL_EXTRA_CA_CERTS: missing });
    await assert.rejects(http.getText(page()), (error: Error & { code?: string }) =>
      error.code === "tls-file" && error.message.includes(missing) && error.message.includes("PIP_ACCEL_EXTRA_CA_CERTS"));
    await http.close();
  });

  test("--cert replaces the roots, the extra file included; --trusted-host does not read it", async () => {
    const withCert = client({ PIP_ACCEL_EXTRA_CA_CERTS: missing }, { cert: TEST_CA_FILE });
    assert.equal((await withCert.getText(page())).status, 200);
    await withCert.close();
    const trusted = client({ PIP_ACCEL_EXTRA_CA_CERTS: missing }, { trustedHosts: ["127.0.0.1"] });
    assert.equal((await trusted.getText(page())).status, 200);
    await trusted.close();
    const badCert = client({}, { cert: missing });
    await assert.rejects(badCert.getText(page()), (error: Error & { code?: string }) => error.code === "tls-file" && error.message.includes("--cert"));
    await badCert.close();
  });
});
