/**
 * Virtual-host and path-style addressing, seen from the server side: a
 * plain HTTP proxy on 127.0.0.1 receives the requests in absolute form, so
 * the bucket's host name needs no DNS.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { HttpClient } from "../../src/index/http.js";
import { S3Client } from "../../src/s3/client.js";

let proxy: Server;
let proxyUrl = "";
const seen: Array<{ url: string; host: string; authorization: string; length: string }> = [];

before(async () => {
  proxy = createServer((req: IncomingMessage, res) => {
    seen.push({ url: req.url ?? "", host: req.headers.host ?? "", authorization: String(req.headers.authorization ?? ""), length: String(req.headers["content-length"] ?? "") });
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-length": "0" }).end());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
});
after(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

function client(addressing: "path" | "virtual"): S3Client {
  const http = new HttpClient({ retries: 0, netrcPath: null, env: { HTTP_PROXY: proxyUrl } });
  after(() => http.close());
  return new S3Client({ endpoint: "http://s3.eu-west-1.example.test", bucket: "my-binaries", addressing, region: "eu-west-1" },
    { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }, http);
}

test("virtual-host addressing puts the bucket in the host name and signs that host", async () => {
  seen.length = 0;
  await client("virtual").putObject("p/binaries-v1/x/k+1.json", Buffer.from("{}"));
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.url, "http://my-binaries.s3.eu-west-1.example.test/p/binaries-v1/x/k%2B1.json");
  assert.equal(seen[0]!.host, "my-binaries.s3.eu-west-1.example.test");
  assert.match(seen[0]!.authorization, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/s3\/aws4_request, SignedHeaders=content-length;content-type;host;/);
  assert.equal(seen[0]!.length, "2", "every upload carries its length");
});

test("path-style addressing puts the bucket first in the path", async () => {
  seen.length = 0;
  await client("path").putObject("k", Buffer.from("abc"));
  assert.equal(seen[0]!.url, "http://s3.eu-west-1.example.test/my-binaries/k");
  assert.equal(seen[0]!.host, "s3.eu-west-1.example.test");
});
