/**
 * The no-op replay of the CLI (cli/noop-replay.ts): where it looks, what
 * identifies a command, and what it prints.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { commandLineCacheRoot, noopPlace, replayNoop, type NoopOutcome } from "../../src/cli/noop-replay.js";
import { rememberCommand } from "../../src/operations/command-memo.js";
import { tempDir } from "../kit/repo.js";

test("the cache root is the last --cache-dir, else $PIP_ACCEL_CACHE, else ~/.pip-accel, resolved as the CLI does", () => {
  assert.equal(commandLineCacheRoot(["node", "x", "install", "--cache-dir", "c"], { HOME: "/h" }, "/w"), "/w/c");
  assert.equal(commandLineCacheRoot(["node", "x", "install", "--cache-dir=/a", "--cache-dir", "/b"], { HOME: "/h" }, "/w"), "/b");
  assert.equal(commandLineCacheRoot(["node", "x", "install", "--cache-dir", "~/c"], { HOME: "/h" }, "/w"), "/h/c");
  assert.equal(commandLineCacheRoot(["node", "x", "install"], { HOME: "/h", PIP_ACCEL_CACHE: "$HOME/pa" }, "/w"), "/h/pa");
  if (process.getuid?.() !== 0) assert.equal(commandLineCacheRoot(["node", "x", "install"], { HOME: "/h" }, "/w"), "/h/.pip-accel");
});

async function remembered(outcome: NoopOutcome): Promise<{ root: string; argv: string[]; env: Record<string, string>; cleanup(): void }> {
  const dir = tempDir("noop-replay");
  writeFileSync(join(dir.path, "req.txt"), "app\n");
  await sleep(40);
  const argv = ["node", "pip-accel", "install", "-r", "req.txt", "--cache-dir", "cache"];
  const env = { HOME: dir.path, PATH: "/usr/bin" };
  const kept = await rememberCommand({ ...noopPlace(argv, env, dir.path), inputs: [join(dir.path, "req.txt")], outcome, startedAt: Date.now() });
  assert.equal(kept, true);
  return { root: dir.path, argv, env, cleanup: () => dir.cleanup() };
}

function replayed(argv: readonly string[], env: Record<string, string>, cwd: string): string | null {
  let out = "";
  return replayNoop(argv, env, cwd, { write: (t: string) => (out += t) }) ? out : null;
}

test("a remembered no-op prints its lines and a fresh closing line, for the same arguments, directory and environment only", async () => {
  const r = await remembered({ lines: ["Requirement already satisfied: app==1.0"], printed: true });
  try {
    const out = replayed(r.argv, r.env, r.root);
    assert.ok(out !== null);
    assert.match(out, /^Requirement already satisfied: app==1\.0\nNothing to install, all requirements satisfied in \d+\.\d\ds\n$/);
    assert.equal(replayed([...r.argv, "--no-deps"], r.env, r.root), null, "other arguments");
    assert.notEqual(replayed(["/other/node", ...r.argv.slice(1)], r.env, r.root), null, "node and the script are inputs the install stamps, not the identity");
    assert.equal(replayed(r.argv, { ...r.env, PIP_PRE: "1" }, r.root), null, "another environment");
    assert.equal(replayed(r.argv, r.env, join(r.root, "cache")), null, "another directory");
  } finally {
    r.cleanup();
  }
});

test("a -q no-op replays as silence", async () => {
  const r = await remembered({ lines: [], printed: false });
  try {
    assert.equal(replayed(r.argv, r.env, r.root), "");
  } finally {
    r.cleanup();
  }
});
