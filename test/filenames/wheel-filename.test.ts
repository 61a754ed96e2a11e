import { test } from "node:test";
import assert from "node:assert/strict";
import { compareBuildTags, formatWheelFilename, InvalidWheelFilename, parseWheelFilename } from "../../src/filenames/index.js";
import type { BuildTag } from "../../src/filenames/index.js";
import { parseTag } from "../../src/tags/index.js";

test("parseWheelFilename returns the normalized name, version, build tag and tags", () => {
  const wheel = parseWheelFilename("Foo.Bar-1.0-1000abc-py2.py3-none-any.whl");
  assert.equal(wheel.name, "foo-bar");
  assert.equal(wheel.version.toString(), "1.0");
  assert.deepEqual(wheel.build, [1000, "abc"]);
  assert.deepEqual(wheel.tags.map(String), ["py2-none-any", "py3-none-any"]);
  const unicode = parseWheelFilename("foo_bár-1.0-1000-py3-none-any.whl");
  assert.equal(unicode.name, "foo-bár");
  assert.deepEqual(unicode.build, [1000, ""]);
  assert.deepEqual(parseWheelFilename("foo-2-cp311-cp311-win_amd64.whl").build, []);
});

test("parseWheelFilename rejects what packaging rejects", () => {
  const bad = [
    "foo-1.0.whl", "foo-1.0-py3-none-any.wheel", "foo\n-1.0-py3-none-any.whl", "foo#bar-1.0-py3-none-any.whl",
    "-1.0-py3-none-any.whl", "-1.0-200-py3-none-any.whl", "foo-1.0-abc-py3-none-any.whl", "foo-1.0-200-py3-none-any-junk.whl",
    "foo-1.0--none-any.whl", "foo-1.0-py3-none-.whl", "foo-1.0-py3.-none-any.whl", "foo-bar-1.0-py3-none-any.whl",
    "foo__bar-1.0-py3-none-any.whl", "foo-bogus!-py3-none-any.whl",
  ];
  for (const filename of bad) {
    assert.throws(() => parseWheelFilename(filename), (e: unknown) => e instanceof InvalidWheelFilename && e.code === "invalid-wheel-filename" && e.input === filename, JSON.stringify(filename));
  }
});

test("parseWheelFilename with validateOrder rejects unsorted compressed tags", () => {
  const name = "pyvirtualcam-0.13.0-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl";
  assert.equal(parseWheelFilename(name).tags.length, 2);
  assert.throws(() => parseWheelFilename(name, { validateOrder: true }), InvalidWheelFilename);
  assert.equal(parseWheelFilename("foo-1.0-py2.py3-none-any.whl", { validateOrder: true }).tags.length, 2);
});

test("formatWheelFilename escapes the name and compresses the tags", () => {
  assert.equal(formatWheelFilename("Foo.Bar", "1.0", [], parseTag("py3.py2-none-any")), "foo_bar-1.0-py2.py3-none-any.whl");
  assert.equal(formatWheelFilename("x", "2", [3, "a"], parseTag("cp311-abi3-win_amd64")), "x-2-3a-cp311-abi3-win_amd64.whl");
  const round = parseWheelFilename(formatWheelFilename("zope.interface", "5.4.0", [1, ""], parseTag("cp39-cp39-manylinux1_x86_64")));
  assert.equal(round.name, "zope-interface");
  assert.deepEqual(round.build, [1, ""]);
});

test("compareBuildTags orders like Python tuples", () => {
  const sorted: BuildTag[] = [[2, "b"], [], [10, ""], [2, "a"]].sort((a, b) => compareBuildTags(a as BuildTag, b as BuildTag)) as BuildTag[];
  assert.deepEqual(sorted, [[], [2, "a"], [2, "b"], [10, ""]]);
});
