import { test } from "node:test";
import assert from "node:assert/strict";
import { expandPlatform, expandPlatforms, expandTagPlatforms, linuxArchs, linuxPlatforms, manylinuxPlatforms, musllinuxPlatforms } from "../../src/tags/index.js";

test("manylinuxPlatforms on x86_64 goes down to glibc 2.5 with legacy aliases after their PEP 600 tag", () => {
  const tags = manylinuxPlatforms([2, 36], ["x86_64"]);
  assert.equal(tags[0], "manylinux_2_36_x86_64");
  assert.equal(tags.length, 32 + 3);
  const at = (t: string): number => tags.indexOf(t);
  assert.equal(at("manylinux2014_x86_64"), at("manylinux_2_17_x86_64") + 1);
  assert.equal(at("manylinux2010_x86_64"), at("manylinux_2_12_x86_64") + 1);
  assert.deepEqual(tags.slice(-2), ["manylinux_2_5_x86_64", "manylinux1_x86_64"]);
});

test("manylinuxPlatforms on other architectures stops at 2.17; unknown ones get none", () => {
  const tags = manylinuxPlatforms([2, 28], ["aarch64"]);
  assert.deepEqual(tags.slice(-2), ["manylinux_2_17_aarch64", "manylinux2014_aarch64"]);
  assert.equal(tags.length, 12 + 1);
  assert.deepEqual(manylinuxPlatforms([2, 28], ["sparc"]), []);
  assert.deepEqual(manylinuxPlatforms([2, 16], ["aarch64"]), []);
});

test("manylinuxPlatforms assumes minor 50 as the end of an older glibc major", () => {
  const tags = manylinuxPlatforms([3, 1], ["x86_64"]);
  assert.deepEqual(tags.slice(0, 3), ["manylinux_3_1_x86_64", "manylinux_3_0_x86_64", "manylinux_2_50_x86_64"]);
});

test("musllinuxPlatforms and armv8l", () => {
  assert.deepEqual(musllinuxPlatforms([1, 2], ["x86_64"]), ["musllinux_1_2_x86_64", "musllinux_1_1_x86_64", "musllinux_1_0_x86_64"]);
  assert.deepEqual(linuxArchs("armv8l"), ["armv8l", "armv7l"]);
  const arm = linuxPlatforms("armv8l", { kind: "glibc", version: [2, 17] });
  assert.deepEqual(arm.slice(0, 2), ["linux_armv8l", "linux_armv7l"]);
  assert.ok(arm.includes("manylinux2014_armv7l"));
});

test("linuxPlatforms puts linux_<arch> first (packaging 26.3+)", () => {
  assert.deepEqual(linuxPlatforms("x86_64", null), ["linux_x86_64"]);
  assert.deepEqual(linuxPlatforms("aarch64", { kind: "musl", version: [1, 1] }), ["linux_aarch64", "musllinux_1_1_aarch64", "musllinux_1_0_aarch64"]);
});

test("expandPlatform: a manylinux_2_36 target runs every older manylinux tag, then linux_<arch> (as uv)", () => {
  const tags = expandPlatform("manylinux_2_36_x86_64");
  assert.equal(tags[0], "manylinux_2_36_x86_64");
  for (const older of ["manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux_2_5_x86_64", "manylinux1_x86_64"]) {
    assert.ok(tags.includes(older), older);
  }
  assert.equal(tags.at(-1), "linux_x86_64");
  assert.ok(!tags.includes("manylinux_2_37_x86_64"));
  assert.deepEqual(expandPlatform("manylinux2014_aarch64").slice(0, 3), ["manylinux2014_aarch64", "manylinux_2_17_aarch64", "linux_aarch64"]);
  assert.deepEqual(expandPlatform("musllinux_1_2_x86_64"), ["musllinux_1_2_x86_64", "musllinux_1_1_x86_64", "musllinux_1_0_x86_64", "linux_x86_64"]);
  assert.deepEqual(expandPlatform("linux_x86_64"), ["linux_x86_64"]);
  assert.deepEqual(expandPlatform("win_amd64"), ["win_amd64"]);
  assert.deepEqual(expandPlatform("macosx_11_0_arm64"), ["macosx_11_0_arm64"]);
  assert.deepEqual(expandPlatforms(["manylinux_2_17_x86_64", "manylinux_2_5_x86_64"]).filter((t) => t === "manylinux_2_5_x86_64").length, 1);
});

test("expandTagPlatforms expands each tag in place and leaves a complete list as it is", () => {
  const tags = expandTagPlatforms(["cp311-cp311-manylinux_2_36_x86_64", "py3-none-any"]);
  assert.equal(tags[0], "cp311-cp311-manylinux_2_36_x86_64");
  assert.ok(tags.includes("cp311-cp311-manylinux_2_17_x86_64"));
  assert.ok(tags.includes("cp311-cp311-manylinux2014_x86_64"));
  assert.equal(tags.at(-1), "py3-none-any");
  assert.ok(tags.indexOf("cp311-cp311-linux_x86_64") < tags.indexOf("py3-none-any"));
  const own = ["cp311-cp311-linux_x86_64", ...manylinuxPlatforms([2, 36], ["x86_64"]).map((p) => `cp311-cp311-${p}`), "py3-none-any"];
  assert.equal(expandTagPlatforms(own), own);
});
