/**
 * Installing from an index of sdists only, over HTTP on 127.0.0.1: the C
 * extension is built with `setup.py bdist_dumb` into the binary cache and
 * imported afterwards; the console script runs. A second install into a
 * fresh venv reads no index and builds nothing. `--dry-run --report -`
 * prints pip's report and installs nothing; `-r http://...` reads the
 * requirement file through the index client.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSdist } from "../kit/artifacts.js";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";
import { cleanPythonEnv, pythonAvailable, tempDir } from "../kit/repo.js";
import { makeVenv, runCliAsync as runCli, runPython } from "./env.js";

const skip = !pythonAvailable() && "python3 not found";
const dir = tempDir("e2e-sdist");
let server: IndexServer;
const cache = (): string => join(dir.path, "cache");
const REQUIREMENTS = "pa-demo-cext==1.0\npa-demo-scripts==1.0\n";

before(async () => {
  if (skip) return;
  const cext = await buildSdist("cext");
  const scripts = await buildSdist("scripts");
  const staticRoot = join(dir.path, "static");
  mkdirSync(staticRoot, { recursive: true });
  writeFileSync(join(staticRoot, "req.txt"), REQUIREMENTS);
  // The same sdists as a code host serves them: every project's archive named main.tar.gz.
  for (const [sub, built] of [["cext", cext], ["scripts", scripts]] as const) {
    mkdirSync(join(staticRoot, sub));
    copyFileSync(built.path, join(staticRoot, sub, "main.tar.gz"));
  }
  writeFileSync(join(dir.path, "requirements.txt"), REQUIREMENTS);
  server = await startIndexServer({
    projects: {
      "pa-demo-cext": [{ filename: cext.filename, path: cext.path }],
      "pa-demo-scripts": [{ filename: scripts.filename, path: scripts.path }],
    },
    staticRoot,
  });
});
after(async () => {
  await server?.close();
  dir.cleanup();
});

const install = (venv: string, ...args: string[]) =>
  runCli(["install", "--python", join(dir.path, venv), "--cache-dir", cache(), "-i", server.simpleUrl, ...args], dir.path);

test("sdists from the index are built (C extension included), installed and work", { skip }, async () => {
  const python = makeVenv(join(dir.path, "v1"));
  const run = await install("v1", "-r", "requirements.txt");
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Successfully installed pa-demo-cext-1\.0 pa-demo-scripts-1\.0/);
  assert.match(run.stdout, /Built pa-demo-cext/);
  assert.ok(server.requestsTo("/simple/pa-demo-cext/").length > 0);
  assert.equal(runPython(python, "from pa_demo_cext import _speedup; print(_speedup.add(2, 3))").trim(), "5");
  const script = spawnSync(join(dir.path, "v1", "bin", "pa-demo-cli"), [], { env: cleanPythonEnv(), encoding: "utf8" });
  assert.equal(script.status, 0, script.stderr);
  assert.ok(readdirSync(join(cache(), "binaries-v1")).includes("pa-demo-cext"), "the build landed in the binary cache");
  assert.ok(readdirSync(join(cache(), "sources-v1")).some((f) => f.startsWith("pa_demo_cext-1.0") || f.startsWith("pa-demo-cext-1.0")));
});

test("a second install into a fresh venv reads no index and builds nothing", { skip }, async () => {
  const python = makeVenv(join(dir.path, "v2"));
  server.clearLog();
  const run = await install("v2", "-r", "requirements.txt", "-v");
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(server.requests.map((r) => r.path), [], "no request at all");
  assert.doesNotMatch(run.stdout + run.stderr, /Built |Building /);
  assert.equal(runPython(python, "from pa_demo_cext import _speedup; print(_speedup.add(4, 5))").trim(), "9");
});

test("--dry-run --report - prints pip's installation report and installs nothing", { skip }, async () => {
  const python = makeVenv(join(dir.path, "v3"));
  const run = await install("v3", "--dry-run", "--report", "-", "pa-demo-cext");
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { version: string; install: Array<{ metadata: { name: string; version: string }; requested: boolean; download_info: { url: string } }>; environment: Record<string, string> };
  assert.equal(report.version, "1");
  assert.deepEqual(report.install.map((i) => [i.metadata.name, i.metadata.version, i.requested]), [["pa-demo-cext", "1.0", true]]);
  assert.match(report.install[0]!.download_info.url, /pa.demo.cext-1\.0\.tar\.gz$/);
  assert.ok(report.environment.python_version !== undefined);
  assert.equal(runPython(python, "import importlib.util; print(importlib.util.find_spec('pa_demo_cext'))").trim(), "None");
});

test("--report FILE without --dry-run installs and writes the report", { skip }, async () => {
  const run = await install("v3", "--report", "report.json", "pa-demo-scripts==1.0");
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(readFileSync(join(dir.path, "report.json"), "utf8")) as { install: Array<{ metadata: { name: string } }> };
  assert.deepEqual(report.install.map((i) => i.metadata.name), ["pa-demo-scripts"]);
  assert.ok(existsSync(join(dir.path, "v3", "bin", "pa-demo-cli")));
});

test("-r http://127.0.0.1:.../req.txt is read through the index client", { skip }, async () => {
  const python = makeVenv(join(dir.path, "v5"));
  server.clearLog();
  const run = await install("v5", "-r", `${server.simpleUrl.replace(/simple\/$/, "")}static/req.txt`);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(server.requests.map((r) => r.path), ["/static/req.txt"]);
  assert.equal(runPython(python, "import pa_demo_scripts; print('ok')").trim(), "ok");
});

test("direct references to archives that share a file name install both projects", { skip }, async () => {
  const python = makeVenv(join(dir.path, "v6"));
  const base = server.simpleUrl.replace(/simple\/$/, "static/");
  const run = await install("v6", `pa-demo-cext @ ${base}cext/main.tar.gz`, `pa-demo-scripts @ ${base}scripts/main.tar.gz`);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Successfully installed pa-demo-cext-1\.0 pa-demo-scripts-1\.0/);
  assert.equal(runPython(python, "from pa_demo_cext import _speedup; import pa_demo_scripts; print(_speedup.add(1, 1))").trim(), "2");
  const direct = join(cache(), "sources-v1", "direct");
  assert.deepEqual(readdirSync(direct).map((key) => readdirSync(join(direct, key))), [["main.tar.gz"], ["main.tar.gz"]]);
  assert.equal(existsSync(join(cache(), "sources-v1", "main.tar.gz")), false, "not in the source index by its name");
});
