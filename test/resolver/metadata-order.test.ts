/**
 * The order in which the index-backed metadata source answers, one project
 * per step, each resolved over HTTP with the request log checked:
 * PEP 658 file (no Range request, no download) → wheel METADATA by Range
 * requests (no download) → sdist PKG-INFO 2.2 → PKG-INFO 2.2 with Dynamic
 * Requires-Dist falls to `requires.txt` → static pyproject `[project]` →
 * the metadata-build fallback (only for the sdist that needs it) → the
 * per-project store on a warm cache (no request for files at all).
 */
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildWheel, makeSdistFromFiles } from "../kit/artifacts.js";
import { startIndexServer, type FileEntry, type IndexServer } from "../kit/index-server.js";
import { tempDir } from "../kit/repo.js";
import { createIndexSources, resolve } from "../../src/resolver/lib.js";
import type { MetadataRequest, MetadataSource } from "../../src/resolver/sources.js";
import { DEFAULT_MARKERS, DEFAULT_TAGS } from "./scenario-env.js";

const work = tempDir("metadata-order");
const environment = { markers: DEFAULT_MARKERS, tags: DEFAULT_TAGS };
let server: IndexServer;

before(async () => {
  const out = join(work.path, "files");
  const entry = (built: { filename: string; path: string }, extra: Partial<FileEntry> = {}): FileEntry => ({ filename: built.filename, path: built.path, ...extra });
  const pep658 = buildWheel({ name: "w-pep658", version: "1.0", metadata: { requiresDist: ["s-pkginfo"] } }, out);
  const ranged = buildWheel({ name: "w-range", version: "1.0", metadata: { requiresDist: ["s-dynamic"] } }, out);
  const sdist = (name: string, spec: Omit<Parameters<typeof makeSdistFromFiles>[0], "name" | "version">) => makeSdistFromFiles({ name, version: "1.0", ...spec }, out);
  server = await startIndexServer({
    projects: {
      "w-pep658": [entry(pep658, { metadata: pep658.metadata })],
      "w-range": [entry(ranged)],
      "s-pkginfo": [entry(sdist("s-pkginfo", { pkgInfo: { metadataVersion: "2.2", requiresDist: ["w-range"] }, files: { "setup.py": "" } }))],
      "s-dynamic": [entry(sdist("s-dynamic", {
        pkgInfo: { metadataVersion: "2.2", requiresDist: ["wrong-one"], headers: { Dynamic: "Requires-Dist" } },
        eggInfo: { "requires.txt": "s-pyproject\n" }, files: { "setup.py": "" },
      }))],
      "s-pyproject": [entry(sdist("s-pyproject", {
        pkgInfo: false, files: { "pyproject.toml": '[project]\nname = "s-pyproject"\nversion = "1.0"\ndependencies = ["s-build"]\n' },
      }))],
      "s-build": [entry(sdist("s-build", { pkgInfo: false, files: { "setup.py": "from setuptools import setup\nsetup()\n" } }))],
    },
  });
});
after(async () => {
  await server.close();
  work.cleanup();
});

test("each step answers in turn; the fallback only for the sdist that needs a build; a warm cache asks for no file", async () => {
  const asked: string[] = [];
  const fallback: MetadataSource = {
    async getMetadata(request: MetadataRequest) {
      asked.push(`${request.filename} ${request.localPath ? "with" : "without"} local path`);
      return { kind: "ok", requiresDist: [], requiresPython: null, providesExtra: [] };
    },
  };
  const cacheDir = join(work.path, "cache");
  const sources = createIndexSources({ environment, indexUrls: [server.simpleUrl], cacheDir, fallbackMetadataSource: fallback });
  let result;
  try {
    result = await resolve(["w-pep658"], { environment, ...sources });
    const via = Object.fromEntries(result.pins.map((p) => [p.name, sources.metadataSource.via.get(p.file!.url)]));
    assert.deepEqual(via, { "s-build": "fallback", "s-dynamic": "sdist", "s-pkginfo": "sdist", "s-pyproject": "sdist", "w-pep658": "pep658", "w-range": "range" });
  } finally {
    await sources.close();
  }
  assert.deepEqual(asked, ["s_build-1.0.tar.gz with local path"]);
  const wheels = server.requests.filter((r) => r.path.endsWith(".whl"));
  assert.ok(wheels.every((r) => r.path.endsWith("w_range-1.0-py3-none-any.whl") && r.headers.range !== undefined), "wheels: only Range requests, for the one without PEP 658");
  assert.ok(!server.requests.some((r) => r.path.includes("wrong-one")), "the dynamic Requires-Dist was not used");

  server.clearLog();
  const warm = createIndexSources({ environment, indexUrls: [server.simpleUrl], cacheDir, offline: true, fallbackMetadataSource: fallback });
  try {
    const again = await resolve(["w-pep658"], { environment, ...warm });
    assert.deepEqual(again.pins.map((p) => p.name), result.pins.map((p) => p.name));
    assert.equal(server.requests.length, 0);
    const via = new Set(again.pins.map((p) => warm.metadataSource.via.get(p.file!.url)));
    assert.ok(!via.has("range") && !via.has("pep658"), [...via].join(","));
  } finally {
    await warm.close();
  }
});
