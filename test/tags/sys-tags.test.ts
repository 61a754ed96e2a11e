import { test } from "node:test";
import assert from "node:assert/strict";
import { bestTagRank, parseTag, platformTags, sysTags, tagPriority } from "../../src/tags/index.js";
import type { InterpreterDescription } from "../../src/tags/index.js";

// Expected counts and positions were cross-checked against packaging's own
// generators fed the same platform lists (linux_* first, as in packaging 26.3+).

const cp311Manylinux: InterpreterDescription = {
  implementation: "cp", pythonVersion: [3, 11],
  platform: { os: "linux", arch: "x86_64", libc: { kind: "glibc", version: [2, 36] } },
};

test("sysTags: CPython 3.11 on manylinux glibc 2.36 x86_64", () => {
  const tags = sysTags(cp311Manylinux).map(String);
  assert.equal(tags.length, 914);
  assert.deepEqual(tags.slice(0, 3), ["cp311-cp311-linux_x86_64", "cp311-cp311-manylinux_2_36_x86_64", "cp311-cp311-manylinux_2_35_x86_64"]);
  assert.deepEqual(tags.slice(-3), ["py32-none-any", "py31-none-any", "py30-none-any"]);
  const at = (t: string): number => tags.indexOf(t);
  assert.ok(at("cp311-cp311-manylinux2014_x86_64") < at("cp311-abi3-manylinux_2_36_x86_64"));
  assert.ok(at("cp311-abi3-manylinux1_x86_64") < at("cp311-none-linux_x86_64"));
  assert.ok(at("cp310-abi3-manylinux_2_17_x86_64") < at("py311-none-manylinux_2_17_x86_64"));
  assert.equal(at("cp311-none-any"), tags.length - 14);
  assert.equal(new Set(tags).size, tags.length);
});

test("sysTags: CPython 3.12 on musl 1.2 aarch64", () => {
  const tags = sysTags({
    implementation: "cp", pythonVersion: [3, 12],
    platform: { os: "linux", arch: "aarch64", libc: { kind: "musl", version: [1, 2] } },
  }).map(String);
  assert.equal(tags.length, 123);
  assert.deepEqual(tags.slice(0, 5), [
    "cp312-cp312-linux_aarch64", "cp312-cp312-musllinux_1_2_aarch64", "cp312-cp312-musllinux_1_1_aarch64",
    "cp312-cp312-musllinux_1_0_aarch64", "cp312-abi3-linux_aarch64",
  ]);
  assert.ok(!tags.some((t) => t.includes("manylinux")));
});

test("sysTags: CPython 3.11 on macOS 14.2 arm64", () => {
  const tags = sysTags({ implementation: "cp", pythonVersion: [3, 11], platform: { os: "macos", version: [14, 2], arch: "arm64" } }).map(String);
  assert.equal(tags.length, 539);
  assert.deepEqual(tags.slice(0, 3), ["cp311-cp311-macosx_14_0_arm64", "cp311-cp311-macosx_14_0_universal2", "cp311-cp311-macosx_13_0_arm64"]);
  assert.equal(tags.indexOf("cp311-abi3-macosx_10_9_universal2"), 36);
  assert.equal(tags.indexOf("py3-none-macosx_11_0_arm64"), 279);
  assert.ok(!tags.includes("cp311-cp311-macosx_10_9_x86_64"));
});

test("sysTags: PyPy uses generic tags and pp3-none-any; Windows and explicit platforms", () => {
  const pp = sysTags({ implementation: "pp", pythonVersion: [3, 10], abis: ["pypy310_pp73"], platform: { os: "windows", arch: "amd64" } }).map(String);
  assert.equal(pp.length, 27);
  assert.deepEqual(pp.slice(0, 4), ["pp310-pypy310_pp73-win_amd64", "pp310-none-win_amd64", "py310-none-win_amd64", "py3-none-win_amd64"]);
  assert.ok(pp.includes("pp3-none-any"));
  assert.deepEqual(platformTags({ os: "windows", arch: "win32" }), ["win32"]);
  assert.deepEqual(platformTags({ os: "other", platforms: ["any_plat"] }), ["any_plat"]);
  const debug = sysTags({ implementation: "cp", pythonVersion: [3, 11], debug: true, platform: { os: "windows", arch: "arm64" } }).map(String);
  assert.deepEqual(debug.slice(0, 2), ["cp311-cp311d-win_arm64", "cp311-cp311-win_arm64"]);
});

test("tagPriority and bestTagRank rank wheels by their best supported tag", () => {
  const priority = tagPriority(sysTags(cp311Manylinux));
  assert.equal(priority.get("cp311-cp311-linux_x86_64"), 0);
  assert.equal(bestTagRank("py3-none-any", priority), 902);
  const manylinux = bestTagRank(parseTag("cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64"), priority)!;
  assert.equal(manylinux, priority.get("cp311-cp311-manylinux_2_17_x86_64"));
  assert.ok(manylinux < bestTagRank("cp37-abi3-manylinux2014_x86_64", priority)!);
  assert.equal(bestTagRank("cp311-cp311-win_amd64", priority), null);
  assert.deepEqual([...tagPriority(["a-b-c", "d-e-f", "a-b-c"])], [["a-b-c", 0], ["d-e-f", 1]]);
});
