import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { withFileLock } from "../../src/cache/file-lock.js";
import { tempDir } from "../kit/repo.js";

test("withFileLock: a second holder waits for the first and is told it waited; the lock file is removed", async () => {
  const dir = tempDir("lock");
  try {
    const path = join(dir.path, "a.whl");
    const order: string[] = [];
    let release!: () => void;
    const first = withFileLock(path, async (waited) => {
      order.push(`first ${waited}`);
      await new Promise<void>((r) => { release = r; });
      order.push("first done");
    });
    await new Promise((r) => setTimeout(r, 20));
    const second = withFileLock(path, async (waited) => { order.push(`second ${waited}`); }, { pollMs: 5 });
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(order, ["first false"], "the second waits while the first holds the lock");
    release();
    await Promise.all([first, second]);
    assert.deepEqual(order, ["first false", "first done", "second true"]);
    assert.equal(existsSync(`${path}.lock`), false);
  } finally { dir.cleanup(); }
});

test("withFileLock: a lock left by a killed process (its pid no longer runs) is taken over; an old one too", async () => {
  const dir = tempDir("lock");
  try {
    const path = join(dir.path, "b.whl");
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" }).stdout.trim();
    writeFileSync(`${path}.lock`, `${dead}\n`);
    assert.equal(await withFileLock(path, async () => "ran", { pollMs: 5 }), "ran");
    writeFileSync(`${path}.lock`, `${process.ppid}\n`); // alive, but stale by age
    assert.equal(await withFileLock(path, async () => "ran again", { pollMs: 5, staleMs: -1 }), "ran again");
    assert.equal(existsSync(`${path}.lock`), false);
  } finally { dir.cleanup(); }
});

test("withFileLock: a lock file created but not yet holding its pid is not taken over (two runs downloaded one file under load)", async () => {
  const dir = tempDir("lock");
  try {
    const path = join(dir.path, "c.whl");
    writeFileSync(`${path}.lock`, ""); // another run between open(O_EXCL) and write(pid)
    let ran = false;
    const waiter = withFileLock(path, async () => { ran = true; }, { pollMs: 5 });
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(ran, false, "the waiter waits for the lock's owner");
    writeFileSync(`${path}.lock`, `${process.ppid}\n`);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(ran, false, "and still waits once the owner's (live) pid is in it");
    rmSync(`${path}.lock`);
    await waiter;
    assert.equal(ran, true);
  } finally { dir.cleanup(); }
});
