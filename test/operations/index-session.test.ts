import { test } from "node:test";
import assert from "node:assert/strict";
import { candidateForPin, hashOptions } from "../../src/operations/index-session.js";
import { hashesByProject } from "../../src/operations/requirements.js";
import type { ResolvedPin } from "../../src/resolver/lib.js";

const pin = (url: string, isWheel: boolean, source: ResolvedPin["source"] = "index"): ResolvedPin => ({
  name: "foo-bar", version: "1.0", extras: [], requested: true, source, requiredHashes: [], reasons: [],
  file: { url, filename: url.split("/").pop()!.split("#")[0]!, hashes: { sha256: "ab" }, isWheel, yanked: false },
} as unknown as ResolvedPin);

test("hashOptions groups 'alg:hex' values by algorithm, lower-cased", () => {
  assert.deepEqual(hashOptions(["sha256:AB", "sha256:cd", "sha512:ef", "junk"]), { sha256: ["ab", "cd"], sha512: ["ef"] });
  assert.deepEqual(hashOptions([]), {});
});

test("hashesByProject keys --hash values by normalised name", () => {
  const got = hashesByProject([{ text: "Foo_Bar==1.0", hashes: ["sha256:AA", "sha256:bb"] }, "plain>=1", { text: "x==1", hashes: [] }]);
  assert.deepEqual([...got], [["foo-bar", { sha256: ["aa", "bb"] }]]);
});

test("candidateForPin keeps a listed candidate and makes one for direct references and cached pins", () => {
  const listed = { name: "foo-bar" } as never;
  assert.equal(candidateForPin(pin("https://x/foo_bar-1.0.tar.gz", false), listed), listed);
  const made = candidateForPin(pin("file:///w/foo_bar-1.0-py3-none-any.whl#sha256=ab", true, "direct"), undefined);
  assert.equal(made.kind, "wheel");
  assert.equal(made.link.url, "file:///w/foo_bar-1.0-py3-none-any.whl");
  assert.equal(made.link.filename, "foo_bar-1.0-py3-none-any.whl");
  assert.deepEqual(made.link.hashes, { sha256: "ab" });
  assert.equal(made.link.comesFrom, "direct reference");
  assert.equal(candidateForPin(pin("https://x/foo_bar-1.0.tar.gz", false), undefined).kind, "sdist");
});
