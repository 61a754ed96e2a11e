/**
 * `containedJoin`'s fast path (a plain relative path joined without
 * resolve/relative) must agree with the full check on every input: the same
 * path where the full check accepts, an error where it refuses.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { isAbsolute, relative, resolve, sep } from "node:path";
import fc from "fast-check";
import { containedJoin } from "../../src/archive/member-path.js";

/** The full check alone (what containedJoin did for every path before the fast path). */
function fullCheck(dir: string, relPath: string): string | "refused" {
  const full = resolve(dir, ...relPath.split("/"));
  const rel = relative(resolve(dir), full);
  const inside = rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
  return inside ? full : "refused";
}

function actual(dir: string, relPath: string): string | "refused" {
  try {
    return containedJoin(dir, relPath);
  } catch {
    return "refused";
  }
}

const PIECES = ["a", "b.py", "/", "//", ".", "..", "...", "..b", ".hidden", "\\", "\u0000", "é", " ", "x/"];

test("containedJoin agrees with the full resolve/relative check on every path", () => {
  const dirs = ["/site", "/site/", "/a/b/../site", "relative/dir"];
  fc.assert(fc.property(fc.constantFrom(...dirs), fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }), (dir, parts) => {
    const path = parts.join("");
    assert.equal(actual(dir, path), fullCheck(dir, path), `containedJoin(${JSON.stringify(dir)}, ${JSON.stringify(path)})`);
  }), { numRuns: 20_000, seed: 20261207 });
});

test("the paths an install joins are inside, and escapes are refused", () => {
  assert.equal(containedJoin("/site", "pkg/mod.py"), "/site/pkg/mod.py");
  assert.equal(containedJoin("/site", "pkg/sub/"), "/site/pkg/sub");
  assert.throws(() => containedJoin("/site", "../etc/passwd"), /resolves outside/);
  assert.throws(() => containedJoin("/site", "pkg/../../x"), /resolves outside/);
});
