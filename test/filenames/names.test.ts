import { test } from "node:test";
import assert from "node:assert/strict";
import { canonicalizeName, canonicalizeVersion, InvalidName, isNormalizedName, isValidName } from "../../src/filenames/index.js";
import { Version } from "../../src/pep440/index.js";

test("canonicalizeName lower-cases and collapses runs of -_. into one -", () => {
  const cases: [string, string][] = [
    ["Django", "django"], ["oslo.concurrency", "oslo-concurrency"], ["Foo.....Bar", "foo-bar"],
    ["foo__-._bar", "foo-bar"], ["_not_legal", "-not-legal"], ["h\ni", "h\ni"],
  ];
  for (const [input, expected] of cases) assert.equal(canonicalizeName(input), expected, input);
});

test("canonicalizeName with validate rejects names that are not distribution names", () => {
  for (const bad of ["_not_legal", "hi\n", "\nhi", "h\ni", "foo-", ".foo", "", "föo"]) {
    assert.throws(() => canonicalizeName(bad, { validate: true }), (e: unknown) => e instanceof InvalidName && e.code === "invalid-name", JSON.stringify(bad));
    assert.equal(isValidName(bad), false);
  }
  assert.equal(canonicalizeName("Zope.Interface", { validate: true }), "zope-interface");
  assert.equal(canonicalizeName("a", { validate: true }), "a");
});

test("isNormalizedName accepts exactly the canonical forms", () => {
  const cases: [string, boolean][] = [
    ["foo", true], ["a-b", true], ["1-1", true], ["a", true],
    ["Foo", false], ["foo.bar", false], ["foo_bar", false], ["a---b", false],
    // canonicalizeName("a--b") is "a-b": not normalised (packaging's old lookahead let it through; pypa/packaging#1230).
    ["a--b", false], ["1--1", false], ["-a", false], ["a-", false], ["", false],
  ];
  for (const [input, expected] of cases) assert.equal(isNormalizedName(input), expected, input);
});

test("canonicalizeVersion strips trailing release zeros unless asked not to", () => {
  const cases: [string, string, boolean?][] = [
    ["1.4.0", "1.4"], ["1.4.0.0.00.000.0000", "1.4"], ["1.0", "1"], ["1.0.dev0", "1.dev0"], ["1.0.post0", "1.post0"],
    ["1.0rc0", "1rc0"], ["100!0.0", "100!0"], ["0", "0"], ["1.0+local.0", "1+local.0"], ["lolwat", "lolwat"],
    ["1.4.0", "1.4.0", false], ["1.0", "1.0", false], ["1.0-RC1", "1.0rc1", false],
  ];
  for (const [input, expected, strip] of cases) {
    assert.equal(canonicalizeVersion(input, strip === undefined ? {} : { stripTrailingZero: strip }), expected, input);
  }
  assert.equal(canonicalizeVersion(Version.parse("2.0.0")), "2");
});
