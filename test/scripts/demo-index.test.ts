/**
 * The demo index (scripts/demo-index.ts) builds from `demo/` and serves what
 * `demo/requirements.txt` needs: resolved over HTTP with the resolver library
 * for Linux / CPython 3.11, the pins are the ten expected projects, with the
 * `sys_platform == "linux"` dependency in and the `python_version < "3.8"` and
 * `[win]`-on-win32 ones out. The sdists are cached under `.cache/demo/`, so
 * only the first run pays for `setup.py sdist`. No timing assertions.
 */
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { list } from "tar";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";
import { pythonAvailable, repoRoot, tempDir } from "../kit/repo.js";
import { resolve } from "../../src/resolver/lib.js";
import { buildDemoIndex, demoProjects, sdistProject, type DemoIndex } from "../../scripts/demo-index.js";
import { DEFAULT_MARKERS, DEFAULT_TAGS } from "../resolver/scenario-env.js";

const skip = !pythonAvailable() && "python3 not found";
const work = tempDir("demo-index");
let index: DemoIndex;
let server: IndexServer;

before(async () => {
  if (skip) return;
  index = await buildDemoIndex();
  server = await startIndexServer({ projects: index.projects });
});
after(async () => {
  await server?.close();
  work.cleanup();
});

test("sdistProject takes the project name from an sdist filename", () => {
  const table: Array<[string, string]> = [
    ["demo-geo-1.2.0.tar.gz", "demo-geo"],
    ["demo-dataclasses-backport-0.8.tar.gz", "demo-dataclasses-backport"],
    ["demo_http_lite-1.1.4.zip", "demo_http_lite"],
  ];
  for (const [filename, name] of table) assert.equal(sdistProject(filename), name);
  assert.throws(() => sdistProject("demo_geo-1.2.0-py3-none-any.whl"), /not an sdist/);
});

test("demo/ holds a realistic small set of setuptools projects", () => {
  const names = demoProjects().map((p) => p.split("/").pop());
  assert.ok(names.length >= 8 && names.length <= 12, `${names.length} projects`);
  assert.ok(names.includes("demo-geo") && names.includes("demo-weather"));
});

test("every demo project is served as one sdist, plus setuptools as a wheel", { skip }, async () => {
  assert.equal(index.sdists.length, demoProjects().length);
  assert.deepEqual(Object.keys(index.projects).sort(), [...demoProjects().map((p) => p.split("/").pop()!), "setuptools"].sort());
  assert.match(index.projects["setuptools"]![0]!.filename, /^setuptools-.+-py3-none-any\.whl$/);
  for (const sdist of index.sdists) assert.match(sdist.filename, /\.tar\.gz$/);
  const page = await fetch(`${server.simpleUrl}demo-geo/`).then((r) => r.text());
  assert.match(page, /demo[-_]geo-1\.2\.0\.tar\.gz#sha256=[0-9a-f]{64}/);
});

test("the C extension's source and setup.py are in its sdist", { skip }, async () => {
  const geo = index.sdists.find((s) => /^demo[-_]geo-/.test(s.filename))!;
  const members: string[] = [];
  await list({ file: geo.path, onReadEntry: (entry) => void members.push(entry.path) });
  for (const wanted of ["demo_geo/_native.c", "setup.py", "pyproject.toml", "PKG-INFO"]) {
    assert.ok(members.some((m) => m.endsWith(`/${wanted}`)), `${wanted} in ${members.join(", ")}`);
  }
});

test("demo/requirements.txt resolves from the served index, markers applied", { skip }, async () => {
  const lines = readFileSync(index.requirementsFile, "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const result = await resolve(lines, {
    environment: { markers: DEFAULT_MARKERS, tags: DEFAULT_TAGS },
    indexUrls: [server.simpleUrl], cacheDir: join(work.path, "cache"), index: { http: { retries: 0 } },
  });
  const pins = Object.fromEntries(result.pins.map((p) => [p.name, p.version]));
  assert.deepEqual(pins, {
    "demo-admin": "0.5.0", "demo-cache": "3.0.0", "demo-colors": "1.4.0", "demo-geo": "1.2.0", "demo-http-lite": "1.1.4",
    "demo-inotify": "0.2.0", "demo-tabulate": "0.1.2", "demo-units": "0.9.3", "demo-urltools": "0.4.0", "demo-weather": "2.0.1",
  });
  for (const pin of result.pins) assert.match(pin.file?.filename ?? "", /\.tar\.gz$/, `${pin.name} comes from its sdist`);
});

test("the sdists are reused from the cache on the next build", { skip }, async () => {
  const again = await buildDemoIndex();
  assert.equal(again.built, 0);
  assert.deepEqual(again.sdists.map((s) => s.sha256), index.sdists.map((s) => s.sha256));
  assert.ok(again.sdists.every((s) => s.path.startsWith(join(repoRoot(), ".cache", "demo"))));
});
