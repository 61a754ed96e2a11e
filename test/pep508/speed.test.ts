import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Marker, parseRequirement } from "../../src/pep508/index.js";

const vectors = fileURLToPath(new URL("../../../vendor-tests/packaging.json", import.meta.url));

// Reports the figure; deliberately not a timed assertion (shared CI machines vary).
test("parsing the vectors' requirement and marker strings (figure in the diagnostics)", (t) => {
  const data = JSON.parse(readFileSync(vectors, "utf8")) as {
    requirement: { valid: { input: string }[]; invalid: { input: string }[] };
    marker: { parse: { input: string }[] };
  };
  const requirements = [...data.requirement.valid, ...data.requirement.invalid].map((r) => r.input);
  const markers = data.marker.parse.map((r) => r.input);
  const started = performance.now();
  let parsed = 0;
  for (const text of requirements) { try { parseRequirement(text); parsed++; } catch { /* counted below */ } }
  for (const text of markers) { try { Marker.parse(text); parsed++; } catch { /* counted below */ } }
  const ms = performance.now() - started;
  t.diagnostic(`${requirements.length + markers.length} strings in ${ms.toFixed(1)} ms (cold, first pass)`);
  assert.equal(parsed, data.requirement.valid.length + markers.length - 10);
});
