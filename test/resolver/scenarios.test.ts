/**
 * Runs every `scenarios/*.json` through `resolve()` with an in-memory index.
 * A scenario: { description, index, requested, options?, environment?, urls?,
 * expected: { pins, files?, metadataFetched?, warnings? } | { unsatisfiable: true, explanation }
 * | { error: "code" } }. `"file:<filename>"` in hashes stands for that file's fake sha256.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { resolve, UnsatisfiableRequirements, type RequirementLike, type ResolveOptions } from "../../src/resolver/lib.js";
import { MemorySource, fakeHash, type MemoryIndex, type MemoryRelease } from "../../src/resolver/memory-source.js";
import { isAccelError } from "../../src/report/errors.js";

const DIR = join(fileURLToPath(new URL(".", import.meta.url)), "../../../test/resolver/scenarios");

import { DEFAULT_MARKERS, DEFAULT_TAGS } from "./scenario-env.js";

interface Scenario {
  description: string;
  index: MemoryIndex;
  requested: (string | { text: string; hashes?: string[] })[];
  options?: Omit<ResolveOptions, "environment" | "candidateSource" | "metadataSource">;
  environment?: { markers?: Record<string, string>; tags?: string[] };
  urls?: Record<string, { name: string; version: string; release?: MemoryRelease }>;
  expected: {
    pins?: Record<string, string>;
    files?: Record<string, string>;
    extras?: Record<string, string[]>;
    metadataFetched?: string[];
    warnings?: string[];
    unsatisfiable?: boolean;
    explanation?: string;
    error?: string;
  };
}

function expandHash(h: string): string {
  return h.startsWith("file:") ? `sha256:${fakeHash(h.slice(5))}` : h;
}

async function run(scenario: Scenario) {
  const source = new MemorySource(scenario.index);
  for (const [url, u] of Object.entries(scenario.urls ?? {})) source.addUrl(url.split("#")[0]!, u.name, u.version, u.release ?? {});
  const requested: RequirementLike[] = scenario.requested.map((r) => (typeof r === "string" ? r : { text: r.text, hashes: (r.hashes ?? []).map(expandHash) }));
  const options: ResolveOptions = {
    ...scenario.options,
    environment: { markers: { ...DEFAULT_MARKERS, ...scenario.environment?.markers }, tags: scenario.environment?.tags ?? DEFAULT_TAGS },
    candidateSource: source,
    metadataSource: source,
  };
  return { source, outcome: await resolve(requested, options).then((r) => ({ ok: r } as const), (e: unknown) => ({ error: e } as const)) };
}

for (const file of readdirSync(DIR).filter((f) => f.endsWith(".json")).sort()) {
  const scenario = JSON.parse(readFileSync(join(DIR, file), "utf8")) as Scenario;
  test(`${file.replace(/\.json$/, "")}: ${scenario.description}`, async () => {
    const { source, outcome } = await run(scenario);
    const expected = scenario.expected;
    if ("error" in outcome) {
      const error = outcome.error;
      if (expected.unsatisfiable) {
        assert.ok(error instanceof UnsatisfiableRequirements, `expected unsatisfiable, got ${String(error)}`);
        assert.equal(error.explanation, expected.explanation);
        return;
      }
      if (expected.error !== undefined && isAccelError(error)) {
        assert.equal(error.code, expected.error, error.message);
        return;
      }
      throw error;
    }
    const result = outcome.ok;
    assert.ok(!expected.unsatisfiable && expected.error === undefined, `expected a failure, got ${JSON.stringify(result.pins.map((p) => `${p.name}==${p.version}`))}`);
    assert.deepEqual(Object.fromEntries(result.pins.map((p) => [p.name, p.version])), expected.pins);
    if (expected.files) {
      for (const [name, filename] of Object.entries(expected.files)) assert.equal(result.pins.find((p) => p.name === name)?.file?.filename ?? null, filename || null, name);
    }
    if (expected.extras) {
      for (const [name, extras] of Object.entries(expected.extras)) assert.deepEqual(result.pins.find((p) => p.name === name)?.extras, extras);
    }
    if (expected.metadataFetched) assert.deepEqual([...source.metadataRequests].sort(), [...expected.metadataFetched].sort());
    if (expected.warnings) assert.deepEqual(result.warnings, expected.warnings);
    assert.deepEqual(JSON.parse(JSON.stringify(result)), result, "the result is plain JSON data");
  });
}
