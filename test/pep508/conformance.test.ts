import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runConformance } from "../../scripts/conformance/run.js";

// dist/test/pep508/ -> repository root
const vectors = fileURLToPath(new URL("../../../vendor-tests/packaging.json", import.meta.url));
const MY_PATHS = ["marker.parse", "marker.evaluate", "requirement.valid", "requirement.invalid"];

test("packaging 26.4 vectors: zero failures in marker.* and requirement.*", () => {
  const result = runConformance(JSON.parse(readFileSync(vectors, "utf8")) as Record<string, unknown>);
  for (const path of MY_PATHS) {
    const category = result.categories.find((c) => c.path === path);
    assert.ok(category && category.passed > 0, `no records for ${path}`);
    const failures = result.failures.filter((f) => f.path === path).slice(0, 5);
    assert.deepEqual(failures.map((f) => `${f.path}[${f.index}] ${f.reason}`), [], `${path} failures`);
  }
});
