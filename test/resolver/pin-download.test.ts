import { test } from "node:test";
import assert from "node:assert/strict";
import { hashOptions, pinCandidate } from "../../src/resolver/index-backed.js";
import type { Candidate } from "../../src/index/link.js";
import type { ResolvedPin } from "../../src/resolver/lib.js";

const pin = (url: string, isWheel: boolean, source: ResolvedPin["source"] = "index"): ResolvedPin => ({
  name: "foo-bar", version: "1.0", extras: [], requested: true, source, requiredHashes: [], reasons: [],
  file: { url, filename: url.split("/").pop()!.split("#")[0]!, hashes: { sha256: "ab" }, isWheel, yanked: false },
} as unknown as ResolvedPin);

const none = { candidateFor: (): Candidate | undefined => undefined };

test("hashOptions groups 'alg:hex' values by algorithm, lower-cased, and drops malformed ones", () => {
  assert.deepEqual(hashOptions(["sha256:AB", "sha256:cd", "sha512:ef", "junk"]), { sha256: ["ab", "cd"], sha512: ["ef"] });
  assert.deepEqual(hashOptions([]), {});
});

test("pinCandidate keeps the candidate the index listed for the pin's URL", () => {
  const listed = { name: "foo-bar" } as unknown as Candidate;
  const seen: string[] = [];
  const got = pinCandidate({ candidateFor: (url: string) => { seen.push(url); return listed; } }, pin("https://x/foo_bar-1.0.tar.gz", false));
  assert.equal(got, listed);
  assert.deepEqual(seen, ["https://x/foo_bar-1.0.tar.gz"]);
});

test("pinCandidate makes a candidate from the pin's own file for direct references and cached pins", () => {
  const made = pinCandidate(none, pin("file:///w/foo_bar-1.0-py3-none-any.whl#sha256=ab", true, "direct"));
  assert.ok(made);
  assert.equal(made.kind, "wheel");
  assert.equal(made.name, "foo-bar");
  assert.equal(made.version, "1.0");
  assert.equal(made.link.url, "file:///w/foo_bar-1.0-py3-none-any.whl");
  assert.equal(made.link.filename, "foo_bar-1.0-py3-none-any.whl");
  assert.deepEqual(made.link.hashes, { sha256: "ab" });
  assert.equal(pinCandidate(none, pin("https://x/foo_bar-1.0.tar.gz", false))?.kind, "sdist");
});

test("pinCandidate gives null for a pin without a file or with a URL that is not an archive", () => {
  assert.equal(pinCandidate(none, { ...pin("https://x/a.tar.gz", false), file: null } as unknown as ResolvedPin), null);
  assert.equal(pinCandidate(none, pin("git+https://x/repo.git", false)), null);
  assert.equal(pinCandidate(none, pin("https://x/page.html", false)), null);
});
