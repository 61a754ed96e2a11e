/**
 * The index-backed sources against the local index server: warm caches,
 * offline runs, servers without Range support, bad PEP 658 files, the
 * metadata-build fallback and the offline-first pass.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";
import { tempDir } from "../kit/repo.js";
import { createIndexSources, resolve, UnsatisfiableRequirements } from "../../src/resolver/lib.js";
import type { MetadataRequest, MetadataSource } from "../../src/resolver/sources.js";
import { servedProjects } from "./http-index.js";
import { DEFAULT_MARKERS, DEFAULT_TAGS } from "./scenario-env.js";

const work = tempDir("index-sources");
after(() => work.cleanup());
const environment = { markers: DEFAULT_MARKERS, tags: DEFAULT_TAGS };
let counter = 0;

async function serve(wheels: boolean): Promise<{ server: IndexServer; cacheDir: string }> {
  const dir = join(work.path, `case-${counter++}`);
  const release = (deps: string[]) => (wheels ? { requires_dist: deps, sdist: false, wheel_tags: ["py3-none-any"] } : { requires_dist: deps });
  const server = await startIndexServer({
    projects: servedProjects({
      app: { "1.0": release(["lib>=1"]), "2.0": release(["lib>=2", "extra-dep"]) },
      lib: { "1.0": release([]), "2.0": release([]) },
      "extra-dep": { "1.0": release([]) },
    }, join(dir, "files")),
  });
  after(() => server.close());
  return { server, cacheDir: join(dir, "cache") };
}

const pinsOf = (r: { pins: readonly { name: string; version: string }[] }) => r.pins.map((p) => `${p.name}==${p.version}`);

test("a warm cache resolves offline with zero requests, and online with page revalidations only", async () => {
  const { server, cacheDir } = await serve(true);
  const options = { environment, indexUrls: [server.simpleUrl], cacheDir };
  const cold = await resolve(["app"], options);
  assert.deepEqual(pinsOf(cold), ["app==2.0", "extra-dep==1.0", "lib==2.0"]);
  assert.ok(server.requests.some((r) => r.headers.range !== undefined), "some METADATA came through Range requests");
  assert.ok(server.requests.some((r) => r.path.endsWith(".metadata")), "some came from PEP 658 files");
  server.clearLog();
  assert.deepEqual(pinsOf(await resolve(["app"], { ...options, offline: true })), pinsOf(cold));
  assert.equal(server.requests.length, 0);
  assert.deepEqual(pinsOf(await resolve(["app"], options)), pinsOf(cold));
  assert.ok(server.requests.length > 0 && server.requests.every((r) => r.path.startsWith("/simple/")), JSON.stringify(server.requests.map((r) => r.path)));
});

test("offline with a cold cache fails and names what is missing", async () => {
  const { server, cacheDir } = await serve(true);
  const sources = createIndexSources({ environment, indexUrls: [server.simpleUrl], cacheDir, offline: true });
  try {
    await assert.rejects(resolve(["app>=1"], { environment, ...sources }), UnsatisfiableRequirements);
    assert.deepEqual(sources.candidateSource.offlineMissing, ["app>=1"]);
    assert.equal(server.requests.length, 0);
  } finally {
    await sources.close();
  }
});

test("a server that ignores Range gets the wheel downloaded into the source index; the next run is offline-first", async () => {
  const { server, cacheDir } = await serve(true);
  server.setFault((r) => r.headers.range !== undefined, { kind: "status", status: 200, body: "not a range" });
  const sources = createIndexSources({ environment, indexUrls: [server.simpleUrl], cacheDir });
  try {
    const result = await resolve(["lib==2.0"], { environment, ...sources });
    assert.deepEqual(pinsOf(result), ["lib==2.0"]);
    assert.equal(sources.metadataSource.via.get(result.pins[0]!.file!.url), "download");
    assert.ok(existsSync(join(cacheDir, "sources-v1", "lib-2.0-py3-none-any.whl")));
  } finally {
    await sources.close();
  }
  server.clearLog();
  assert.deepEqual(pinsOf(await resolve(["lib>=2"], { environment, indexUrls: [server.simpleUrl], cacheDir })), ["lib==2.0"]);
  assert.deepEqual(server.requests.map((r) => r.path), [], "the source index satisfied lib>=2 without a connection");
});

test("a PEP 658 file with the wrong hash is not used: METADATA comes from the wheel instead", async () => {
  const { server, cacheDir } = await serve(true);
  server.setFault(".metadata", { kind: "wrong-hash", data: "Metadata-Version: 2.1\nName: lib\nVersion: 9\nRequires-Dist: nonexistent\n" });
  const result = await resolve(["app"], { environment, indexUrls: [server.simpleUrl], cacheDir });
  assert.deepEqual(pinsOf(result), ["app==2.0", "extra-dep==1.0", "lib==2.0"]);
});

test("sdists with static metadata need no build; the fallback is asked only when there is none", async () => {
  const { server, cacheDir } = await serve(false);
  const asked: MetadataRequest[] = [];
  const fallback: MetadataSource = { getMetadata: async (r) => (asked.push(r), { kind: "unavailable", reason: "no builder" }) };
  const sources = createIndexSources({ environment, indexUrls: [server.simpleUrl], cacheDir, fallbackMetadataSource: fallback });
  try {
    const result = await resolve(["app"], { environment, ...sources });
    assert.deepEqual(pinsOf(result), ["app==2.0", "extra-dep==1.0", "lib==2.0"]);
    assert.equal(asked.length, 0);
    assert.equal(sources.metadataSource.via.get(result.pins[0]!.file!.url), "sdist");
    const core = sources.metadataSource.coreMetadataFor(result.pins[0]!.file!.url);
    assert.deepEqual(core?.headers.filter(([k]) => k === "Requires-Dist").map(([, v]) => v), ["lib>=2", "extra-dep"]);
  } finally {
    await sources.close();
  }
  const bare = await startIndexServer({ projects: servedProjects({ nometa: { "1.0": { unavailable: "x" } } }, join(cacheDir, "..", "bare")) });
  after(() => bare.close());
  const sources2 = createIndexSources({ environment, indexUrls: [bare.simpleUrl], cacheDir, fallbackMetadataSource: fallback });
  try {
    await assert.rejects(resolve(["nometa"], { environment, ...sources2 }), /no builder/);
    assert.equal(asked.length, 1);
    assert.ok(asked[0]!.localPath && existsSync(asked[0]!.localPath), "the fallback gets the downloaded sdist");
  } finally {
    await sources2.close();
  }
});

test("two index-backed resolutions in one process, sharing a cache, do not interfere", async () => {
  const one = await serve(true);
  const two = await serve(false);
  const cacheDir = join(work.path, "shared-cache");
  // Lookups are offline-first, and the sdists the second resolution downloads land in the
  // shared source index (lib-2.0.tar.gz satisfies `lib>=1`). The first one therefore looks
  // every project up (`refresh`): with either timing it must pin its own index's wheels.
  const [a, b] = await Promise.all([
    resolve(["app<2"], { environment, indexUrls: [one.server.simpleUrl], cacheDir, refresh: true }),
    resolve(["app"], { environment, indexUrls: [two.server.simpleUrl], cacheDir }),
  ]);
  assert.deepEqual(pinsOf(a), ["app==1.0", "lib==2.0"]);
  assert.deepEqual(pinsOf(b), ["app==2.0", "extra-dep==1.0", "lib==2.0"]);
  assert.ok(a.pins.every((p) => p.file!.url.startsWith(one.server.url)) && b.pins.every((p) => p.file!.url.startsWith(two.server.url)));
});
