/**
 * Every resolver scenario (`scenarios/*.json`, also run in memory by
 * `scenarios.test.ts`), resolved over HTTP against the local index server
 * through the index-backed sources (`resolve()` with `indexUrls` and
 * `cacheDir`, no sources given). Each runs as declared (sdists with a
 * Metadata-Version 2.1 PKG-INFO plus `requires.txt`, or PKG-INFO 2.2 when
 * markers are involved) and, where the scenario does not name files, once
 * more with every sdist-only release served as a wheel (PEP 658 for half,
 * Range requests for the rest). Direct references are served from the
 * server's `/static/`; `"file:<name>"` hashes become the served file's sha256.
 *
 * Asserts the pins, files, extras, error codes and the explanation snapshot,
 * and from the request log: files (metadata, ranges, downloads) are fetched
 * only for candidates the resolver tried, and project pages only for
 * projects the resolution reached.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startIndexServer, type FileEntry, type IndexServer } from "../kit/index-server.js";
import { tempDir } from "../kit/repo.js";
import { resolve, UnsatisfiableRequirements, type RequirementLike, type ResolveResult } from "../../src/resolver/lib.js";
import type { MemoryIndex, MemoryRelease } from "../../src/resolver/memory-source.js";
import { canonicalizeName } from "../../src/pep508/index.js";
import { isAccelError } from "../../src/report/errors.js";
import { sdistFiles, servedProjects } from "./http-index.js";
import { DEFAULT_MARKERS, DEFAULT_TAGS } from "./scenario-env.js";

const DIR = join(fileURLToPath(new URL(".", import.meta.url)), "../../../test/resolver/scenarios");
const EXAMPLE = "https://example.org/";

interface Scenario {
  index: MemoryIndex;
  requested: (string | { text: string; hashes?: string[] })[];
  options?: Record<string, unknown>;
  environment?: { markers?: Record<string, string>; tags?: string[] };
  urls?: Record<string, { name: string; version: string; release?: MemoryRelease }>;
  expected: {
    pins?: Record<string, string>; files?: Record<string, string>; extras?: Record<string, string[]>;
    unsatisfiable?: boolean; explanation?: string; error?: string; metadataFetched?: string[]; warnings?: string[];
  };
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

/** Scenarios that name files, hashes or format options keep their declared files only. */
function declaredOnly(scenario: Scenario): boolean {
  const o = scenario.options ?? {};
  return scenario.expected.files !== undefined || JSON.stringify(scenario.requested).includes("file:")
    || "noBinary" in o || "onlyBinary" in o || "preferBinary" in o;
}

function sha256Of(projects: Record<string, FileEntry[]>, filename: string): string {
  const entry = Object.values(projects).flat().find((f) => f.filename === filename);
  assert.ok(entry?.path, `no served file ${filename}`);
  return createHash("sha256").update(readFileSync(entry.path)).digest("hex");
}

function localUrls(text: string, server: IndexServer): string {
  return text.split(EXAMPLE).join(`${server.url}/static/`);
}

function requestsOf(scenario: Scenario, projects: Record<string, FileEntry[]>, server: IndexServer): RequirementLike[] {
  return scenario.requested.map((r) => {
    if (typeof r === "string") return localUrls(r, server);
    const hashes = (r.hashes ?? []).map((h) => (h.startsWith("file:") ? `sha256:${sha256Of(projects, h.slice(5))}` : h));
    return { text: localUrls(r.text, server), hashes };
  });
}

const nameOf = (text: string) => canonicalizeName(text.trim().split(/[\s[<>=!~;@(]/)[0]!);

/** Projects named by the request or by the dependencies of a candidate whose metadata was read (or of an installed one). */
function namedProjects(scenario: Scenario, result: ResolveResult): Set<string> {
  const named = new Set(scenario.requested.map((r) => nameOf(typeof r === "string" ? r : r.text)));
  const installed = (scenario.options?.["installed"] ?? []) as { requiresDist: string[] }[];
  for (const dist of installed) for (const dep of dist.requiresDist) named.add(nameOf(dep));
  for (const fetched of result.stats.metadataFetched) {
    const [name, version] = fetched.split(" ") as [string, string];
    const release = Object.entries(scenario.index).find(([n]) => canonicalizeName(n) === name)?.[1][version];
    for (const dep of release?.requires_dist ?? []) named.add(nameOf(dep));
  }
  return named;
}

function checkFailure(scenario: Scenario, error: unknown, server: IndexServer): void {
  const expected = scenario.expected;
  if (expected.error !== undefined && isAccelError(error)) {
    assert.equal(error.code, expected.error, error.message);
    return;
  }
  assert.ok(expected.unsatisfiable, `unexpected failure: ${String(error)}`);
  assert.ok(error instanceof UnsatisfiableRequirements, String(error));
  assert.equal(error.explanation, localUrls(expected.explanation!, server));
}

function checkResult(scenario: Scenario, result: ResolveResult, server: IndexServer): void {
  const expected = scenario.expected;
  assert.ok(!expected.unsatisfiable && expected.error === undefined, "expected a failure");
  assert.deepEqual(Object.fromEntries(result.pins.map((p) => [p.name, p.version])), expected.pins);
  for (const [name, filename] of Object.entries(expected.files ?? {})) {
    assert.equal(result.pins.find((p) => p.name === name)?.file?.filename ?? null, filename || null, name);
  }
  for (const [name, extras] of Object.entries(expected.extras ?? {})) assert.deepEqual(result.pins.find((p) => p.name === name)?.extras, extras);
  if (expected.metadataFetched) {
    assert.deepEqual(result.stats.metadataFetched.map((m) => m.split(" ").slice(0, 2).join(" ")).sort(), [...expected.metadataFetched].sort());
  }
  if (expected.warnings) assert.deepEqual(result.warnings, expected.warnings);
  const tried = new Set(result.stats.metadataFetched.map((m) => m.split(" ")[2]));
  const fetched = server.requests.filter((r) => !r.path.includes("/simple/")).map((r) => decodeURIComponent(r.path.split("/").pop()!).replace(/\.metadata$/, ""));
  for (const file of fetched) assert.ok(tried.has(file), `${file} was fetched but never tried`);
  const named = namedProjects(scenario, result);
  for (const page of server.requests.filter((r) => /^\/simple\/[^/]+\/$/.test(r.path))) {
    const project = page.path.split("/")[2]!;
    assert.ok(named.has(project), `${project}'s page was read, but no requirement the resolution met names it`);
  }
  assert.deepEqual(JSON.parse(JSON.stringify(result)), result, "the result is plain JSON data");
}

const work = tempDir("http-scenarios");
after(() => work.cleanup());

for (const file of readdirSync(DIR).filter((f) => f.endsWith(".json")).sort()) {
  const name = file.replace(/\.json$/, "");
  const scenario = JSON.parse(readFileSync(join(DIR, file), "utf8")) as Scenario;
  for (const mode of ["declared", "wheels"] as const) {
    if (mode === "wheels" && declaredOnly(scenario)) continue;
    test(`${name} over HTTP (${mode})`, async () => {
      const dir = join(work.path, `${name}-${mode}`);
      for (const [url, u] of Object.entries(scenario.urls ?? {})) {
        const built = sdistFiles(u.name, u.version, u.release ?? {}, join(dir, "static"));
        assert.equal(built.filename, url.slice(EXAMPLE.length), "a direct reference is served under its own name");
      }
      const server = await startIndexServer({ staticRoot: join(dir, "static") });
      try {
        // Artifacts are built once the server's URL is known: dependencies may be direct references to it.
        const index = JSON.parse(localUrls(JSON.stringify(scenario.index), server)) as MemoryIndex;
        const projects = servedProjects(mode === "wheels" ? asWheels(index) : index, join(dir, "files"));
        for (const [project, entries] of Object.entries(projects)) for (const entry of entries) server.addFile(project, entry);
        const outcome = await resolve(requestsOf(scenario, projects, server), {
          ...scenario.options,
          environment: { markers: { ...DEFAULT_MARKERS, ...scenario.environment?.markers }, tags: scenario.environment?.tags ?? DEFAULT_TAGS },
          indexUrls: [server.simpleUrl], cacheDir: join(dir, "cache"), index: { http: { retries: 0 } },
        }).then((ok) => ({ ok }), (error: unknown) => ({ error }));
        if ("error" in outcome) checkFailure(scenario, outcome.error, server);
        else checkResult(scenario, outcome.ok, server);
      } finally {
        await server.close();
      }
    });
  }
}
