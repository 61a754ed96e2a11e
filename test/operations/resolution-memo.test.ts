/**
 * The remembered resolution (operations/resolution-memo.ts): kept only for
 * a resolution made from the source index alone, recalled only for the same
 * question over an unchanged source index, and never where a download has
 * changed what the resolver would choose.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { install, type InstallSummary } from "../../src/lib.js";
import { MEMO_KEEP, plainJson, RESOLUTIONS_BUCKET, ResolutionMemo } from "../../src/operations/resolution-memo.js";
import type { ResolveResult } from "../../src/resolver/lib.js";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";
import { pythonAvailable, tempDir } from "../kit/repo.js";
import { buildWheelhouse, sandboxEnv } from "../e2e/env.js";

const result = (name: string, version: string): ResolveResult => ({
  pins: [{ name, version, extras: [], requested: true, source: "index", file: null, requiredHashes: [], reasons: [`requested: ${name}`] }],
  graph: [], warnings: [], stats: { rounds: 1, metadataFetched: [] },
});

test("plainJson keeps plain data and refuses what JSON would silently lose", () => {
  assert.equal(plainJson({ a: [1, "x", null, { b: true }] }), '{"a":[1,"x",null,{"b":true}]}');
  assert.equal(plainJson(Object.assign(Object.create(null) as object, { a: 1 })), '{"a":1}');
  assert.equal(plainJson({ m: new Map([["a", 1]]) }), null, "a Map");
  assert.equal(plainJson({ s: new Set([1]) }), null, "a Set");
  assert.equal(plainJson([new (class Version { v = 1; })()]), null, "a class instance");
  assert.equal(plainJson({ f: () => 1 }), null, "a function");
  assert.equal(ResolutionMemo.forQuestion("/nowhere", "/nowhere/sources-v1", "/nowhere/pins-v1", { hook: () => 1 }), null);
});

test("a resolution is recalled for the same question while the source index and its pages stay as they were", async (t) => {
  const dir = tempDir("resolution-memo");
  t.after(dir.cleanup);
  const cache = join(dir.path, "cache");
  const sources = join(cache, "sources-v1");
  mkdirSync(join(sources, "simple", "lib"), { recursive: true });
  const question = { requirements: ["lib>=1"], markers: { python_version: "3.11" } };
  const pins = join(cache, "pins-v1");
  mkdirSync(pins);
  const memo = (q: unknown = question): ResolutionMemo => ResolutionMemo.forQuestion(cache, sources, pins, q)!;

  assert.equal(memo().recall(), null, "nothing remembered yet");
  await memo().remember(result("lib", "1.0"));
  assert.deepEqual(memo().recall(), result("lib", "1.0"));
  assert.equal(memo({ ...question, markers: { python_version: "3.12" } }).recall(), null, "another question");

  writeFileSync(join(sources, "lib-2.0-py3-none-any.whl"), "");
  assert.equal(memo().recall(), null, "a file added to the source index");
  await memo().remember(result("lib", "2.0"));
  assert.deepEqual(memo().recall(), result("lib", "2.0"));

  writeFileSync(join(sources, "simple", "lib", "index.json.tmp"), "{}");
  renameSync(join(sources, "simple", "lib", "index.json.tmp"), join(sources, "simple", "lib", "index.json"));
  assert.equal(memo().recall(), null, "the pinned project's page rewritten");

  await memo().remember(result("lib", "2.0"));
  writeFileSync(join(pins, "lib.json.tmp"), "[]");
  renameSync(join(pins, "lib.json.tmp"), join(pins, "lib.json"));
  assert.equal(memo().recall(), null, "a pin record written");

  // Taken before the resolution: a download during it makes what is kept stale at once.
  const during = memo();
  writeFileSync(join(sources, "lib-3.0-py3-none-any.whl"), "");
  await during.remember(result("lib", "2.0"));
  assert.equal(memo().recall(), null, "the source index changed while resolving");

  const blocked = join(dir.path, "blocked");
  writeFileSync(blocked, "a file where the cache should be");
  await ResolutionMemo.forQuestion(blocked, sources, pins, question)!.remember(result("lib", "1.0")); // does not throw
  assert.equal(ResolutionMemo.forQuestion(blocked, sources, pins, question)!.recall(), null);
});

const skip = !pythonAvailable() && "python3 not found";
const dir = tempDir("resolution-memo-install");
let server: IndexServer;
after(async () => {
  await server?.close();
  dir.cleanup();
});
before(async () => {
  if (skip) return;
  buildWheelhouse(join(dir.path, "wheels"));
  server = await startIndexServer({ root: join(dir.path, "wheels") });
});

let targets = 0;
async function installInto(...requirements: string[]): Promise<{ summary: InstallSummary; lib: string | undefined }> {
  const summary = await install({
    requirements, indexUrls: [server.simpleUrl], cacheDir: join(dir.path, "cache"), python: "python3",
    target: join(dir.path, `target-${++targets}`), env: sandboxEnv(dir.path), cwd: dir.path,
  });
  return { summary, lib: summary.resolution?.pins.find((p) => p.name === "lib")?.version };
}
const records = (): string[] => {
  try {
    return readdirSync(join(dir.path, "cache", RESOLUTIONS_BUCKET));
  } catch {
    return [];
  }
};

test("the bucket keeps its newest MEMO_KEEP resolutions", async (t) => {
  const dir = tempDir("resolution-memo-prune");
  t.after(dir.cleanup);
  const cache = join(dir.path, "cache");
  const bucket = join(cache, RESOLUTIONS_BUCKET);
  mkdirSync(bucket, { recursive: true });
  const old = new Date(Date.now() - 86_400_000);
  for (let i = 0; i < MEMO_KEEP; i++) {
    writeFileSync(join(bucket, `stale-${i}.json`), "{}");
    utimesSync(join(bucket, `stale-${i}.json`), old, new Date(old.getTime() + i * 1000));
  }
  const memo = ResolutionMemo.forQuestion(cache, join(cache, "sources-v1"), join(cache, "pins-v1"), { requirements: ["lib"] })!;
  await memo.remember(result("lib", "1.0"));
  const left = readdirSync(bucket);
  assert.equal(left.length, MEMO_KEEP);
  assert.ok(!left.includes("stale-0.json"), "the oldest went");
  assert.deepEqual(memo.recall(), result("lib", "1.0"), "the new one stays");
});

test("install: the same question is answered from memory until a download changes the source index", { skip }, async () => {
  const pinned = await installInto("lib==1.0"); // lib 1.0 is now in the source index, 1.5 only on the index
  assert.equal(pinned.lib, "1.0");

  const local = await installInto("lib>=1.0");
  assert.equal(local.summary.fastPath, null);
  assert.equal(local.lib, "1.0", "the source index meets lib>=1.0: no page is read (as pip-accel 0.x)");
  assert.equal(records().length, 1);

  const again = await installInto("lib>=1.0");
  assert.equal(again.summary.fastPath, "remembered");
  assert.deepEqual(again.summary.resolution?.pins, local.summary.resolution?.pins);
  assert.deepEqual(again.summary.installed.map((i) => `${i.name}-${i.version}`), ["lib-1.0"], "and installed as before");

  await installInto("lib==1.5"); // downloads lib 1.5 into the source index
  const after15 = await installInto("lib>=1.0");
  assert.equal(after15.summary.fastPath, null, "the source index changed: the resolver runs again");
  assert.equal(after15.lib, "1.5", "and chooses the newer local file");
  assert.equal((await installInto("lib>=1.0")).lib, "1.5");
});

test("install: a resolution that read an index page is not remembered", { skip }, async () => {
  const before = records().length;
  const first = await installInto("app"); // app is not in the source index yet: its page is read
  assert.equal(first.summary.fastPath, null);
  assert.equal(records().length, before);
  const second = await installInto("app"); // now it is, with lib 1.5
  assert.equal(second.summary.fastPath, null);
  assert.equal(records().length, before + 1);
  assert.equal((await installInto("app")).summary.fastPath, "remembered");
});

test("install: the all-pinned cached resolution is remembered too, and not used once a pinned file left the store", { skip }, async () => {
  const cold = await installInto("app==1.0", "lib==1.0");
  assert.deepEqual(cold.summary.installed.map((i) => `${i.name}-${i.version}`), ["app-1.0", "lib-1.0"]);
  const cached = await installInto("app==1.0", "lib==1.0");
  assert.equal(cached.summary.fastPath, "cached");
  const remembered = await installInto("app==1.0", "lib==1.0");
  assert.equal(remembered.summary.fastPath, "remembered");
  assert.deepEqual(remembered.summary.resolution?.pins, cached.summary.resolution?.pins);

  const app = remembered.summary.resolution!.pins.find((p) => p.name === "app")!;
  const store = join(dir.path, "cache", "store-v1");
  const key = readdirSync(store).find((k) => readdirSync(join(store, k)).length > 0 && JSON.stringify(JSON.parse(readFileSync(join(store, k, "manifest.json"), "utf8"))).includes('"name":"app","version":"1.0"'));
  assert.ok(key !== undefined, `app 1.0 is in the store (${app.file?.filename})`);
  rmSync(join(store, key), { recursive: true });
  const after = await installInto("app==1.0", "lib==1.0");
  assert.notEqual(after.summary.fastPath, "remembered", "a pinned file is not in the store: resolved as without the memo");
  assert.deepEqual(after.summary.installed.map((i) => `${i.name}-${i.version}`), ["app-1.0", "lib-1.0"]);
});

test("install: no memo with --upgrade or with find-links", { skip }, async () => {
  const before = records().length;
  const upgraded = await install({
    requirements: ["lib>=1.0"], upgrade: true, indexUrls: [server.simpleUrl], cacheDir: join(dir.path, "cache"), python: "python3",
    target: join(dir.path, `target-${++targets}`), env: sandboxEnv(dir.path), cwd: dir.path,
  });
  assert.equal(upgraded.fastPath, null);
  const linked = await install({
    requirements: ["lib>=1.0"], findLinks: [join(dir.path, "wheels")], noIndex: true, cacheDir: join(dir.path, "cache"), python: "python3",
    target: join(dir.path, `target-${++targets}`), env: sandboxEnv(dir.path), cwd: dir.path,
  });
  assert.equal(linked.fastPath, null);
  assert.equal(records().length, before);
});
