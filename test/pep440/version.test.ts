import { test } from "node:test";
import assert from "node:assert/strict";
import { InvalidVersion, Version, canonicalizeVersion, compareVersions, parseVersion } from "../../src/pep440/index.js";

test("normalizes spellings the way packaging does", () => {
  const table: [string, string][] = [
    ["1.0-1", "1.0.post1"], ["v1.0", "1.0"], ["V1.0", "1.0"], ["1.0ALPHA1", "1.0a1"], ["1!2.0c1", "1!2.0rc1"],
    ["1.0+Ubuntu-1", "1.0+ubuntu.1"], ["1.0+007", "1.0+7"], [" 1.0\n", "1.0"], ["1.0.dev", "1.0.dev0"],
    ["1.0-r2", "1.0.post2"], ["1.0preview2", "1.0rc2"], ["1.0.rev", "1.0.post0"], ["0!1.0", "1.0"],
    ["1.0_beta.3-post-4.dev_5", "1.0b3.post4.dev5"], ["01.002", "1.2"], ["1.0a", "1.0a0"],
  ];
  for (const [input, normalized] of table) assert.equal(Version.parse(input).toString(), normalized, input);
});

test("rejects non-PEP 440 text with InvalidVersion carrying the input", () => {
  for (const input of ["", "french toast", "1.0+", "1..0", "1.0.", ".1", "1.0+a+", "1.0 a1", "1.0+İ", "٠١٢", "1.0+_x", "1!", "1.0-dev-1-"]) {
    assert.equal(parseVersion(input), null, input);
    assert.throws(() => Version.parse(input), (error: unknown) => {
      assert.ok(error instanceof InvalidVersion);
      assert.equal(error.code, "invalid-version");
      assert.equal(error.input, input);
      return true;
    });
  }
});

test("orders versions as PEP 440 says", () => {
  const increasing: [string, string][] = [
    ["1.0.dev0", "1.0a1.dev1"], ["1.0a1.dev1", "1.0a1"], ["1.0a1", "1.0a1.post1"], ["1.0a2", "1.0b1"],
    ["1.0b1", "1.0rc1"], ["1.0rc1", "1.0"], ["1.0", "1.0+local"], ["1.0+local", "1.0.post0.dev0"],
    ["1.0.post1.dev1", "1.0.post1"], ["1.0+abc", "1.0+1"], ["1.0+1", "1.0+1.0"], ["1.0+2", "1.0+10"],
    ["2.0", "1!0.1"], ["1.9", "1.10"], ["1.0", "1.0.1"], ["1.0.post1", "1.0.1.dev0"],
  ];
  for (const [a, b] of increasing) {
    assert.ok(Version.parse(a).compare(Version.parse(b)) < 0, `${a} < ${b}`);
    assert.ok(Version.parse(b).compare(Version.parse(a)) > 0, `${b} > ${a}`);
  }
  const equal: [string, string][] = [["1.0", "1.0.0"], ["1.0+ab.1", "1.0+AB-1"], ["0!1", "1"], ["1.0a1", "1.0.alpha.1"]];
  for (const [a, b] of equal) assert.ok(Version.parse(a).equals(Version.parse(b)), `${a} == ${b}`);
  const sorted = ["1.1", "1.0", "1!0.1", "1.0rc1", "0.9"].map((t) => Version.parse(t)).sort(compareVersions).map(String);
  assert.deepEqual(sorted, ["0.9", "1.0rc1", "1.0", "1.1", "1!0.1"]);
});

test("exposes packaging's fields and properties", () => {
  const v = Version.parse("1!2.3.4rc5.post6.dev7+Ab.8");
  assert.equal(v.epoch, 1);
  assert.deepEqual(v.release, [2, 3, 4]);
  assert.deepEqual(v.pre, ["rc", 5]);
  assert.equal(v.post, 6);
  assert.equal(v.dev, 7);
  assert.equal(v.local, "ab.8");
  assert.equal(v.public, "1!2.3.4rc5.post6.dev7");
  assert.equal(v.baseVersion, "1!2.3.4");
  assert.deepEqual([v.major, v.minor, v.micro], [2, 3, 4]);
  assert.deepEqual([v.isPrerelease, v.isPostrelease, v.isDevrelease], [true, true, true]);
  const w = Version.parse("7");
  assert.deepEqual([w.major, w.minor, w.micro, w.isPrerelease, w.local, w.pre], [7, 0, 0, false, null, null]);
  assert.equal(JSON.stringify({ w }), '{"w":"7"}');
});

test("parse results are cached and shared", () => {
  assert.equal(Version.parse("3.14.0"), Version.parse("3.14.0"));
  assert.equal(parseVersion("no"), null);
});

test("fromParts and replace build versions without text", () => {
  assert.equal(Version.fromParts({ release: [1, 2], pre: ["b", 1], local: "X_1" }).toString(), "1.2b1+x.1");
  const v = Version.parse("1.2.3a1+loc");
  assert.equal(v.replace({ pre: null, local: null }).toString(), "1.2.3");
  assert.equal(v.replace({ dev: 0 }).toString(), "1.2.3a1.dev0+loc");
  assert.throws(() => Version.fromParts({ release: [] }), InvalidVersion);
  assert.throws(() => Version.fromParts({ release: [1], local: "a+b" }), InvalidVersion);
  assert.throws(() => Version.fromParts({ release: [1, -1] }), InvalidVersion);
});

test("canonicalizeVersion strips trailing zeros unless told not to", () => {
  assert.equal(canonicalizeVersion("1.0.0"), "1");
  assert.equal(canonicalizeVersion("0.0.0"), "0");
  assert.equal(canonicalizeVersion("1.0.0", { stripTrailingZero: false }), "1.0.0");
  assert.equal(canonicalizeVersion("v1.4.0.0rc1+0.0"), "1.4rc1+0.0");
  assert.equal(canonicalizeVersion("foo bar"), "foo bar");
  assert.equal(canonicalizeVersion(Version.parse("2.10.0")), "2.10");
});
