/**
 * The single-file executable (`npm run build:exe`, a Node SEA): copied alone into an
 * empty directory, run with a PATH that holds no node (every /usr/bin command but
 * node/npm/npx, linked into a directory of its own) and no NODE_* variables, it
 * installs the demo set (sdists, a C extension among them) from the local demo index
 * into a venv, and the result works: the extension imports, the console script runs,
 * `pip-accel check` passes, and a second venv installs from the cache with no build.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";
import { cleanPythonEnv, pythonAvailable, repoRoot, spawnCollect, tempDir, type ProcessOutput } from "../kit/repo.js";
import { buildExe, EXE_DIR, EXE_PATH } from "../../scripts/build-exe.js";
import { buildDemoIndex } from "../../scripts/demo-index.js";
import { TEST_CA_FILE, testTls } from "../kit/tls-fixtures.js";

const skip = !pythonAvailable() && "python3 not found";
const dir = tempDir("exe");
let server: IndexServer;
let exe = "";
let requirements = "";
let env: NodeJS.ProcessEnv = {};

/** A directory with a link to every /usr/bin command except node's. */
function pathWithoutNode(root: string): string {
  const bin = join(root, "bin-without-node");
  mkdirSync(bin, { recursive: true });
  for (const name of readdirSync("/usr/bin")) {
    if (/^(node|nodejs|npm|npx|corepack)$/.test(name)) continue;
    symlinkSync(join("/usr/bin", name), join(bin, name));
  }
  return bin;
}

function runExe(args: string[]): Promise<ProcessOutput> {
  return spawnCollect(exe, args, { cwd: join(dir.path, "work"), env });
}

before(async () => {
  if (skip) return;
  const built = existsSync(join(repoRoot(), EXE_PATH)) ? join(repoRoot(), EXE_PATH) : (await buildExe()).path;
  mkdirSync(join(dir.path, "alone"));
  mkdirSync(join(dir.path, "work"));
  exe = join(dir.path, "alone", "pip-accel");
  copyFileSync(built, exe);
  const index = await buildDemoIndex();
  requirements = index.requirementsFile;
  server = await startIndexServer({ projects: index.projects });
  const { NODE_OPTIONS: _o, NODE_PATH: _p, ...clean } = cleanPythonEnv({ HOME: join(dir.path, "work"), PIP_CONFIG_FILE: "/dev/null", NO_COLOR: "1" });
  env = { ...clean, PATH: pathWithoutNode(dir.path) };
  assert.notEqual(spawnSync("sh", ["-c", "command -v node"], { env }).status, 0, "no node on this PATH");
});
after(async () => {
  await server?.close();
  dir.cleanup();
});

test("the single executable runs --version with no node on PATH", { skip }, async () => {
  const run = await runExe(["--version"]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^pip-accel \d+\.\d+\.\d+/);
  assert.equal(run.stderr, "", "no experimental-feature warning");
});

test("the single executable trusts PIP_ACCEL_EXTRA_CA_CERTS on HTTPS (the way to keep Node from parsing NODE_EXTRA_CA_CERTS at its start)", { skip }, async () => {
  const tlsServer = await startIndexServer({ tls: testTls(), projects: { demo: [{ filename: "demo-1.0.tar.gz", data: "a" }] } });
  try {
    const args = ["index", "versions", "demo", "-i", tlsServer.simpleUrl, "--retries", "0"];
    const trusted = await spawnCollect(exe, args, { cwd: join(dir.path, "work"), env: { ...env, PIP_ACCEL_EXTRA_CA_CERTS: TEST_CA_FILE } });
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.match(trusted.stdout, /demo \(1\.0\)/);
    const untrusted = await runExe(args);
    assert.notEqual(untrusted.code, 0);
    assert.match(untrusted.stderr, /certificate/i);
  } finally {
    await tlsServer.close();
  }
});

test("the executable's main script is the entry (version, no-op replay); the program is an asset with its code cache", { skip }, () => {
  const exeDir = join(repoRoot(), EXE_DIR);
  const main = readFileSync(join(exeDir, "pip-accel.cjs"), "utf8");
  assert.match(main, /function replayNoop/);
  assert.doesNotMatch(main, /CommanderError/, "commander is in the program, not the entry");
  assert.match(readFileSync(join(exeDir, "program.cjs"), "utf8"), /CommanderError/);
  const config = JSON.parse(readFileSync(join(exeDir, "sea-config.json"), "utf8")) as { assets: Record<string, string> };
  assert.deepEqual(Object.keys(config.assets).sort(), ["program.cache", "program.cjs"]);
});

test("the single executable installs the demo set into a venv with no node on PATH, and a second venv from the cache without a build", { skip, timeout: 300_000 }, async () => {
  for (const [venv, cold] of [["venv-cold", true], ["venv-warm", false]] as const) {
    const made = spawnSync("python3", ["-m", "venv", "--without-pip", join(dir.path, venv)], { env, encoding: "utf8" });
    assert.equal(made.status, 0, made.stderr);
    const run = await runExe(["install", "--python", join(dir.path, venv), "--cache-dir", join(dir.path, "cache"), "-i", server.simpleUrl, "-r", requirements]);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /Successfully installed .*demo-geo/);
    if (cold) assert.match(run.stdout, /Built demo-geo/);
    else assert.doesNotMatch(run.stdout, /Built /);
    const python = join(dir.path, venv, "bin", "python");
    const geo = spawnSync(python, ["-c", "import demo_geo; print(round(demo_geo.distance('paris', 'berlin')))"], { env, encoding: "utf8" });
    assert.equal(geo.status, 0, geo.stderr);
    assert.match(geo.stdout.trim(), /^\d{3,4}$/);
    const weather = spawnSync(join(dir.path, venv, "bin", "demo-weather"), ["berlin"], { env, encoding: "utf8" });
    assert.equal(weather.status, 0, weather.stderr);
    const check = await runExe(["check", "--python", join(dir.path, venv)]);
    assert.equal(check.code, 0, `${check.stdout}${check.stderr}`);
  }
  // No-ops: the second is answered by the entry from its record, with the same lines.
  const again = ["install", "--python", join(dir.path, "venv-warm"), "--cache-dir", join(dir.path, "cache"), "-i", server.simpleUrl, "-r", requirements];
  await new Promise((r) => setTimeout(r, 40));
  const first = await runExe(again);
  const second = await runExe(again);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /Requirement already satisfied: demo-weather==[\d.]+\n[\s\S]*Nothing to install/);
  assert.equal(second.stdout.replace(/in \d+\.\d\ds/, ""), first.stdout.replace(/in \d+\.\d\ds/, ""));
  assert.equal(readdirSync(join(dir.path, "cache", "noop-v1")).length, 1);
});
