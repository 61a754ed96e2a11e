/**
 * The bench's generated set (a dependency tree of pure-Python wheels, all
 * pinned) and the `wheel` stand-in that pip's isolated sdist builds need:
 * the stand-in really builds a wheel from a demo project with setuptools.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanPythonEnv, pythonAvailable, repoRoot, tempDir } from "../kit/repo.js";
import { buildGeneratedSet, generatedDeps, generatedNames } from "../../scripts/bench-sets.js";
import { buildWheelShim } from "../../scripts/wheel-shim.js";

const work = tempDir("bench-sets");
after(() => work.cleanup());

test("generated projects form a tree four wide rooted at 0", () => {
  const table: Array<[number, number, number[]]> = [
    [0, 40, [1, 2, 3, 4]],
    [1, 40, [5, 6, 7, 8]],
    [9, 40, [37, 38, 39]],
    [10, 40, []],
    [0, 3, [1, 2]],
  ];
  for (const [i, count, deps] of table) assert.deepEqual(generatedDeps(i, count), deps, `deps of ${i} of ${count}`);
  const reached = new Set<number>([0]);
  for (let i = 0; i < 40; i++) for (const d of generatedDeps(i, 40)) reached.add(d);
  assert.equal(reached.size, 40, "every project is reachable from the root");
  assert.deepEqual(generatedNames(3), ["bench-p00", "bench-p01", "bench-p02"]);
});

test("the generated set pins every project, with a newer release of every fifth", () => {
  const set = buildGeneratedSet(join(work.path, "gen"), 40);
  assert.equal(set.expected, 40);
  assert.equal(Object.keys(set.projects).length, 40);
  assert.deepEqual(set.projects["bench-p05"]!.map((f) => f.filename).sort(), ["bench_p05-1.0.0-py3-none-any.whl", "bench_p05-1.1.0-py3-none-any.whl"]);
  const pins = readFileSync(set.requirementsFile, "utf8").split("\n").filter((l) => l.includes("=="));
  assert.equal(pins.length, 40);
  assert.ok(pins.includes("bench-p05==1.1.0") && pins.includes("bench-p06==1.0.0"));
});

test("the wheel stand-in builds a wheel with dependencies and entry points", { skip: !pythonAvailable() && "python3 not found" }, () => {
  const shim = buildWheelShim(join(work.path, "shim"));
  const site = join(work.path, "site");
  const unzip = spawnSync("python3", ["-m", "zipfile", "-e", shim.path!, site], { env: cleanPythonEnv() });
  assert.equal(unzip.status, 0, String(unzip.stderr));
  const tree = join(work.path, "weather");
  cpSync(join(repoRoot(), "demo", "demo-weather"), tree, { recursive: true });
  const out = join(work.path, "out");
  const build = spawnSync("python3", ["setup.py", "-q", "bdist_wheel", "--dist-dir", out], { cwd: tree, env: cleanPythonEnv({ PYTHONPATH: site }), encoding: "utf8" });
  assert.equal(build.status, 0, build.stderr);
  assert.deepEqual(readdirSync(out), ["demo_weather-2.0.1-py3-none-any.whl"]);
  const show = spawnSync("python3", ["-c", [
    "import sys, zipfile",
    "z = zipfile.ZipFile(sys.argv[1])",
    "print(z.read('demo_weather-2.0.1.dist-info/METADATA').decode())",
    "print(z.read('demo_weather-2.0.1.dist-info/entry_points.txt').decode())",
    "print('\\n'.join(z.namelist()))",
  ].join("\n"), join(out, "demo_weather-2.0.1-py3-none-any.whl")], { env: cleanPythonEnv(), encoding: "utf8" });
  assert.equal(show.status, 0, show.stderr);
  assert.match(show.stdout, /Requires-Dist: demo-inotify>=0\.2; \(sys_platform == "linux"\)/);
  assert.match(show.stdout, /Provides-Extra: cli/);
  assert.match(show.stdout, /Requires-Dist: demo-colors>=1\.0; extra == "cli"/);
  assert.match(show.stdout, /demo-weather = demo_weather\.cli:main/);
  assert.match(show.stdout, /^demo_weather\/cli\.py$/m);
  assert.match(show.stdout, /^demo_weather-2\.0\.1\.dist-info\/RECORD$/m);
});
