/**
 * pip-accel against pip, from the same local index: the same requirements
 * installed by each into its own venv must give the same set of files
 * (ignoring bytecode, pip's own distributions and the INSTALLER/RECORD
 * contents) and the same `pip list`. pip runs isolated: `--isolated`,
 * `PIP_CONFIG_FILE=/dev/null`, no PIP_* variables, `--index-url` at the
 * local server; it never sees /opt/wheels or /opt/pypi.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";
import { pythonAvailable, spawnCollect, tempDir, type ProcessOutput } from "../kit/repo.js";
import { buildWheelhouse, makeVenv, runCliAsync, sandboxEnv } from "./env.js";

const skip = !pythonAvailable() && "python3 not found";
const dir = tempDir("e2e-pip");
let server: IndexServer;
const requirements = ["app[fast]==2.0", "data-pkg"];

function run(command: string, args: string[]): Promise<ProcessOutput> {
  return spawnCollect(command, args, { cwd: dir.path, env: sandboxEnv(dir.path) });
}

/** Files of a venv that an install created, relative to the venv, minus what pip/venv bring along. */
function installedFiles(venv: string, ignoreDists: RegExp): string[] {
  const out: string[] = [];
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      const rel = relative(venv, full);
      if (name === "__pycache__" || ignoreDists.test(rel)) continue;
      if (statSync(full).isDirectory()) walk(full);
      else out.push(rel);
    }
  };
  walk(venv);
  return out.filter((f) => !/^bin\/(python[\d.]*|activate.*|Activate\.ps1|pip[\d.]*)$/.test(f) && f !== "pyvenv.cfg").sort();
}

before(async () => {
  if (skip) return;
  buildWheelhouse(join(dir.path, "wheels"));
  server = await startIndexServer({ root: join(dir.path, "wheels") });
});
after(async () => {
  await server?.close();
  dir.cleanup();
});

test("pip and pip-accel install the same files and list the same packages", { skip, timeout: 120_000 }, async () => {
  const pipVenv = join(dir.path, "pip-venv");
  const accelVenv = join(dir.path, "accel-venv");
  makeVenv(pipVenv, true);
  makeVenv(accelVenv);
  const pip = await run(join(pipVenv, "bin", "pip"), ["install", "--isolated", "--no-compile", "--disable-pip-version-check", "--index-url", server.simpleUrl, ...requirements]);
  assert.equal(pip.code, 0, pip.stderr);
  const accel = await runCliAsync(["install", "--python", accelVenv, "--cache-dir", join(dir.path, "cache"), "--index-url", server.simpleUrl, ...requirements], dir.path);
  assert.equal(accel.code, 0, accel.stderr);

  const pipOwn = /(^|\/)(pip|setuptools|_distutils_hack|pkg_resources)([-/]|$)|distutils-precedence\.pth|(pip|setuptools)-[\d.]+\.dist-info/;
  const pipFiles = installedFiles(pipVenv, pipOwn);
  const accelFiles = installedFiles(accelVenv, pipOwn);
  assert.deepEqual(accelFiles, pipFiles);
  assert.ok(accelFiles.includes("bin/app-cli"));
  assert.ok(accelFiles.some((f) => f.endsWith("share/data-pkg/x.txt")));

  const listOf = async (python: string): Promise<string> => {
    const listed = await run(join(pipVenv, "bin", "pip"), ["--isolated", "--disable-pip-version-check", "--python", python, "list", "--exclude", "pip", "--exclude", "setuptools"]);
    assert.equal(listed.code, 0, listed.stderr);
    return listed.stdout;
  };
  const pipList = await listOf(join(pipVenv, "bin", "python"));
  assert.equal(await listOf(join(accelVenv, "bin", "python")), pipList);
  assert.match(pipList, /app\s+2\.0/);
  const check = await run(join(pipVenv, "bin", "pip"), ["--isolated", "--python", join(accelVenv, "bin", "python"), "check"]);
  assert.equal(check.stdout.trim(), "No broken requirements found.");
  const accelList = await runCliAsync(["list", "--python", accelVenv], dir.path);
  assert.equal(accelList.stdout, pipList);
});
