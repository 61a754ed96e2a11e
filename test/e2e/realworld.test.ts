/**
 * Real packages: the 30 wheels of `../shared/realworld/` exactly as PyPI serves them
 * (black, httpx, pydantic, rich, jsonschema, attrs and their dependencies), installed from
 * an HTTP/1.0 server that closes every connection (like Python's http.server) and from
 * `--find-links`. The result must be the set pip installs (`expected-freeze.txt`), as
 * `pip list --format=freeze` reads it; the packages import, `black --version` runs, and an
 * uninstall removes one package cleanly; the same install again is a no-op that is then
 * remembered and replayed. `resolve` pins the same set without any Python.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { canonicalSet, expectedFreeze, REALWORLD, REALWORLD_WHEELS, realworldServer, realworldSkip } from "../kit/realworld.js";
import { cleanPythonEnv, tempDir } from "../kit/repo.js";
import { CLI, makeVenv, runCliAsync as runCli, runPython, sandboxEnv } from "./env.js";
import { replayNoop } from "../../src/cli/noop-replay.js";
import { resolve } from "../../src/resolver/lib.js";
import { sysTags } from "../../src/tags/index.js";
import { DEFAULT_MARKERS } from "../resolver/scenario-env.js";

const pipAvailable = (): boolean => spawnSync("python3", ["-m", "pip", "--version"], { env: cleanPythonEnv({ PIP_CONFIG_FILE: "/dev/null" }) }).status === 0;
const skip = realworldSkip() || (!pipAvailable() ? "python3 has no pip to read the result with" : false);

const dir = tempDir("e2e-realworld");
const server = realworldServer(skip, () => dir.cleanup());

const expected = skip ? [] : expectedFreeze();

/** pip (the machine's, isolated from its configuration) reading the venv. */
function pip(venv: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync("python3", ["-m", "pip", "--isolated", "--disable-pip-version-check", "--python", join(venv, "bin", "python"), ...args], {
    env: cleanPythonEnv({ PIP_CONFIG_FILE: "/dev/null" }), encoding: "utf8",
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function freeze(venv: string): string[] {
  const out = pip(venv, "list", "--format=freeze");
  assert.equal(out.code, 0, out.stderr);
  return out.stdout.split("\n").filter((l) => l.trim() !== "" && !/^(pip|setuptools|wheel)==/i.test(l)).sort();
}

function checkVenv(venv: string): void {
  // pip's own reading, line for line (its display names: Pygments, mypy_extensions, ...).
  assert.deepEqual(freeze(venv), expected.filter((l) => l.trim() !== "").sort());
  const check = pip(venv, "check");
  assert.equal(check.code, 0, `${check.stdout}${check.stderr}`);
  assert.equal(runPython(join(venv, "bin", "python"), "import black, httpx, pydantic, rich, jsonschema, attrs, pydantic_core, rpds; print('ok')").trim(), "ok");
  const black = spawnSync(join(venv, "bin", "black"), ["--version"], { env: cleanPythonEnv(), encoding: "utf8" });
  assert.equal(black.status, 0, black.stderr);
  assert.match(black.stdout, /black, 22\.12\.0/);
}

test("install -r requirements.txt from an HTTP/1.0 closing server gives pip's set; black runs; uninstall is clean", { skip, timeout: 240_000 }, async () => {
  const venv = join(dir.path, "via-server");
  makeVenv(venv);
  const run = await runCli(["install", "--python", venv, "--cache-dir", join(dir.path, "cache-a"), "-i", server().simpleUrl, "-r", join(REALWORLD, "requirements.txt")], dir.path);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Successfully installed .*black-22\.12\.0.*pygments-2\.21\.0/);
  assert.ok(server().connections >= server().requests.length, "the server closed every connection (one per request)");
  // No PEP 658 files here: METADATA is range-read, and each installed wheel is downloaded whole exactly once.
  const whole = server().requests.filter((r) => r.method === "GET" && r.path.startsWith("/files/") && r.headers.range === undefined);
  assert.equal(new Set(whole.map((r) => r.path)).size, whole.length, "no wheel was downloaded twice");
  assert.equal(whole.length, 25, `${whole.length} whole downloads for the 25 installed distributions`);
  checkVenv(venv);

  const site = runPython(join(venv, "bin", "python"), "import sysconfig; print(sysconfig.get_paths()['purelib'])").trim();
  const removed = await runCli(["uninstall", "--python", venv, "-y", "rich"], dir.path);
  assert.equal(removed.code, 0, removed.stderr);
  assert.ok(!existsSync(join(site, "rich")), "rich's package directory is gone");
  assert.ok(!readdirSync(site).some((entry) => /^rich-/.test(entry)), "rich's .dist-info is gone");
  assert.deepEqual(freeze(venv), expected.filter((l) => l.trim() !== "" && !l.startsWith("rich==")).sort());
  assert.equal(runPython(join(venv, "bin", "python"), "import httpx, pydantic; print('still ok')").trim(), "still ok");
});

test("install --no-index --find-links DIR gives the same set; run again, it is a no-op that is remembered and replayed", { skip, timeout: 240_000 }, async () => {
  const venv = join(dir.path, "via-find-links");
  makeVenv(venv);
  const args = ["install", "--python", venv, "--cache-dir", join(dir.path, "cache-b"), "--no-index", "-f", REALWORLD_WHEELS, "-r", join(REALWORLD, "requirements.txt")];
  const run = await runCli(args, dir.path);
  assert.equal(run.code, 0, run.stderr);
  checkVenv(venv);
  // The same command again is a no-op; once settled it is remembered, and the replay prints what the full check did.
  await new Promise((r) => setTimeout(r, 40));
  const noops = [await runCli(args, dir.path), await runCli(args, dir.path)];
  for (const noop of noops) assert.match(noop.stdout, /Requirement already satisfied: black==22\.12\.0\n[\s\S]*Nothing to install/);
  let replayed = "";
  assert.equal(replayNoop([process.execPath, CLI, ...args], sandboxEnv(dir.path), dir.path, { write: (t: string) => (replayed += t) }), true);
  const untimed = (text: string): string => text.replace(/in \d+\.\d\ds/, "");
  assert.equal(untimed(replayed), untimed(noops[0]!.stdout));
});

test("resolve pins pip's set without any Python (--python-version 3.11 --platform manylinux_2_36_x86_64)", { skip }, async () => {
  const env = { PATH: "/nonexistent" };
  const run = await runCli(["resolve", "--cache-dir", join(dir.path, "cache-c"), "-i", server().simpleUrl, "-r", join(REALWORLD, "requirements.txt"),
    "--python-version", "3.11", "--platform", "manylinux_2_36_x86_64"], dir.path, env);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(canonicalSet(run.stdout.split("\n")), canonicalSet(expected));
});

test("the resolver library, given a glibc 2.36 target as tags, pins the same set", { skip }, async () => {
  const tags = sysTags({ implementation: "cp", pythonVersion: [3, 11], platform: { os: "other", platforms: ["manylinux_2_36_x86_64"] } }).map(String);
  const result = await resolve(["black", "httpx>=0.27", "pydantic>=2.10", "rich", "jsonschema>=4.20", "attrs"], {
    environment: { markers: DEFAULT_MARKERS, tags }, noIndex: true, findLinks: [REALWORLD_WHEELS], cacheDir: join(dir.path, "cache-d"),
  });
  assert.deepEqual(canonicalSet(result.pins.map((p) => `${p.name}==${p.version}`)), canonicalSet(expected));
});
