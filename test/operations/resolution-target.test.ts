import { test } from "node:test";
import assert from "node:assert/strict";
import { parsePythonVersion, resolutionTarget, type TargetSpec } from "../../src/operations/resolution-target.js";
import { sortVersions } from "../../src/operations/resolution.js";

const versions: [string, [number, number, number]][] = [["3.11", [3, 11, 0]], ["311", [3, 11, 0]], ["3", [3, 0, 0]], ["3.12.4", [3, 12, 4]]];
for (const [text, expected] of versions) test(`parsePythonVersion(${text})`, () => assert.deepEqual(parsePythonVersion(text), expected));

test("parsePythonVersion rejects junk with a code", () => {
  assert.throws(() => parsePythonVersion("3.x"), { code: "invalid-python-version" });
});

function spec(given: Partial<TargetSpec>): TargetSpec {
  return { env: {}, cwd: "/", cacheDir: "/nonexistent", ...given };
}

test("an explicit target needs no interpreter: tags and markers from --python-version/--platform", async () => {
  const env = await resolutionTarget(spec({ pythonVersion: "3.12", platforms: ["manylinux_2_17_x86_64"] }));
  assert.equal(env.tags[0], "cp312-cp312-manylinux_2_17_x86_64");
  assert.ok(env.tags.includes("py3-none-any"));
  assert.ok(!env.tags.some((t) => t.includes("manylinux_2_28")), "platforms are used as given");
  assert.equal(env.markers["python_full_version"], "3.12.0");
  assert.equal(env.markers["python_version"], "3.12");
  assert.equal(env.markers["sys_platform"], "linux");
  assert.equal(env.markers["platform_machine"], "x86_64");
});

test("--implementation and --abi shape the tags; windows platforms give nt markers", async () => {
  const env = await resolutionTarget(spec({ pythonVersion: "3.10", platforms: ["win_amd64"], implementation: "pp", abis: ["pypy310_pp73"] }));
  assert.equal(env.tags[0], "pp310-pypy310_pp73-win_amd64");
  assert.deepEqual([env.markers["os_name"], env.markers["sys_platform"], env.markers["implementation_name"]], ["nt", "win32", "pypy"]);
});

test("sortVersions: distinct, newest first, pre-releases only when asked", () => {
  assert.deepEqual(sortVersions(["1.0", "2.0rc1", "1.10", "1.0.0", "junk"], false), ["1.10", "1.0"]);
  assert.deepEqual(sortVersions(["1.0", "2.0rc1"], true), ["2.0rc1", "1.0"]);
});
