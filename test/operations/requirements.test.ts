import { test } from "node:test";
import assert from "node:assert/strict";
import { alreadySatisfied, isExactPin, toRequirementText, hashesByProject } from "../../src/operations/requirements.js";
import { parseEditableLine, parseRequirementLine } from "../../src/requirements-file/index.js";
import type { InstalledDistribution } from "../../src/installer/index.js";
import { NODE_PROBE } from "../../src/operations/local-files.js";

const CLI = { kind: "command-line" } as const;

const markers = { python_version: "3.11", python_full_version: "3.11.7", sys_platform: "linux", platform_system: "Linux", os_name: "posix", implementation_name: "cpython", platform_machine: "x86_64", platform_python_implementation: "CPython", implementation_version: "3.11.7", platform_release: "", platform_version: "" };

function dist(name: string, version: string, requiresDist: string[] = [], providesExtra: string[] = []): InstalledDistribution {
  return {
    name, canonicalName: name, version, kind: "dist-info", location: "/s", infoPath: "/s/x", metadata: { headers: [], body: "" },
    requiresDist, providesExtra, installer: null, requested: false, directUrl: null,
  };
}

const env = [dist("a", "1.0", ["b>=1", "c; extra == 'x'", "d; python_version < '3'"], ["x"]), dist("b", "1.5"), dist("c", "2.0")];

const satisfiedCases: Array<[string[], readonly InstalledDistribution[], boolean]> = [
  [["a"], env, true],
  [["a==1.0"], env, true],
  [["a>=2"], env, false],
  [["a[x]"], env, true],
  [["a[x]"], env.filter((d) => d.name !== "c"), false],
  [["a"], env.filter((d) => d.name !== "b"), false],
  [["a[y]"], env, false],
  [["zzz"], env, false],
  [["zzz; python_version < '3'"], env, true],
  [["a @ file:///a.whl"], env, false],
];

for (const [reqs, installed, expected] of satisfiedCases) {
  test(`alreadySatisfied(${reqs.join(", ")}) over ${installed.map((d) => d.name).join(",")} is ${expected}`, () => {
    assert.equal(alreadySatisfied(reqs, installed, markers), expected);
  });
}

test("isExactPin accepts == and === pins only", () => {
  assert.equal(isExactPin("a==1.0"), true);
  assert.equal(isExactPin({ text: "a[x]===1.0", hashes: [] }), true);
  assert.equal(isExactPin("a==1.*"), false);
  assert.equal(isExactPin("a>=1"), false);
  assert.equal(isExactPin("a==1,<2"), false);
  assert.equal(isExactPin("a"), false);
  assert.equal(isExactPin("a @ https://x/a-1.0.tar.gz"), false);
});

test("toRequirementText names archive paths from their file names and editables from #egg=", () => {
  const entry = parseRequirementLine("/tmp/wh/Foo_Bar-1.0-py3-none-any.whl", CLI, { probe: NODE_PROBE });
  assert.equal(toRequirementText(entry), "foo-bar @ file:///tmp/wh/Foo_Bar-1.0-py3-none-any.whl");
  assert.equal(toRequirementText(parseRequirementLine("pkg[x]>=1 ; python_version >= '3'", CLI, { probe: NODE_PROBE })).replace(/\s+/g, " "), 'pkg[x]>=1; python_version >= "3"');
  assert.equal(toRequirementText(parseEditableLine("git+https://example.invalid/p.git#egg=p", CLI, { probe: NODE_PROBE })), "p @ git+https://example.invalid/p.git#egg=p");
});

test("hashesByProject keys --hash values by normalised name", () => {
  const got = hashesByProject([{ text: "Foo_Bar==1.0", hashes: ["sha256:AA", "sha256:bb"] }, "plain>=1", { text: "x==1", hashes: [] }]);
  assert.deepEqual([...got], [["foo-bar", { sha256: ["aa", "bb"] }]]);
});
