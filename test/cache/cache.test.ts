import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache, downloadCacheDir, isTempName, resolveCacheRoot, tempPathFor, writeFileAtomic } from "../../src/cache/cache.js";

test("cache root precedence: --cache-dir, $PIP_ACCEL_CACHE, root uid, ~/.pip-accel", () => {
  const cases: [Parameters<typeof resolveCacheRoot>[0], string][] = [
    [{ cacheDir: "/flag", env: { PIP_ACCEL_CACHE: "/env" }, uid: 0, home: "/h" }, "/flag"],
    [{ env: { PIP_ACCEL_CACHE: "/env" }, uid: 0, home: "/h" }, "/env"],
    [{ env: { PIP_ACCEL_CACHE: "" }, uid: 0, home: "/h" }, "/var/cache/pip-accel"],
    [{ env: {}, uid: 1000, home: "/h" }, "/h/.pip-accel"],
    [{ env: { PIP_ACCEL_CACHE: "~/c" }, uid: 1000, home: "/h" }, "/h/c"],
    [{ env: { PIP_ACCEL_CACHE: "$BASE/x", BASE: "/b" }, uid: 1000, home: "/h" }, "/b/x"],
    [{ cacheDir: "${BASE}/y", env: { BASE: "/b" }, uid: 1000, home: "/h" }, "/b/y"],
  ];
  for (const [options, want] of cases) assert.equal(resolveCacheRoot(options), want, JSON.stringify(options));
});

test("PIP_DOWNLOAD_CACHE is an optional extra source", () => {
  assert.equal(downloadCacheDir({}, "/h"), null);
  assert.equal(downloadCacheDir({ PIP_DOWNLOAD_CACHE: "~/dl" }, "/h"), "/h/dl");
});

test("buckets carry a version in their name", async () => {
  const cache = new Cache(mkdtempSync(join(tmpdir(), "pa-cache-")));
  assert.match(cache.bucket("sources"), /sources-v1$/);
  assert.match(cache.bucket("http"), /http-v1$/);
  const made = await cache.ensureBucket("sources");
  assert.ok(readdirSync(cache.root).includes("sources-v1"), made);
});

test("atomic writes leave the target complete and no temp files", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pa-atomic-"));
  const target = join(dir, "sub", "page.html");
  await writeFileAtomic(target, "one");
  await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(target, `content ${i}`.repeat(1000))));
  assert.match(readFileSync(target, "utf8"), /^(content \d+)+$/);
  assert.deepEqual(readdirSync(join(dir, "sub")), ["page.html"]);
});

test("temp names sit next to the target and are recognised", () => {
  const temp = tempPathFor("/a/b/file.tar.gz");
  assert.ok(temp.startsWith("/a/b/.file.tar.gz.tmp-"));
  assert.ok(isTempName(temp.split("/").pop()!));
  assert.ok(!isTempName("file.tar.gz"));
});
