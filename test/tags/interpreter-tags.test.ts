import { test } from "node:test";
import assert from "node:assert/strict";
import { compatibleTags, cpythonAbis, cpythonTags, genericTags, InvalidTagArgument, purePythonTags } from "../../src/tags/index.js";

const s = (tags: { toString(): string }[]): string[] => tags.map(String);

test("cpythonTags: own ABI, abi3, none, then abi3 of older minors down to 3.2", () => {
  assert.deepEqual(s(cpythonTags([3, 3], ["cp33m"], ["p1", "p2"])), [
    "cp33-cp33m-p1", "cp33-cp33m-p2", "cp33-abi3-p1", "cp33-abi3-p2", "cp33-none-p1", "cp33-none-p2", "cp32-abi3-p1", "cp32-abi3-p2",
  ]);
  assert.deepEqual(s(cpythonTags([3, 1], ["cp31"], ["p"])), ["cp31-cp31-p", "cp31-none-p"]);
  assert.deepEqual(s(cpythonTags([3, 0], ["abi3"], ["any"])), ["cp30-none-any"]);
  assert.equal(cpythonTags([3, 11], ["cp311"], ["p"]).length, 3 + 9);
});

test("cpythonTags uses abi3t for a free-threaded ABI", () => {
  const tags = s(cpythonTags([3, 13], ["cp313t", "abi3t"], ["p"]));
  assert.deepEqual(tags.slice(0, 4), ["cp313-cp313t-p", "cp313-abi3t-p", "cp313-none-p", "cp312-abi3t-p"]);
  assert.ok(!tags.some((t) => t.includes("-abi3-")));
});

test("cpythonAbis mirrors the build flags", () => {
  assert.deepEqual(cpythonAbis([3, 11]), ["cp311"]);
  assert.deepEqual(cpythonAbis([3, 11], { debug: true }), ["cp311d", "cp311"]);
  assert.deepEqual(cpythonAbis([3, 13], { freeThreaded: true }), ["cp313t"]);
  assert.deepEqual(cpythonAbis([3, 12], { freeThreaded: true }), ["cp312"]);
  assert.deepEqual(cpythonAbis([3, 7]), ["cp37m"]);
  assert.deepEqual(cpythonAbis([3, 7], { debug: true }), ["cp37dm"]);
});

test("genericTags adds the none ABI once", () => {
  assert.deepEqual(s(genericTags("pp310", ["pypy310_pp73"], ["p"])), ["pp310-pypy310_pp73-p", "pp310-none-p"]);
  assert.deepEqual(s(genericTags("x1", ["none"], ["p"])), ["x1-none-p"]);
});

test("compatibleTags and purePythonTags list py* newest first", () => {
  assert.deepEqual(s(compatibleTags([3], "cp33", ["plat"])), ["py3-none-plat", "cp33-none-any", "py3-none-any"]);
  assert.deepEqual(s(compatibleTags([3], null, [])), ["py3-none-any"]);
  assert.deepEqual(s(purePythonTags([3, 2])), ["py32-none-any", "py3-none-any", "py31-none-any", "py30-none-any"]);
  assert.throws(() => purePythonTags([]), InvalidTagArgument);
});
