import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { runConformance } from "../../scripts/conformance/run.js";

const vectors = JSON.parse(readFileSync(new URL("../../../vendor-tests/packaging.json", import.meta.url), "utf8")) as Record<string, unknown>;

test("every utils and tags record of the packaging vectors passes", () => {
  const result = runConformance({ meta: vectors.meta, utils: vectors.utils, tags: vectors.tags });
  assert.deepEqual(result.failures.map((f) => `${f.path}[${f.index}] ${f.reason}`), []);
  const counts = Object.fromEntries(result.categories.map((c) => [c.path, c.passed]));
  assert.deepEqual(counts, { utils: (vectors.utils as unknown[]).length, tags: (vectors.tags as unknown[]).length });
  assert.ok(result.passed >= 112);
});

test("the cases vendor-tests/packaging-extra.json adds pass too (is_normalized_name of a--b, 1--1)", () => {
  const extra = JSON.parse(readFileSync(new URL("../../../vendor-tests/packaging-extra.json", import.meta.url), "utf8")) as Record<string, unknown>;
  const result = runConformance(extra);
  assert.deepEqual(result.failures.map((f) => `${f.path}[${f.index}] ${f.reason}`), []);
  assert.equal(result.passed, (extra.utils as unknown[]).length);
  assert.ok(result.passed >= 9);
});
