import { test } from "node:test";
import assert from "node:assert/strict";
import { parseMarker } from "../../src/pep508/index.js";
import { markerMentionsExtra, parseRequested, parseRequirementText } from "../../src/resolver/python-requirements.js";

const ENV = {
  implementation_name: "cpython", implementation_version: "3.11.4", os_name: "posix", platform_machine: "x86_64",
  platform_release: "", platform_system: "Linux", platform_version: "", python_full_version: "3.11.4",
  platform_python_implementation: "CPython", python_version: "3.11", sys_platform: "linux",
};

test("requirement text is parsed by src/pep508, extras normalised and sorted", () => {
  const r = parseRequirementText("Foo_Bar[Test_X, docs] (>=1.0,<2) ; python_version >= '3.8'");
  assert.deepEqual([r.name, r.extras, r.specifier.toString(), r.url], ["Foo_Bar", ["docs", "test-x"], "<2,>=1.0", null]);
  const u = parseRequirementText("pkg @ https://example.org/pkg-1.0.tar.gz ; os_name == 'nt'");
  assert.equal(u.url, "https://example.org/pkg-1.0.tar.gz");
  assert.equal(u.marker!.evaluate({ ...ENV, extra: "" }), false);
});

test("invalid requirement text raises invalid-requirement with the location", () => {
  assert.throws(() => parseRequirementText("[x]", "req.txt:3"), { code: "invalid-requirement", location: "req.txt:3" });
});

const mentions: [string, boolean][] = [
  ["extra == 'test'", true],
  ["python_version >= '3'", false],
  ["(os_name == 'nt' or (sys_platform == 'linux' and 'x' == extra))", true],
  ["os_name == 'posix' and sys_platform != 'extra'", false],
];
for (const [text, expected] of mentions) {
  test(`markerMentionsExtra(${text}) = ${expected}`, () => assert.equal(markerMentionsExtra(parseMarker(text)), expected));
}

test("parseRequested drops requests whose marker does not hold and normalises hashes", () => {
  assert.equal(parseRequested("a ; sys_platform == 'win32'", ENV), null);
  const found = parseRequested({ text: "a==1", hashes: ["sha256=ABCD"] }, ENV);
  assert.deepEqual(found?.hashes, ["sha256:abcd"]);
  const input = parseRequested({ name: "B", extras: ["X_Y"], specifier: ">=2", marker: "os_name == 'posix'" }, ENV);
  assert.deepEqual([input?.parsed.extras, input?.parsed.specifier.toString()], [["x-y"], ">=2"]);
});
