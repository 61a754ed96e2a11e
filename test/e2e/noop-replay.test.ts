/**
 * A no-op install remembered by the real CLI (cli/noop-memo.ts): main
 * replays it before the program loads, with the lines the full check
 * printed, and the full check runs again once anything it read changed (a
 * dependency removed, the requirement file edited, pip-accel.conf created).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { replayNoop } from "../../src/cli/noop-replay.js";
import { pythonAvailable, tempDir } from "../kit/repo.js";
import { buildWheelhouse, CLI, makeVenv, runCli, sandboxEnv, sitePackagesOf } from "./env.js";

const skip = !pythonAvailable() && "python3 not found";
const dir = tempDir("e2e-noop");
const args = (): string[] => ["install", "--no-index", "-f", "wheels", "-r", "req.txt", "--python", join(dir.path, "venv"), "--cache-dir", "cache"];
const cli = () => runCli(args(), dir.path);

/** What main's replay prints for the same command, or null when it would run the program. */
function replay(): string | null {
  let out = "";
  const answered = replayNoop([process.execPath, CLI, ...args()], sandboxEnv(dir.path), dir.path, { write: (t: string) => (out += t) });
  return answered ? out : null;
}

/** Two no-ops a clock tick after the last change: the second at the latest is remembered. */
async function settledNoop(): Promise<string> {
  await sleep(40);
  const first = cli();
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /Nothing to install/);
  const second = cli();
  assert.equal(second.code, 0, second.stderr);
  return second.stdout;
}

const withoutTime = (text: string): string => text.replace(/in \d+\.\d\ds/, "in Ts");

before(() => {
  if (skip) return;
  buildWheelhouse(join(dir.path, "wheels"));
  makeVenv(join(dir.path, "venv"));
  writeFileSync(join(dir.path, "req.txt"), "app[fast]==1.0\n");
});
after(() => dir.cleanup());

test("a no-op is remembered once per command and replayed with the lines the full check printed", { skip }, async () => {
  const install = cli();
  assert.equal(install.code, 0, install.stderr);
  assert.match(install.stdout, /Successfully installed app-1\.0 lib-1\.5 speedup-1\.0/);
  assert.equal(replay(), null, "an install that changed the site is not remembered");
  const noop = await settledNoop();
  assert.equal(readdirSync(join(dir.path, "cache", "noop-v1")).length, 1);
  const replayed = replay();
  assert.ok(replayed !== null, "the settled no-op is remembered");
  assert.equal(withoutTime(replayed), withoutTime(noop));
  assert.match(replayed, /^Requirement already satisfied: app==1\.0\nNothing to install/);
  const again = cli();
  assert.equal(withoutTime(again.stdout), withoutTime(noop));
  assert.equal(readdirSync(join(dir.path, "cache", "noop-v1")).length, 1, "the same command keeps one record");
});

test("a dependency removed by another tool: not replayed, and put back", { skip }, async () => {
  assert.notEqual(replay(), null);
  rmSync(join(sitePackagesOf(join(dir.path, "venv")), "lib-1.5.dist-info"), { recursive: true });
  assert.equal(replay(), null);
  const run = cli();
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Successfully installed lib-1\.5/);
  await settledNoop();
  assert.notEqual(replay(), null);
});

test("the requirement file edited: not replayed, and the new requirement installed", { skip }, async () => {
  writeFileSync(join(dir.path, "req.txt"), "app[fast]==1.0\nlib==1.0\n");
  assert.equal(replay(), null);
  const run = cli();
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Successfully installed lib-1\.0/);
  await settledNoop();
  assert.notEqual(replay(), null);
});

test("pip-accel.conf created: not replayed, and its setting applies", { skip }, () => {
  mkdirSync(join(dir.path, ".pip-accel"), { recursive: true });
  writeFileSync(join(dir.path, ".pip-accel", "pip-accel.conf"), "[pip-accel]\nlog-verbosity = warning\n");
  assert.equal(replay(), null);
  const run = cli();
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "", "log-verbosity = warning hides the no-op's lines");
});
