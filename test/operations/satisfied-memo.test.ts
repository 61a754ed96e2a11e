/**
 * The remembered "already satisfied" verdict (operations/satisfied-memo.ts)
 * and the site stamp it is keyed on (installer/environment.ts `siteStamp`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { siteStamp } from "../../src/installer/environment.js";
import { MEMO_KEEP, SATISFIED_BUCKET, SatisfiedMemo, type SatisfiedQuestion } from "../../src/operations/satisfied-memo.js";
import { tempDir } from "../kit/repo.js";

function site(root: string): string {
  const dir = join(root, "site");
  for (const [name, version] of [["alpha", "1.0"], ["beta", "2.0"]]) {
    mkdirSync(join(dir, `${name}-${version}.dist-info`), { recursive: true });
    writeFileSync(join(dir, `${name}-${version}.dist-info`, "METADATA"), `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`);
  }
  mkdirSync(join(dir, "alpha"));
  return dir;
}

test("siteStamp changes with every install, removal or METADATA rewrite, and not otherwise", (t) => {
  const dir = tempDir("stamp");
  t.after(dir.cleanup);
  const s = site(dir.path);
  const first = siteStamp([s]);
  assert.equal(typeof first, "string");
  assert.equal(siteStamp([s]), first, "nothing changed");
  writeFileSync(join(s, "alpha", "module.py"), "x = 1\n");
  assert.equal(siteStamp([s]), first, "a package's own files are not part of it");
  writeFileSync(join(s, "beta-2.0.dist-info", "METADATA"), "Metadata-Version: 2.1\nName: beta\nVersion: 2.0\nRequires-Dist: gamma\n");
  const rewritten = siteStamp([s]);
  assert.notEqual(rewritten, first, "a rewritten METADATA");
  renameSync(join(s, "beta-2.0.dist-info"), join(s, "beta-2.1.dist-info"));
  assert.notEqual(siteStamp([s]), rewritten, "another version's directory");
  rmSync(join(s, "beta-2.1.dist-info"), { recursive: true });
  const removed = siteStamp([s]);
  assert.notEqual(removed, rewritten);
  assert.notEqual(siteStamp([s, join(dir.path, "missing")]), removed, "the site directories themselves count");
  mkdirSync(join(s, "old-1.0.egg-info"));
  assert.equal(siteStamp([s]), null, "an .egg-info cannot be stamped");
});

test("a remembered verdict is recalled for the same question over an unchanged site only", async (t) => {
  const dir = tempDir("memo");
  t.after(dir.cleanup);
  const s = site(dir.path);
  const cache = join(dir.path, "cache");
  const question: SatisfiedQuestion = { requirements: ["alpha", "beta>=2"], markers: { python_version: "3.11" }, siteDirs: [s] };
  const verdict = { satisfied: [{ name: "alpha", version: "1.0" }, { name: "beta", version: "2.0" }] };
  assert.equal(new SatisfiedMemo(cache, question).recall(), null, "nothing remembered yet");
  await new SatisfiedMemo(cache, question).remember(verdict);
  assert.deepEqual(new SatisfiedMemo(cache, question).recall(), verdict);
  assert.equal(new SatisfiedMemo(cache, { ...question, requirements: ["alpha", "beta>=3"] }).recall(), null, "other requirements");
  assert.equal(new SatisfiedMemo(cache, { ...question, markers: { python_version: "3.12" } }).recall(), null, "another interpreter");
  // The stamp is taken when the memo is made, before the walk reads the site:
  // a change during the walk leaves a record that the next run does not trust.
  const during = new SatisfiedMemo(cache, question);
  writeFileSync(join(s, "alpha-1.0.dist-info", "METADATA"), "Metadata-Version: 2.1\nName: alpha\nVersion: 1.0\nRequires-Dist: delta\n");
  await during.remember(verdict);
  const next = new SatisfiedMemo(cache, question);
  assert.equal(next.recall(), null, "the site changed after the verdict's stamp");
  await next.remember(verdict);
  assert.deepEqual(new SatisfiedMemo(cache, question).recall(), verdict);
});

test("a cache that cannot be written costs only the memo", async (t) => {
  const dir = tempDir("memo-ro");
  t.after(dir.cleanup);
  const s = site(dir.path);
  const cache = join(dir.path, "cache-is-a-file");
  writeFileSync(cache, "");
  const memo = new SatisfiedMemo(cache, { requirements: ["alpha"], markers: {}, siteDirs: [s] });
  await memo.remember({ satisfied: [{ name: "alpha", version: "1.0" }] });
  assert.equal(memo.recall(), null);
});

test("the bucket keeps its newest MEMO_KEEP records: remembering one more removes the oldest", async (t) => {
  const dir = tempDir("memo-prune");
  t.after(dir.cleanup);
  const s = site(dir.path);
  const cache = join(dir.path, "cache");
  const bucket = join(cache, SATISFIED_BUCKET);
  mkdirSync(bucket, { recursive: true });
  const old = new Date(Date.now() - 86_400_000);
  for (let i = 0; i < MEMO_KEEP + 5; i++) {
    writeFileSync(join(bucket, `stale-${i}.json`), "{}");
    utimesSync(join(bucket, `stale-${i}.json`), old, new Date(old.getTime() + i * 1000));
  }
  const question: SatisfiedQuestion = { requirements: ["alpha"], markers: {}, siteDirs: [s] };
  const verdict = { satisfied: [{ name: "alpha", version: "1.0" }] };
  await new SatisfiedMemo(cache, question).remember(verdict);
  const left = readdirSync(bucket);
  assert.equal(left.length, MEMO_KEEP);
  assert.deepEqual(new SatisfiedMemo(cache, question).recall(), verdict, "the new record stays");
  for (let i = 0; i <= 5; i++) assert.ok(!left.includes(`stale-${i}.json`), `the oldest (stale-${i}) went`);
  assert.ok(left.includes(`stale-${MEMO_KEEP + 4}.json`));
});
