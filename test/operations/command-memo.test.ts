/**
 * The remembered outcome of a command (operations/command-memo.ts): kept
 * only when every input is older than the run, recalled while every stamp
 * holds, and not after any change to an input.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathStamp, recallCommand, rememberCommand, type RememberedCommand } from "../../src/operations/command-memo.js";
import { tempDir } from "../kit/repo.js";

interface Fixture {
  root: string;
  memo: RememberedCommand<{ said: string }>;
  recall(): { said: string } | null;
  cleanup(): void;
}

/** A command whose inputs are a requirement file, a site directory with one METADATA and an absent config file; it started after they were written. */
async function fixture(): Promise<Fixture> {
  const dir = tempDir("command-memo");
  const root = dir.path;
  const site = join(root, "site");
  mkdirSync(join(site, "app-1.0.dist-info"), { recursive: true });
  writeFileSync(join(site, "app-1.0.dist-info", "METADATA"), "Metadata-Version: 2.1\nName: app\nVersion: 1.0\n");
  writeFileSync(join(root, "req.txt"), "app\n");
  await sleep(40); // the inputs are older than the run's start by more than a clock tick
  const memo: RememberedCommand<{ said: string }> = {
    root: join(root, "cache"), bucket: "test-v1", command: ["install", "-r", "req.txt"], startedAt: Date.now(),
    inputs: [join(root, "req.txt"), site, join(site, "app-1.0.dist-info", "METADATA"), join(root, "pip.conf")],
    outcome: { said: "nothing to do" },
  };
  return { root, memo, recall: () => recallCommand(memo), cleanup: () => dir.cleanup() };
}

test("a path's stamp changes when it is rewritten, created or retargeted", async () => {
  const dir = tempDir("command-stamp");
  try {
    const file = join(dir.path, "f");
    assert.equal(pathStamp(file), "-");
    writeFileSync(file, "a");
    const first = pathStamp(file);
    assert.match(first, /^\d+:1:[\d.]+:[\d.]+$/);
    await sleep(30);
    writeFileSync(file, "b"); // same size, later times
    assert.notEqual(pathStamp(file), first);
    const link = join(dir.path, "l");
    symlinkSync(file, link);
    const viaLink = pathStamp(link);
    assert.match(viaLink, />/, "a symlink's stamp holds its target's");
    writeFileSync(join(dir.path, "g"), "bb");
    rmSync(link);
    symlinkSync(join(dir.path, "g"), link);
    assert.notEqual(pathStamp(link), viaLink);
    assert.equal(pathStamp(join(file, "below")), "!ENOTDIR");
  } finally {
    dir.cleanup();
  }
});

test("a remembered outcome is recalled while every stamp holds, for the same command only", async () => {
  const f = await fixture();
  try {
    assert.equal(f.recall(), null, "nothing remembered yet");
    assert.equal(await rememberCommand(f.memo), true);
    assert.equal(readdirSync(join(f.root, "cache", "test-v1")).length, 1);
    assert.deepEqual(f.recall(), { said: "nothing to do" });
    assert.deepEqual(f.recall(), { said: "nothing to do" }, "recalling changes nothing");
    assert.equal(recallCommand({ ...f.memo, command: ["install", "-r", "other.txt"] }), null);
    assert.equal(recallCommand({ ...f.memo, bucket: "test-v2" }), null);
  } finally {
    f.cleanup();
  }
});

const CHANGES: Array<[string, (root: string) => void]> = [
  ["the requirement file rewritten with the same text", (root) => writeFileSync(join(root, "req.txt"), "app\n")],
  ["a distribution added to the site", (root) => mkdirSync(join(root, "site", "lib-1.0.dist-info"))],
  ["a distribution removed from the site", (root) => rmSync(join(root, "site", "app-1.0.dist-info"), { recursive: true })],
  ["a METADATA rewritten", (root) => writeFileSync(join(root, "site", "app-1.0.dist-info", "METADATA"), "Metadata-Version: 2.1\nName: app\nVersion: 2.0\n")],
  ["a METADATA replaced by a rename", (root) => {
    writeFileSync(join(root, "m"), "Metadata-Version: 2.1\nName: app\nVersion: 1.0\n");
    renameSync(join(root, "m"), join(root, "site", "app-1.0.dist-info", "METADATA"));
  }],
  ["a config file created where none was", (root) => writeFileSync(join(root, "pip.conf"), "[global]\npre = true\n")],
];

for (const [what, change] of CHANGES) {
  test(`a remembered outcome is not recalled after ${what}`, async () => {
    const f = await fixture();
    try {
      assert.equal(await rememberCommand(f.memo), true);
      assert.notEqual(f.recall(), null);
      change(f.root);
      assert.equal(f.recall(), null);
    } finally {
      f.cleanup();
    }
  });
}

test("nothing is kept when an input may have changed during the run or cannot be looked at", async () => {
  const f = await fixture();
  try {
    assert.equal(await rememberCommand({ ...f.memo, startedAt: Date.now() - 60_000 }), false, "inputs newer than the run's start");
    writeFileSync(join(f.root, "file"), "");
    assert.equal(await rememberCommand({ ...f.memo, startedAt: Date.now() + 60_000, inputs: [join(f.root, "file", "below")] }), false, "an input below a file");
    assert.equal(f.recall(), null);
    assert.throws(() => readdirSync(join(f.root, "cache", "test-v1")), /ENOENT/, "no record written");
  } finally {
    f.cleanup();
  }
});

test("a damaged record is ignored", async () => {
  const f = await fixture();
  try {
    assert.equal(await rememberCommand(f.memo), true);
    const bucket = join(f.root, "cache", "test-v1");
    for (const name of readdirSync(bucket)) writeFileSync(join(bucket, name), "{not json");
    assert.equal(f.recall(), null);
    for (const name of readdirSync(bucket)) writeFileSync(join(bucket, name), JSON.stringify({ version: 2, stamps: [], outcome: {} }));
    assert.equal(f.recall(), null);
  } finally {
    f.cleanup();
  }
});

test("an unwritable cache costs only the memo", async () => {
  const f = await fixture();
  try {
    writeFileSync(join(f.root, "cache"), "a file where the cache root should be");
    assert.equal(await rememberCommand(f.memo), false);
    assert.equal(f.recall(), null);
  } finally {
    f.cleanup();
  }
});

test("a bucket keeps its newest 64 records", async () => {
  const f = await fixture();
  try {
    const bucket = join(f.root, "cache", "test-v1");
    mkdirSync(bucket, { recursive: true });
    for (let i = 0; i < 70; i++) {
      writeFileSync(join(bucket, `old-${i}.json`), "{}");
      utimesSync(join(bucket, `old-${i}.json`), 1_000 + i, 1_000 + i);
    }
    assert.equal(await rememberCommand(f.memo), true);
    const left = readdirSync(bucket);
    assert.equal(left.length, 64);
    assert.equal(left.filter((n) => n.startsWith("old-")).length, 63, "the new record stays, the oldest go");
    assert.ok(!left.includes("old-0.json") && left.includes("old-69.json"));
    assert.notEqual(f.recall(), null);
  } finally {
    f.cleanup();
  }
});
