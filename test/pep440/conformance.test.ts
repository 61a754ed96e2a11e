import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runConformance } from "../../scripts/conformance/run.js";
import { checks as specifierChecks } from "../../scripts/conformance/checks-specifier.js";

const vectorsPath = fileURLToPath(new URL("../../../vendor-tests/packaging.json", import.meta.url));
const vectors = JSON.parse(readFileSync(vectorsPath, "utf8")) as Record<string, unknown>;

test("every version.* and specifier.* record of the packaging vectors passes", () => {
  const result = runConformance({ meta: vectors.meta, version: vectors.version, specifier: vectors.specifier });
  const paths = result.categories.map((c) => c.path);
  for (const path of ["version.ordered", "version.sorted_equivalence_classes", "version.valid", "version.invalid",
    "specifier.parse", "specifier.contains", "specifier.filter"]) {
    assert.ok(paths.includes(path), `category ${path} was run`);
  }
  assert.deepEqual(result.failures.slice(0, 5), []);
  assert.equal(result.failed, 0);
  assert.ok(result.passed > 15_000, `only ${result.passed} records ran`);
});

test("the checks catch wrong expectations (they can fail)", () => {
  const context = { index: 0, list: [], meta: {} };
  const contains = { cls: "SpecifierSet", spec: ">=1.0", spec_prereleases: null, item: "0.9", prereleases: null, installed: null };
  assert.equal(specifierChecks["specifier.contains"]!({ ...contains, expected: false }, context), null);
  assert.notEqual(specifierChecks["specifier.contains"]!({ ...contains, expected: true }, context), null);
  const filter = { cls: "SpecifierSet", spec: ">=1.0", spec_prereleases: null, prereleases: null, input: ["0.9", "1.1", "2.0a1"] };
  assert.equal(specifierChecks["specifier.filter"]!({ ...filter, expected: ["1.1"] }, context), null);
  assert.notEqual(specifierChecks["specifier.filter"]!({ ...filter, expected: ["1.1", "2.0a1"] }, context), null);
  assert.notEqual(specifierChecks["specifier.parse"]!({ cls: "Specifier", input: "2.0", valid: true }, context), null);
});
