import { test } from "node:test";
import assert from "node:assert/strict";
import { netrcCredentials, parseNetrc, redactText, redactUrl, splitCredentials } from "../../src/index/credentials.js";

test("redactUrl hides passwords and tokens, as pip's redact_auth_from_url", () => {
  const cases: [string, string][] = [
    ["https://user:pass@host/simple/", "https://user:****@host/simple/"],
    ["https://token@host/simple/", "https://****@host/simple/"],
    ["https://host/simple/", "https://host/simple/"],
    ["http://u:p%40ss@127.0.0.1:8080/x?y=1", "http://u:****@127.0.0.1:8080/x?y=1"],
    ["not a url", "not a url"],
  ];
  for (const [input, want] of cases) assert.equal(redactUrl(input), want);
  assert.equal(redactText("failed: https://a:b@h/x and http://t@h2/"), "failed: https://a:****@h/x and http://****@h2/");
});

test("splitCredentials strips user info and decodes it", () => {
  assert.deepEqual(splitCredentials("https://us%20er:p%40ss@h/s/"), { url: "https://h/s/", credentials: { username: "us er", password: "p@ss" } });
  assert.deepEqual(splitCredentials("https://h/s/"), { url: "https://h/s/", credentials: null });
});

test("netrc: machine entries, default, quoted values, comments and macros", () => {
  const netrc = parseNetrc(`# comment machine evil login x
machine a.example login alice password "s3 cret"
macdef init
  cd /pub
  machine inside-macro login m password m

machine b.example
  login bob
  password hunter2
default login anon password anon@`);
  assert.deepEqual(netrcCredentials(netrc, "a.example"), { username: "alice", password: "s3 cret" });
  assert.deepEqual(netrcCredentials(netrc, "b.example"), { username: "bob", password: "hunter2" });
  assert.deepEqual(netrcCredentials(netrc, "other"), { username: "anon", password: "anon@" });
  assert.equal(netrc.machines.has("inside-macro"), false);
  assert.equal(netrc.machines.has("evil"), false);
});
