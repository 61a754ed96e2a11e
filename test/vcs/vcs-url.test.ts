import { test } from "node:test";
import assert from "node:assert/strict";
import { isCommitId, parseVcsUrl, pinnedVcsUrl, recordableUrl, redactCredentials, vcsDirectUrl } from "../../src/vcs/index.js";
import { AccelError } from "../../src/report/errors.js";

const SHA = "0123456789abcdef0123456789abcdef01234567";

test("parseVcsUrl splits transport, revision and fragments", () => {
  assert.deepEqual(parseVcsUrl("git+https://host/org/repo.git@v1.2#egg=pkg&subdirectory=libs/foo/"), {
    vcs: "git", given: "git+https://host/org/repo.git@v1.2#egg=pkg&subdirectory=libs/foo/",
    repository: "https://host/org/repo.git", revision: "v1.2", subdirectory: "libs/foo", egg: "pkg",
  });
  const plain = parseVcsUrl("git+file:///srv/repo");
  assert.equal(plain.repository, "file:///srv/repo");
  assert.equal(plain.revision, null);
  assert.equal(plain.subdirectory, null);
  assert.equal(plain.egg, null);
  // The user part of an ssh URL is not a revision; the last '@' of the path is.
  const ssh = parseVcsUrl("git+ssh://git@github.com/org/repo.git@feature/x%2By");
  assert.equal(ssh.repository, "ssh://git@github.com/org/repo.git");
  assert.equal(ssh.revision, "feature/x+y");
  assert.equal(parseVcsUrl("git://host/repo.git@main").repository, "git://host/repo.git");
  assert.equal(parseVcsUrl("git+https://u:p@host/r.git").repository, "https://u:p@host/r.git");
});

test("parseVcsUrl rejects other VCSs, scp-like paths, an empty revision and escaping subdirectories, without credentials in the message", () => {
  const code = (url: string): string => {
    try { parseVcsUrl(url); } catch (error) { assert.ok(error instanceof AccelError); assert.doesNotMatch(error.message, /s3cret/); return error.code; }
    return "none";
  };
  assert.equal(code("hg+https://u:s3cret@host/repo"), "vcs-unsupported");
  assert.equal(code("git+git@github.com:org/repo.git"), "invalid-vcs-url");
  assert.equal(code("git+https://u:s3cret@host/repo.git@"), "invalid-vcs-url");
  assert.equal(code("git+https://host/repo.git#subdirectory=../up"), "invalid-vcs-url");
  assert.equal(code("git+https://host/repo.git#subdirectory=/abs"), "invalid-vcs-url");
});

test("isCommitId accepts full lower-case hex ids only", () => {
  assert.equal(isCommitId(SHA), true);
  assert.equal(isCommitId(SHA.slice(0, 12)), false);
  assert.equal(isCommitId(SHA.toUpperCase()), false);
  assert.equal(isCommitId("v1.0"), false);
});

test("redactCredentials hides passwords and tokens in any URL of a text", () => {
  assert.equal(redactCredentials("cloning https://user:pa55@host/r.git and git+https://tok3n@host/x"), "cloning https://user:****@host/r.git and git+https://****@host/x");
  assert.equal(redactCredentials("no url here"), "no url here");
  assert.equal(redactCredentials("https://host/path@v1"), "https://host/path@v1");
});

test("recordableUrl keeps env-var placeholders and the git user, drops other credentials", () => {
  assert.equal(recordableUrl("https://user:pa55@host/r.git"), "https://host/r.git");
  assert.equal(recordableUrl("https://${USER}:${TOKEN}@host/r.git"), "https://${USER}:${TOKEN}@host/r.git");
  assert.equal(recordableUrl("ssh://git@host/r.git"), "ssh://git@host/r.git");
  assert.equal(recordableUrl("file:///srv/r"), "file:///srv/r");
});

test("pinnedVcsUrl and vcsDirectUrl record the commit, the requested revision and the subdirectory", () => {
  const url = parseVcsUrl("git+https://tok@host/r.git@v1#egg=p&subdirectory=sub");
  assert.equal(pinnedVcsUrl(url, SHA), `git+https://host/r.git@${SHA}#subdirectory=sub`);
  assert.deepEqual(vcsDirectUrl(url, SHA), { url: "https://host/r.git", vcs_info: { vcs: "git", commit_id: SHA, requested_revision: "v1" }, subdirectory: "sub" });
  const bare = parseVcsUrl("git+file:///srv/r");
  assert.equal(pinnedVcsUrl(bare, SHA), `git+file:///srv/r@${SHA}`);
  assert.deepEqual(vcsDirectUrl(bare, SHA), { url: "file:///srv/r", vcs_info: { vcs: "git", commit_id: SHA } });
});
