import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../src/cache/cache.js";
import { parseHtmlDocument } from "../../src/index/html-page.js";
import { parseJsonPage } from "../../src/index/simple-api.js";
import { SourceIndex, downloadCacheFilename } from "../../src/index/source-index.js";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

function setup() {
  const cache = new Cache(mkdtempSync(join(tmpdir(), "pa-src-")));
  mkdirSync(cache.bucket("sources"), { recursive: true });
  return { cache, index: new SourceIndex(cache) };
}

test("adding archives writes a PEP 503 project page and root page, with hashes and attributes", async () => {
  const { cache, index } = setup();
  writeFileSync(index.pathFor("Demo_Pkg-1.0.tar.gz"), "one");
  writeFileSync(index.pathFor("demo_pkg-1.1-py3-none-any.whl"), "two");
  await index.add({ filename: "Demo_Pkg-1.0.tar.gz", sha256: sha("one"), requiresPython: ">=3.8", yanked: null });
  await index.add({ filename: "demo_pkg-1.1-py3-none-any.whl", sha256: sha("two"), requiresPython: null, yanked: "bad <build>" });
  const simple = join(cache.bucket("sources"), "simple");
  assert.deepEqual(readdirSync(simple).sort(), ["demo-pkg", "index.html"]);
  assert.match(readFileSync(join(simple, "index.html"), "utf8"), /<a href="demo-pkg\/">demo-pkg<\/a>/);
  const page = readFileSync(join(simple, "demo-pkg", "index.html"), "utf8");
  assert.match(page, /data-requires-python="&gt;=3.8"/);
  const links = parseHtmlDocument(page, "file:///x/sources-v1/simple/demo-pkg/");
  const expected = [
    ["Demo_Pkg-1.0.tar.gz", sha("one"), ">=3.8", null],
    ["demo_pkg-1.1-py3-none-any.whl", sha("two"), null, "bad <build>"],
  ];
  assert.deepEqual(links.map((l) => [l.filename, l.hashes.sha256, l.requiresPython, l.yanked]), expected);
  assert.equal(links[0]!.url, "file:///x/sources-v1/Demo_Pkg-1.0.tar.gz", "relative links resolve to the archives");
  // The PEP 691 JSON twin (what pip-accel reads) says the same.
  const json = parseJsonPage(readFileSync(join(simple, "demo-pkg", "index.json"), "utf8"), "file:///x/sources-v1/simple/demo-pkg/index.json");
  assert.deepEqual(json.map((l) => [l.filename, l.hashes.sha256, l.requiresPython, l.yanked]), expected);
  assert.equal(json[0]!.url, "file:///x/sources-v1/Demo_Pkg-1.0.tar.gz");
});

test("links() reads the page offline, hashes files added behind its back, and keeps attributes", async () => {
  const { index } = setup();
  writeFileSync(index.pathFor("demo-1.0.tar.gz"), "one");
  await index.add({ filename: "demo-1.0.tar.gz", sha256: sha("one"), requiresPython: "<4", yanked: null });
  writeFileSync(index.pathFor("demo-2.0.zip"), "copied in by hand");
  writeFileSync(index.pathFor("other-1.0.tar.gz"), "x");
  const links = await index.links("DEMO");
  assert.deepEqual(links.map((l) => [l.filename, l.hashes.sha256, l.requiresPython]), [
    ["demo-1.0.tar.gz", sha("one"), "<4"],
    ["demo-2.0.zip", sha("copied in by hand"), null],
  ]);
});

test("PIP_DOWNLOAD_CACHE is read (plain and URL-quoted names) but never written", async () => {
  const cache = new Cache(mkdtempSync(join(tmpdir(), "pa-src-")));
  const downloads = mkdtempSync(join(tmpdir(), "pa-dlcache-"));
  writeFileSync(join(downloads, "demo-0.9.tar.gz"), "a");
  writeFileSync(join(downloads, "https%3A%2F%2Ffiles.example%2Fp%2Fdemo-0.8.tar.gz"), "b");
  writeFileSync(join(downloads, "https%3A%2F%2Ffiles.example%2Fp%2Fdemo-0.8.tar.gz.content-type"), "application/x-tar");
  const index = new SourceIndex(cache, { downloadCache: downloads });
  const links = await index.links("demo");
  assert.deepEqual(links.map((l) => l.filename).sort(), ["demo-0.8.tar.gz", "demo-0.9.tar.gz"]);
  assert.equal(readdirSync(downloads).length, 3);
  assert.equal(downloadCacheFilename("plain.tar.gz"), "plain.tar.gz");
});

test("concurrent adds of one project keep every file on the page", async () => {
  const { index } = setup();
  const names = Array.from({ length: 8 }, (_, i) => `demo-1.${i}.tar.gz`);
  for (const name of names) writeFileSync(index.pathFor(name), name);
  await Promise.all(names.map((name) => index.add({ filename: name, sha256: sha(name), requiresPython: null, yanked: null })));
  assert.deepEqual((await index.links("demo")).map((l) => l.filename), names);
});

test("a cache written before the JSON pages existed is read from its HTML pages, and a damaged page is rebuilt", async () => {
  const { cache, index } = setup();
  writeFileSync(index.pathFor("demo-1.0.tar.gz"), "one");
  await index.add({ filename: "demo-1.0.tar.gz", sha256: sha("one"), requiresPython: "<4", yanked: null });
  const dir = join(cache.bucket("sources"), "simple", "demo");
  rmSync(join(dir, "index.json"));
  const fresh = new SourceIndex(cache);
  assert.deepEqual((await fresh.links("demo")).map((l) => [l.filename, l.requiresPython]), [["demo-1.0.tar.gz", "<4"]]);
  assert.match(readFileSync(join(dir, "index.json"), "utf8"), /"requires-python": "<4"/, "the JSON twin is written from the HTML page");
  writeFileSync(join(dir, "index.json"), "{ not json");
  assert.deepEqual((await index.links("demo")).map((l) => [l.filename, l.hashes.sha256]), [["demo-1.0.tar.gz", sha("one")]]);
  assert.doesNotThrow(() => JSON.parse(readFileSync(join(dir, "index.json"), "utf8")), "the damaged page was rewritten");
});
