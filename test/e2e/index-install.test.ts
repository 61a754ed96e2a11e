/**
 * Installs from the local index server (PEP 503 pages over HTTP on
 * 127.0.0.1): a cold install reads the index and fills the caches; a
 * second, fully pinned install into a fresh venv reads no index at all and
 * hard-links from the store; `--target` puts everything in one directory.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";
import { cleanPythonEnv, pythonAvailable, tempDir } from "../kit/repo.js";
import { buildWheelhouse, makeVenv, runCliAsync as runCli, runPython } from "./env.js";
import { spawnSync } from "node:child_process";

const skip = !pythonAvailable() && "python3 not found";
const dir = tempDir("e2e-index");
let server: IndexServer;
const cache = (): string => join(dir.path, "cache");

before(async () => {
  if (skip) return;
  buildWheelhouse(join(dir.path, "wheels"));
  server = await startIndexServer({ root: join(dir.path, "wheels") });
  writeFileSync(join(dir.path, "requirements.txt"), "app[fast]==2.0\nlib==1.5\nspeedup==1.0\n");
});
after(async () => {
  await server?.close();
  dir.cleanup();
});

test("cold install from the index, then a pinned warm install into a new venv reads no index", { skip }, async () => {
  const first = makeVenv(join(dir.path, "v1"));
  const cold = await runCli(["install", "--python", join(dir.path, "v1"), "--cache-dir", cache(), "-i", server.simpleUrl, "-r", "requirements.txt"], dir.path);
  assert.equal(cold.code, 0, cold.stderr);
  assert.match(cold.stdout, /Successfully installed app-2\.0 lib-1\.5 speedup-1\.0/);
  assert.ok(server.requestsTo("/simple/app/").length > 0);
  const whole = server.requests.filter((r) => r.method === "GET" && r.path.startsWith("/files/") && r.headers.range === undefined);
  assert.deepEqual(whole.map((r) => r.path).sort(), ["/files/app-2.0-py3-none-any.whl", "/files/lib-1.5-py3-none-any.whl", "/files/speedup-1.0-py3-none-any.whl"],
    "each installed wheel was downloaded whole once (its METADATA came by a range read)");
  assert.equal(runPython(first, "import app, lib; print(app.VERSION, lib.V)").trim(), "2.0 1.5");

  server.clearLog();
  const second = makeVenv(join(dir.path, "v2"));
  const warm = await runCli(["install", "--python", join(dir.path, "v2"), "--cache-dir", cache(), "-i", server.simpleUrl, "-r", "requirements.txt", "-v"], dir.path);
  assert.equal(warm.code, 0, warm.stderr);
  assert.match(warm.stdout, /Successfully installed app-2\.0 lib-1\.5 speedup-1\.0/);
  assert.match(warm.stderr, /from the local cache .*no index read/);
  assert.deepEqual(server.requests.map((r) => r.path), [], "the warm pinned install made no request");
  const site = runPython(second, "import sysconfig; print(sysconfig.get_paths()['purelib'])").trim();
  assert.ok(statSync(join(site, "lib.py")).nlink >= 2, "installed files are hard links into the store");
  assert.equal(runPython(second, "import app, speedup; print(app.VERSION, speedup.FAST)").trim(), "2.0 True");
});

test("an unpinned requirement is served by the source index (offline-first); -U reads the index", { skip }, async () => {
  makeVenv(join(dir.path, "v3"));
  server.clearLog();
  const run = await runCli(["install", "--python", join(dir.path, "v3"), "--cache-dir", cache(), "-i", server.simpleUrl, "app"], dir.path);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(server.requests.map((r) => r.path), [], "the source index satisfied app and lib");
  const upgrade = await runCli(["install", "--python", join(dir.path, "v3"), "--cache-dir", cache(), "-i", server.simpleUrl, "-U", "app"], dir.path);
  assert.equal(upgrade.code, 0, upgrade.stderr);
  assert.ok(server.requestsTo("/simple/app/").length > 0);
  assert.ok(server.requests.every((r) => !r.path.startsWith("/files/")), "cached files are not downloaded again");
});

test("--target installs packages and scripts under one directory", { skip }, async () => {
  const target = join(dir.path, "target");
  const run = await runCli(["install", "--cache-dir", cache(), "-i", server.simpleUrl, "--target", target, "app==1.0"], dir.path);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(existsSync(join(target, "app", "__init__.py")));
  assert.ok(existsSync(join(target, "lib.py")));
  assert.ok(existsSync(join(target, "app-1.0.dist-info", "RECORD")));
  assert.ok(existsSync(join(target, "bin", "app-cli")));
  const out = spawnSync("python3", ["-c", "import app; print(app.VERSION)"], { env: cleanPythonEnv({ PYTHONPATH: target }), encoding: "utf8" });
  assert.equal(out.stdout.trim(), "1.0");
});

test("a missing project fails with a code and a hint", { skip }, async () => {
  makeVenv(join(dir.path, "v4"));
  const run = await runCli(["install", "--python", join(dir.path, "v4"), "--cache-dir", cache(), "-i", server.simpleUrl, "no-such-project"], dir.path);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^error\[[a-z-]+\]: /m);
  assert.match(run.stderr, /no-such-project/);
  assert.match(run.stderr, /^hint: /m);
  // The headline says what happened (pip: "No matching distribution found"), and where it looked.
  assert.match(run.stderr, /^error\[resolution-impossible\]: No distribution of no-such-project was found in the configured sources: http:\/\/127\.0\.0\.1:\d+\/simple\/\./m);
  assert.match(run.stderr, /^hint: Check the spelling of the project name/m);
  assert.doesNotMatch(run.stderr, /Relax or remove/);
});
