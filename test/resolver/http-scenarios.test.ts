/**
 * A representative subset of the resolver scenarios, resolved over HTTP
 * against the local index server through the index-backed sources
 * (`resolve()` with `indexUrls` and `cacheDir`, no sources given). Each runs
 * twice: as declared (sdists with requires.txt or PKG-INFO 2.2), and with
 * every sdist-only release served as a wheel (PEP 658 for half, Range
 * requests for the rest). Asserts the pins, and that files were fetched
 * (metadata, ranges, downloads) only for the candidates the resolver tried.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startIndexServer } from "../kit/index-server.js";
import { tempDir } from "../kit/repo.js";
import { resolve, UnsatisfiableRequirements } from "../../src/resolver/lib.js";
import type { MemoryIndex, MemoryRelease } from "../../src/resolver/memory-source.js";
import { servedProjects } from "./http-index.js";
import { DEFAULT_MARKERS, DEFAULT_TAGS } from "./scenario-env.js";

const DIR = join(fileURLToPath(new URL(".", import.meta.url)), "../../../test/resolver/scenarios");
const SUBSET = [
  "basic-highest-version", "backtracking-hard", "unsatisfiable-conflict", "unsatisfiable-no-matching-version",
  "extras-basic", "markers-environment-and-extra", "requires-python-from-link", "requires-python-from-metadata",
  "yanked-skipped", "yanked-allowed-for-pin", "metadata-laziness", "metadata-unavailable", "constraints-limit-versions",
  "prefer-binary", "binary-default-order",
];

interface Scenario {
  index: MemoryIndex;
  requested: string[];
  options?: Record<string, unknown>;
  environment?: { markers?: Record<string, string>; tags?: string[] };
  expected: { pins?: Record<string, string>; unsatisfiable?: boolean; explanation?: string; metadataFetched?: string[] };
}

function asWheels(index: MemoryIndex): MemoryIndex {
  const out: Record<string, Record<string, MemoryRelease>> = {};
  for (const [name, releases] of Object.entries(index)) {
    out[name] = {};
    for (const [version, r] of Object.entries(releases)) {
      out[name]![version] = r.unavailable !== undefined || r.wheel_tags ? r : { ...r, sdist: false, wheel_tags: ["py3-none-any"] };
    }
  }
  return out;
}

const work = tempDir("http-scenarios");
after(() => work.cleanup());

for (const name of SUBSET) {
  const scenario = JSON.parse(readFileSync(join(DIR, `${name}.json`), "utf8")) as Scenario;
  for (const mode of ["declared", "wheels"] as const) {
    if (mode === "wheels" && /binary/.test(name)) continue;
    test(`${name} over HTTP (${mode})`, async () => {
      const dir = join(work.path, `${name}-${mode}`);
      const server = await startIndexServer({ projects: servedProjects(mode === "wheels" ? asWheels(scenario.index) : scenario.index, join(dir, "files")) });
      try {
        const outcome = await resolve(scenario.requested, {
          ...scenario.options,
          environment: { markers: { ...DEFAULT_MARKERS, ...scenario.environment?.markers }, tags: scenario.environment?.tags ?? DEFAULT_TAGS },
          indexUrls: [server.simpleUrl], cacheDir: join(dir, "cache"), index: { http: { retries: 0 } },
        }).then((ok) => ({ ok }), (error: unknown) => ({ error }));
        if ("error" in outcome) {
          assert.ok(scenario.expected.unsatisfiable, `unexpected failure: ${String(outcome.error)}`);
          assert.ok(outcome.error instanceof UnsatisfiableRequirements);
          if (mode === "declared") assert.equal(outcome.error.explanation, scenario.expected.explanation);
          return;
        }
        assert.ok(!scenario.expected.unsatisfiable, "expected a failure");
        assert.deepEqual(Object.fromEntries(outcome.ok.pins.map((p) => [p.name, p.version])), scenario.expected.pins);
        if (scenario.expected.metadataFetched) {
          assert.deepEqual(outcome.ok.stats.metadataFetched.map((m) => m.split(" ").slice(0, 2).join(" ")).sort(), [...scenario.expected.metadataFetched].sort());
        }
        const tried = new Set(outcome.ok.stats.metadataFetched.map((m) => m.split(" ")[2]));
        const fetched = server.requests.filter((r) => !r.path.includes("/simple/")).map((r) => decodeURIComponent(r.path.split("/").pop()!).replace(/\.metadata$/, ""));
        for (const file of fetched) assert.ok(tried.has(file), `${file} was fetched but never tried`);
      } finally {
        await server.close();
      }
    });
  }
}
