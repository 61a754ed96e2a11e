/**
 * One venv without pip, taken through a lifecycle by the real CLI:
 * install with extras and markers, no-op re-install, upgrade, downgrade,
 * force-reinstall, dry-run, uninstall; and the library with an install
 * interrupted halfway through an upgrade (the old version must be intact).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { install, InstallInterrupted } from "../../src/lib.js";
import { pythonAvailable, tempDir } from "../kit/repo.js";
import { buildWheelhouse, makeVenv, runCli, runPython, sandboxEnv } from "./env.js";

const skip = !pythonAvailable() && "python3 not found";
const dir = tempDir("e2e-life");
let python = "";
let site = "";
const venv = (): string => join(dir.path, "venv");
const cli = (...args: string[]) => runCli([...args, "--python", venv(), "--cache-dir", join(dir.path, "cache")], dir.path);
const installArgs = ["install", "--no-index", "-f", "wheels"];

before(() => {
  if (skip) return;
  buildWheelhouse(join(dir.path, "wheels"));
  python = makeVenv(venv());
  site = runPython(python, "import sysconfig; print(sysconfig.get_paths()['purelib'])").trim();
});
after(() => dir.cleanup());

test("install with an extra, markers evaluated for the venv", { skip }, () => {
  const run = cli(...installArgs, "app[fast]==1.0");
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Successfully installed app-1\.0 lib-1\.5 speedup-1\.0/);
  assert.match(run.stdout, /Installed 3 packages in \d+\.\d\ds/);
  assert.equal(runPython(python, "import app, lib, speedup; print(app.VERSION, lib.V, speedup.FAST)").trim(), "1.0 1.5 True");
  assert.equal(existsSync(join(site, "winonly.py")), false, "the win32-only dependency is skipped");
  assert.ok(existsSync(join(site, "app-1.0.dist-info", "REQUESTED")));
  assert.ok(!existsSync(join(site, "lib-1.5.dist-info", "REQUESTED")), "dependencies are not REQUESTED");
  assert.equal(readFileSync(join(site, "app-1.0.dist-info", "INSTALLER"), "utf8"), "pip-accel\n");
});

test("the console script runs and importlib.metadata sees the environment", { skip }, () => {
  const out = runPython(python, "import subprocess, sys, os; print(subprocess.run([os.path.join(os.path.dirname(sys.executable), 'app-cli')], capture_output=True, text=True).stdout)");
  assert.equal(out.trim(), "app 1.0");
  const meta = runPython(python, "import importlib.metadata as m; print(sorted((d.metadata['Name'], d.version) for d in m.distributions()))");
  assert.equal(meta.trim(), "[('app', '1.0'), ('lib', '1.5'), ('speedup', '1.0')]");
});

test("re-install is a no-op that reads nothing", { skip }, () => {
  const run = cli("install", "--no-index", "-f", "does-not-exist", "app[fast]==1.0");
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Requirement already satisfied: app==1\.0/);
  assert.match(run.stdout, /Nothing to install/);
});

test("a no-op's verdict is remembered, and not trusted once the site changes under it", { skip }, () => {
  const memoDir = join(dir.path, "cache", "satisfied-v1");
  assert.equal(readdirSync(memoDir).length, 1, "the satisfied no-op above left one verdict");
  const again = cli("install", "--no-index", "-f", "does-not-exist", "app[fast]==1.0");
  assert.match(again.stdout, /Requirement already satisfied: app==1\.0/);
  assert.equal(readdirSync(memoDir).length, 1, "the same question keeps one record");
  rmSync(join(site, "lib-1.5.dist-info"), { recursive: true }); // a dependency removed by another tool
  const run = cli("install", "--no-index", "-f", "does-not-exist", "app[fast]==1.0");
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Successfully installed lib-1\.5/, "the dependency is put back (from the cache), not reported satisfied");
  assert.ok(existsSync(join(site, "lib-1.5.dist-info", "METADATA")));
});

test("a --no-deps re-install is a no-op told by the .dist-info directory names alone (no METADATA read)", { skip }, () => {
  const metadata = join(site, "app-1.0.dist-info", "METADATA");
  const real = readFileSync(metadata, "utf8");
  writeFileSync(metadata, "Metadata-Version: 2.1\nName: something-else\nVersion: 9.9\n"); // reading it would make app look absent
  try {
    const run = cli("install", "--no-index", "-f", "does-not-exist", "--no-deps", "app==1.0", "lib>=1.5");
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Nothing to install/);
    const other = cli("install", "--no-index", "-f", "does-not-exist", "--no-deps", "lib==1.0");
    assert.equal(other.code, 1, "lib 1.5 is installed, not 1.0: the names are compared by version");
  } finally {
    writeFileSync(metadata, real);
  }
});

test("list, freeze, show and check", { skip }, () => {
  assert.equal(cli("freeze").stdout, "app==1.0\nlib==1.5\nspeedup==1.0\n");
  assert.equal(cli("list").stdout, "Package Version\n------- -------\napp     1.0\nlib     1.5\nspeedup 1.0\n");
  assert.deepEqual(JSON.parse(cli("list", "--format", "json").stdout), [
    { name: "app", version: "1.0" }, { name: "lib", version: "1.5" }, { name: "speedup", version: "1.0" },
  ]);
  const show = cli("show", "lib");
  assert.match(show.stdout, /^Name: lib\nVersion: 1\.5\n/);
  assert.match(show.stdout, /\nRequired-by: app\n/);
  const missing = cli("show", "nope");
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /Package\(s\) not found: nope/);
  const check = cli("check");
  assert.equal(check.code, 0);
  assert.equal(check.stdout, "No broken requirements found.\n");
});

test("upgrade removes the old version's files by RECORD", { skip }, () => {
  const run = cli(...installArgs, "-U", "app");
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Found existing installation: app 1\.0/);
  assert.match(run.stdout, /Successfully installed app-2\.0/);
  assert.equal(existsSync(join(site, "app", "old_only.py")), false);
  assert.ok(existsSync(join(site, "app", "new_only.py")));
  assert.equal(existsSync(join(site, "app-1.0.dist-info")), false);
  assert.equal(runPython(python, "import app; print(app.VERSION)").trim(), "2.0");
});

test("downgrade, then --force-reinstall of the same version", { skip }, () => {
  const down = cli(...installArgs, "app==1.0", "lib==1.0");
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stdout, /Successfully installed app-1\.0 lib-1\.0/);
  assert.ok(existsSync(join(site, "app", "old_only.py")));
  assert.equal(existsSync(join(site, "app", "new_only.py")), false);
  const force = cli(...installArgs, "--force-reinstall", "--no-deps", "lib==1.0");
  assert.equal(force.code, 0, force.stderr);
  assert.match(force.stdout, /Successfully installed lib-1\.0/);
  assert.equal(runPython(python, "import lib; print(lib.V)").trim(), "1.0");
});

test("--compile writes bytecode and lists it in RECORD; the default does not", { skip }, () => {
  const record = (): string => readFileSync(join(site, "lib-1.0.dist-info", "RECORD"), "utf8");
  assert.doesNotMatch(record(), /__pycache__/);
  const run = cli(...installArgs, "--force-reinstall", "--no-deps", "--compile", "lib==1.0");
  assert.equal(run.code, 0, run.stderr);
  assert.match(record(), /^__pycache__\/lib\.cpython-\d+\.pyc,,$/m);
  const pyc = record().match(/^(__pycache__\/lib\.cpython-\d+\.pyc)/m)![1]!;
  assert.ok(existsSync(join(site, pyc)));
});

test("--dry-run reports and changes nothing", { skip }, () => {
  const run = cli(...installArgs, "--dry-run", "app==2.0");
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Would install app-2\.0/);
  assert.equal(runPython(python, "import app; print(app.VERSION)").trim(), "1.0");
});

test("an upgrade interrupted halfway leaves the old version intact", { skip }, async () => {
  const controller = new AbortController();
  let files = 0;
  await assert.rejects(install({
    requirements: ["app==2.0"], findLinks: [join(dir.path, "wheels")], noIndex: true, cacheDir: join(dir.path, "cache"),
    python: venv(), env: sandboxEnv(dir.path), cwd: dir.path, signal: controller.signal,
    onFile: () => {
      if (++files === 2) controller.abort();
    },
  }), InstallInterrupted);
  assert.equal(runPython(python, "import app; print(app.VERSION)").trim(), "1.0");
  assert.ok(existsSync(join(site, "app", "old_only.py")));
  assert.equal(existsSync(join(site, "app", "new_only.py")), false);
  assert.ok(existsSync(join(site, "app-1.0.dist-info", "RECORD")));
  assert.equal(existsSync(join(site, "app-2.0.dist-info")), false);
  assert.equal(cli("check").code, 0);
});

test("uninstall removes files and the console script; unknown names are skipped", { skip }, () => {
  const run = cli("uninstall", "-y", "app", "not-installed");
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Successfully uninstalled app-1\.0/);
  assert.match(run.stderr, /Skipping not-installed as it is not installed/);
  assert.equal(existsSync(join(site, "app")), false);
  assert.equal(existsSync(join(venv(), "bin", "app-cli")), false);
  const refused = cli("uninstall", "lib");
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /error\[confirmation-required\]/);
  assert.equal(cli("freeze").stdout, "lib==1.0\nspeedup==1.0\n");
});
