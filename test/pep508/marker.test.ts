import { test } from "node:test";
import assert from "node:assert/strict";
import {
  EXAMPLE_ENVIRONMENT, InvalidMarker, Marker, UndefinedComparison, UndefinedEnvironmentName,
} from "../../src/pep508/index.js";
import type { EvaluationEnvironment } from "../../src/pep508/index.js";

const normalized: [string, string][] = [
  ["os.name=='posix'", 'os_name == "posix"'],
  ["python_implementation == 'CPython'", 'platform_python_implementation == "CPython"'],
  ["((python_version>'3'))", 'python_version > "3"'],
  ['python_version < "3.10" and ((sys_platform == "linux" or sys_platform == "darwin"))',
    'python_version < "3.10" and (sys_platform == "linux" or sys_platform == "darwin")'],
  ["(os_name == 'a') or (os_name == 'b' and os_name == 'c')", 'os_name == "a" or (os_name == "b" and os_name == "c")'],
  ["extra == 'Foo.Bar'", 'extra == "foo-bar"'],
  ["'Foo' in dependency_groups", '"foo" in dependency_groups'],
  ["extra == os_name", "extra == os_name"],
  ["os_name == 'a\"b'", "os_name == 'a\"b'"],
  ["os_name == '\\x41\\t\\u00e9\\101\\d'", 'os_name == "A\téA\\d"'],
  ["os_name not  in 'x'", 'os_name not in "x"'],
];

for (const [input, expected] of normalized) {
  test(`prints ${JSON.stringify(input)} as packaging does`, () => {
    assert.equal(Marker.parse(input).toString(), expected);
  });
}

const invalid: [string, [number, number], RegExp][] = [
  ["this_isnt_a_real_variable >= '1.0'", [0, 0], /marker variable or quoted string/],
  ["python_version", [14, 14], /marker operator/],
  ["(python_version == '2.7') with random text", [26, 26], /end of marker expression/],
  ["python_version >= '3'\r", [21, 21], /end of marker expression/],
  ["(os_name == 'a'", [0, 15], /RIGHT_PARENTHESIS/],
  ["os_name == \"\\x\"", [11, 15], /Invalid quoted string/],
  ["os_name == 'a\nb'", [11, 16], /Invalid quoted string/],
  ["os_name == '\\N{LATIN SMALL LETTER A}'", [11, 37], /Invalid quoted string/],
  ["'3.6'inpython_version", [5, 5], /marker operator/],
  ["os_name == 'a' andos_name == 'b'", [15, 15], /end of marker expression/],
];

for (const [input, span, message] of invalid) {
  test(`rejects marker ${JSON.stringify(input)} at ${span.join("-")}`, () => {
    assert.throws(() => Marker.parse(input), (e: unknown) => {
      assert.ok(e instanceof InvalidMarker);
      assert.equal(e.code, "invalid-marker");
      assert.deepEqual(e.span, span);
      assert.match(e.message, message);
      return true;
    });
  });
}

function env(overrides: Record<string, unknown> = {}): EvaluationEnvironment {
  return { ...EXAMPLE_ENVIRONMENT, ...overrides } as EvaluationEnvironment;
}

const evaluations: [string, Record<string, unknown>, boolean][] = [
  ["python_version >= '3.8'", {}, true],
  ["python_version >= '3.12'", {}, false],
  ["python_full_version < '3.12'", { python_full_version: "3.11.1+" }, true],
  ["python_full_version > '3.6.2'", { python_full_version: "3.11.0a5" }, true],
  ["'2.7' in python_version", { python_version: "2.7.5" }, true],
  ["os_name < 'z'", {}, false],
  ["os_name <= 'posix'", {}, true],
  ["extra == 'Sec_urity'", { extra: "SEC.URITY" }, true],
  ["extra == 'x'", { extra: null }, false],
  ["os_name == 'a' or os_name == 'posix' and sys_platform == 'linux'", {}, true],
  ["(os_name == 'a' or os_name == 'posix') and sys_platform == 'win32'", {}, false],
];

for (const [marker, overrides, expected] of evaluations) {
  test(`evaluates ${marker} with ${JSON.stringify(overrides)} to ${expected}`, () => {
    assert.equal(Marker.parse(marker).evaluate(env(overrides)), expected);
  });
}

test("extras and dependency_groups are sets of normalized names in the lock_file context", () => {
  const m = Marker.parse("'Foo.Bar' in extras and 'dev' not in dependency_groups");
  assert.equal(m.evaluate(env({ extras: new Set(["foo_bar"]) }), "lock_file"), true);
  assert.equal(m.evaluate(env(), "lock_file"), false);
  assert.throws(() => m.evaluate(env(), "metadata"), UndefinedEnvironmentName);
  assert.throws(() => Marker.parse("extras == 'a'").evaluate(env(), "lock_file"), UndefinedComparison);
});

test("extra is only defined by default in the metadata context", () => {
  const m = Marker.parse("extra == 'a'");
  assert.equal(m.evaluate(env(), "metadata"), false);
  assert.throws(() => m.evaluate(env(), "requirement"), (e: UndefinedEnvironmentName) =>
    e.code === "undefined-environment-name" && e.variable === "extra");
});

test("every comparison is evaluated, so an undefined variable raises even after a true 'or'", () => {
  assert.throws(() => Marker.parse("os_name == 'posix' or 'a' in extras").evaluate(env()), UndefinedEnvironmentName);
});

test("~= and === on non-version variables are undefined comparisons", () => {
  assert.throws(() => Marker.parse("'2.7.0' ~= os_name").evaluate(env()), (e: UndefinedComparison) => e.code === "undefined-comparison");
  assert.throws(() => Marker.parse("sys_platform === 'linux'").evaluate(env()), UndefinedComparison);
});

test("and / or combine markers with the parentheses packaging prints", () => {
  const a = Marker.parse("os_name == 'a' or os_name == 'b'");
  const b = Marker.parse("python_version >= '3'");
  assert.equal(a.and(b).toString(), '(os_name == "a" or os_name == "b") and python_version >= "3"');
  assert.equal(b.or(b).toString(), 'python_version >= "3" or python_version >= "3"');
  assert.ok(a.equals(Marker.parse('(os_name=="a" or os_name=="b")')));
});

test("evaluateForExtras holds when the marker is true for one requested extra", () => {
  const m = Marker.parse("extra == 'socks' and python_version >= '3'");
  assert.equal(m.evaluateForExtras(env(), ["security", "SOCKS"]), true);
  assert.equal(m.evaluateForExtras(env(), ["security"]), false);
  assert.equal(m.evaluateForExtras(env(), []), false);
  assert.equal(Marker.parse("os_name == 'posix'").evaluateForExtras(env(), []), true);
});
