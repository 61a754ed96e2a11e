import { test } from "node:test";
import assert from "node:assert/strict";
import {
  formatTagSet, InvalidTag, InvalidTagArgument, parseTag, Tag, TooManyTagsError, UnsortedTagsError,
} from "../../src/tags/index.js";

test("Tag lower-cases its components and prints interpreter-abi-platform", () => {
  const tag = new Tag("CP311", "Cp311", "Manylinux_2_17_X86_64");
  assert.equal(tag.toString(), "cp311-cp311-manylinux_2_17_x86_64");
  assert.equal(tag.interpreter, "cp311");
  assert.ok(tag.equals(new Tag("cp311", "cp311", "manylinux_2_17_x86_64")));
  assert.ok(!tag.equals(new Tag("cp311", "abi3", "manylinux_2_17_x86_64")));
});

test("parseTag expands compressed tag sets in interpreter, abi, platform order", () => {
  const cases: [string, string[]][] = [
    ["py3-none-any", ["py3-none-any"]],
    ["py2.py3-none-any", ["py2-none-any", "py3-none-any"]],
    ["cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64", ["cp310-cp310-manylinux_2_17_x86_64", "cp310-cp310-manylinux2014_x86_64"]],
    ["py3.py3-none-any", ["py3-none-any"]],
    ["graalpy311-none-any", ["graalpy311-none-any"]],
    ["PY3-NONE-ANY", ["py3-none-any"]],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parseTag(input).map(String), expected, input);
});

test("parseTag rejects malformed tags with the packaging error kinds", () => {
  const cases: [string, Parameters<typeof parseTag>[1], new (...a: never[]) => Error][] = [
    ["-none-any", {}, InvalidTag],
    ["py3.-none-any", {}, InvalidTag],
    ["py3.2-none-any", {}, InvalidTag],
    ["py+3-none-any", {}, InvalidTag],
    ["py3-none", {}, InvalidTag],
    ["py3-none-any-extra", {}, InvalidTag],
    ["py2.py3-none-any", { limit: 1 }, TooManyTagsError],
    ["py3.py3-none-any", { limit: 1 }, TooManyTagsError],
    ["py3-none-any", { limit: -1 }, InvalidTagArgument],
    ["py3.py2-none-any", { validateOrder: true }, UnsortedTagsError],
    ["py3-none-b.a", { validateOrder: true }, UnsortedTagsError],
  ];
  for (const [input, options, kind] of cases) {
    assert.throws(() => parseTag(input, options), (e: unknown) => e instanceof kind, `${input} ${JSON.stringify(options)}`);
  }
});

test("parseTag errors carry stable codes and the input", () => {
  assert.throws(() => parseTag("py3-none"), { code: "invalid-tag", input: "py3-none" });
  assert.throws(() => parseTag("a.b-c.d-e", { limit: 3 }), { code: "too-many-tags", message: /4 tags, exceeding limit 3/ });
  assert.throws(() => parseTag("py3.py2-none-any", { validateOrder: true }), { code: "unsorted-tags" });
});

test("parseTag accepts a limit equal to the expansion and sorted sets under validateOrder", () => {
  assert.equal(parseTag("py2.py3-none-any", { limit: 2, validateOrder: true }).length, 2);
  assert.equal(parseTag("py3-none-any", { limit: 1 }).length, 1);
  assert.throws(() => parseTag("py3-none-any", { limit: 0 }), TooManyTagsError);
});

test("formatTagSet compresses and sorts each component", () => {
  const tags = parseTag("py3.py2-none-manylinux_2_17_x86_64.manylinux2014_x86_64");
  assert.equal(formatTagSet(tags), "py2.py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64");
  assert.equal(formatTagSet([new Tag("cp311", "abi3", "win_amd64")]), "cp311-abi3-win_amd64");
});
