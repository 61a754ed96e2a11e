import { test } from "node:test";
import assert from "node:assert/strict";
import { httpClientOptions } from "../../src/cli/http-options.js";

test("pip's network options map onto the HTTP client's settings", () => {
  const env = { NO_PROXY: "localhost" };
  const got = httpClientOptions({ retries: 2, timeout: 1.5, trustedHost: ["a.example", "b.example:8080"], cert: "/ca.pem", clientCert: "/me.pem" }, env);
  assert.equal(got.retries, 2);
  assert.equal(got.timeoutMs, 1500);
  assert.deepEqual(got.trustedHosts, ["a.example", "b.example:8080"]);
  assert.equal(got.cert, "/ca.pem");
  assert.equal(got.clientCert, "/me.pem");
  assert.deepEqual(got.env, env);
});

test("unset options stay unset (the client's defaults apply)", () => {
  const got = httpClientOptions({}, {});
  assert.equal("retries" in got, false);
  assert.equal("timeoutMs" in got, false);
  assert.equal("cert" in got, false);
  assert.deepEqual(got.trustedHosts, []);
});

test("--proxy stands for HTTP(S)_PROXY, over the environment's", () => {
  const got = httpClientOptions({ proxy: "http://proxy:3128" }, { HTTPS_PROXY: "http://other:1", NO_PROXY: "127.0.0.1" });
  assert.equal(got.env?.HTTPS_PROXY, "http://proxy:3128");
  assert.equal(got.env?.HTTP_PROXY, "http://proxy:3128");
  assert.equal(got.env?.NO_PROXY, "127.0.0.1");
});
