/**
 * The sdist most real projects ship today, resolved over HTTP without a
 * build: Metadata-Version 2.1 PKG-INFO with no Requires-Dist, the
 * dependencies only in `*.egg-info/requires.txt` with `[extra]`,
 * `[:marker]` and `[extra:marker]` sections. Also: two index-backed
 * resolutions in one process do not interfere.
 */
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeSdistFromFiles } from "../kit/artifacts.js";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";
import { tempDir } from "../kit/repo.js";
import { createIndexSources, resolve } from "../../src/resolver/lib.js";
import type { MetadataSource } from "../../src/resolver/sources.js";
import { servedProjects } from "./http-index.js";
import { DEFAULT_MARKERS, DEFAULT_TAGS } from "./scenario-env.js";

const REQUIRES_TXT = [
  "base>=1", "",
  '[:python_version < "3.10"]', "old-backport", "",
  '[:sys_platform == "linux"]', "linux-only", "",
  "[socks]", "pysocks", "",
  '[socks:sys_platform == "win32"]', "win-socks", "",
].join("\n");

const work = tempDir("setuptools-sdist");
let server: IndexServer;
const noBuild: MetadataSource = { getMetadata: (r) => Promise.reject(new Error(`a metadata build was asked for ${r.filename}`)) };

before(async () => {
  const files = join(work.path, "files");
  const app = makeSdistFromFiles({
    name: "app", version: "1.0",
    pkgInfo: { metadataVersion: "2.1", providesExtra: ["socks"] },
    eggInfo: { "requires.txt": REQUIRES_TXT, "SOURCES.txt": "setup.py\n" },
    files: { "setup.py": "from setuptools import setup\nsetup(name='app', install_requires=['base>=1'])\n" },
  }, files);
  const leaves = servedProjects({
    base: { "1.0": {}, "2.0": {} }, "old-backport": { "1.0": {} }, "linux-only": { "1.0": {} },
    pysocks: { "1.7": {} }, "win-socks": { "1.0": {} },
  }, files);
  server = await startIndexServer({ projects: { app: [{ filename: app.filename, path: app.path }], ...leaves } });
});
after(async () => {
  await server.close();
  work.cleanup();
});

const pinsOf = (r: { pins: readonly { name: string; version: string }[] }) => r.pins.map((p) => `${p.name}==${p.version}`);

test("requires.txt sections become markers: extras and the target's markers pick the dependencies", async () => {
  const sources = createIndexSources({ environment: { markers: DEFAULT_MARKERS, tags: DEFAULT_TAGS }, indexUrls: [server.simpleUrl], cacheDir: join(work.path, "c1"), fallbackMetadataSource: noBuild });
  try {
    const result = await resolve(["app[socks]"], { environment: { markers: DEFAULT_MARKERS, tags: DEFAULT_TAGS }, ...sources });
    assert.deepEqual(pinsOf(result), ["app==1.0", "base==2.0", "linux-only==1.0", "pysocks==1.7"]);
    const app = result.pins.find((p) => p.name === "app")!;
    assert.equal(sources.metadataSource.via.get(app.file!.url), "sdist", "read from the sdist, not built");
    const core = sources.metadataSource.coreMetadataFor(app.file!.url)!;
    const requiresDist = core.headers.filter(([k]) => k === "Requires-Dist").map(([, v]) => v);
    // pip's conversion (metadata/importlib/_dists.py `_iter_egg_info_dependencies`), spacing and parentheses included.
    assert.deepEqual(requiresDist, [
      "base>=1", 'old-backport ; python_version < "3.10"', 'linux-only ; sys_platform == "linux"',
      'pysocks ; extra == "socks"', 'win-socks ; (sys_platform == "win32") and extra == "socks"',
    ]);
  } finally {
    await sources.close();
  }
});

test("another target (Python 3.9 on Windows) takes the other sections, without the extra none of them", async () => {
  const markers = { ...DEFAULT_MARKERS, python_version: "3.9", python_full_version: "3.9.18", sys_platform: "win32", os_name: "nt", platform_system: "Windows" };
  const options = { environment: { markers, tags: ["py3-none-any"] }, indexUrls: [server.simpleUrl], cacheDir: join(work.path, "c2"), fallbackMetadataSource: noBuild };
  assert.deepEqual(pinsOf(await resolve(["app[socks]"], options)), ["app==1.0", "base==2.0", "old-backport==1.0", "pysocks==1.7", "win-socks==1.0"]);
  assert.deepEqual(pinsOf(await resolve(["app"], options)), ["app==1.0", "base==2.0", "old-backport==1.0"]);
});

test("two index-backed resolutions in one process, sharing a cache, do not interfere", async () => {
  const cacheDir = join(work.path, "shared");
  const linux = { environment: { markers: DEFAULT_MARKERS, tags: DEFAULT_TAGS }, indexUrls: [server.simpleUrl], cacheDir };
  const windows = { ...linux, environment: { markers: { ...DEFAULT_MARKERS, sys_platform: "win32" }, tags: DEFAULT_TAGS } };
  // Lookups are offline-first: a file another resolution has just put in the shared
  // source index satisfies `base>=1` without the index being asked (docs/index.md).
  // So the Linux resolution looks every project up (`refresh`), and must still get the
  // newest base while the Windows one, constrained below 2, downloads base 1.0 beside it.
  const [a, b, c] = await Promise.all([
    resolve(["app[socks]"], { ...linux, refresh: true }),
    resolve(["app[socks]"], { ...windows, constraints: ["base<2"] }),
    resolve(["base"], { ...linux, offline: true }).then(pinsOf, (e: Error) => e.constructor.name),
  ]);
  assert.deepEqual(pinsOf(a), ["app==1.0", "base==2.0", "linux-only==1.0", "pysocks==1.7"]);
  assert.deepEqual(pinsOf(b), ["app==1.0", "base==1.0", "pysocks==1.7", "win-socks==1.0"]);
  assert.ok(Array.isArray(c) ? c.length === 1 : c === "UnsatisfiableRequirements", String(c));
  // Afterwards the shared cache serves both offline, each with its own answer.
  assert.deepEqual(pinsOf(await resolve(["app[socks]"], { ...windows, offline: true })), ["app==1.0", "base==2.0", "pysocks==1.7", "win-socks==1.0"]);
});
