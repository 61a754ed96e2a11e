import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateMarker, parseMarker, parseRequirementText } from "../../src/resolver/pep508-interim.js";

const ENV = { python_version: "3.11", python_full_version: "3.11.4", sys_platform: "linux", os_name: "posix" };

test("parses names, extras, specifiers, URLs and markers", () => {
  const r = parseRequirementText("Foo_Bar[Test, docs] (>=1.0,<2) ; python_version >= '3.8'");
  assert.deepEqual([r.name, r.extras, r.specifier, r.url], ["Foo_Bar", ["docs", "test"], ">=1.0,<2", null]);
  const u = parseRequirementText("pkg @ https://example.org/pkg-1.0.tar.gz ; os_name == 'nt'");
  assert.equal(u.url, "https://example.org/pkg-1.0.tar.gz");
  assert.equal(evaluateMarker(u.marker!, ENV), false);
});

const markers: [string, Record<string, string>, boolean][] = [
  ["python_version >= '3.8' and sys_platform == 'linux'", {}, true],
  ["python_version < '3.10' or os_name == 'nt'", {}, false],
  ["extra == 'Test_Extra'", { extra: "test-extra" }, true],
  ["extra == 'test'", {}, false],
  ["'linux' in sys_platform", {}, true],
  ["python_full_version != '3.11.4'", {}, false],
  ["(os_name == 'nt' or os_name == 'posix') and extra != 'x'", {}, true],
];
for (const [text, extra, expected] of markers) {
  test(`marker ${text} -> ${expected}`, () => assert.equal(evaluateMarker(parseMarker(text), { ...ENV, ...extra }), expected));
}

test("invalid requirements raise an AccelError with a code", () => {
  assert.throws(() => parseRequirementText("[x]"), { code: "invalid-requirement" });
  assert.throws(() => parseMarker("python_version >="), { code: "invalid-requirement" });
});
