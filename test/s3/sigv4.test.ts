import { test } from "node:test";
import assert from "node:assert/strict";
import { EMPTY_SHA256, signRequest, uriEncode } from "../../src/s3/sigv4.js";

// AWS's published example (S3 API reference, "Signature Calculations for the Authorization
// Header": GET Object with a Range header).
test("signRequest reproduces AWS's documented GET Object example signature", () => {
  const headers = signRequest({
    method: "GET", url: new URL("https://examplebucket.s3.amazonaws.com/test.txt"), headers: { Range: "bytes=0-9" },
    payloadSha256: EMPTY_SHA256, region: "us-east-1",
    credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
    now: new Date("2013-05-24T00:00:00Z"),
  });
  assert.equal(headers.authorization,
    "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  assert.equal(headers["x-amz-date"], "20130524T000000Z");
  assert.equal("host" in headers, false, "undici sets Host from the origin");
});

test("a session token is sent and signed", () => {
  const headers = signRequest({
    method: "PUT", url: new URL("http://127.0.0.1:9000/b/k"), headers: {}, payloadSha256: EMPTY_SHA256, region: "us-east-1",
    credentials: { accessKeyId: "A", secretAccessKey: "S", sessionToken: "T" }, now: new Date(0),
  });
  assert.equal(headers["x-amz-security-token"], "T");
  assert.match(headers.authorization!, /SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,/);
});

test("uriEncode keeps unreserved characters and, in paths, slashes", () => {
  assert.equal(uriEncode("a b+c/d~e_f.g-h", true), "a%20b%2Bc/d~e_f.g-h");
  assert.equal(uriEncode("a/b", false), "a%2Fb");
  assert.equal(uriEncode("é", false), "%C3%A9");
});
