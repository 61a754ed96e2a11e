/**
 * A test CA and a server certificate it signed, for 127.0.0.1 and localhost
 * (test/fixtures/tls, valid until 2126). Made once with openssl:
 * `req -x509 -newkey rsa:2048 -days 36500` for the CA (basicConstraints
 * CA:TRUE; its key was not kept), and a server key and CSR signed by it
 * with subjectAltName IP:127.0.0.1, DNS:localhost.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./repo.js";

export const TLS_FIXTURES = join(repoRoot(), "test", "fixtures", "tls");
/** The CA's certificate (PEM file), to trust. */
export const TEST_CA_FILE = join(TLS_FIXTURES, "ca.pem");

/** The server's key and certificate, for `startIndexServer({ tls })`. */
export function testTls(): { key: string; cert: string } {
  return { key: readFileSync(join(TLS_FIXTURES, "server.key"), "utf8"), cert: readFileSync(join(TLS_FIXTURES, "server.pem"), "utf8") };
}
