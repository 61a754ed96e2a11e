import { test } from "node:test";
import assert from "node:assert/strict";
import { androidPlatforms, iosPlatforms, macPlatforms, normalizePlatformString } from "../../src/tags/index.js";

test("macPlatforms on 10.x walks minors down with the binary formats of each", () => {
  const tags = macPlatforms([10, 5], "x86_64");
  assert.deepEqual(tags.slice(0, 6), ["macosx_10_5_x86_64", "macosx_10_5_intel", "macosx_10_5_fat64", "macosx_10_5_fat3", "macosx_10_5_universal2", "macosx_10_5_universal"]);
  assert.equal(tags.length, 12);
  assert.equal(tags.at(-1), "macosx_10_4_universal");
});

test("macPlatforms from 11 on lists X_0 of each major, then 10.16..10.4", () => {
  const arm = macPlatforms([14, 2], "arm64");
  assert.deepEqual(arm.slice(0, 4), ["macosx_14_0_arm64", "macosx_14_0_universal2", "macosx_13_0_arm64", "macosx_13_0_universal2"]);
  assert.equal(arm.length, 8 + 13);
  assert.equal(arm.at(-1), "macosx_10_4_universal2");
  assert.ok(!arm.includes("macosx_10_16_arm64"));
  const x86 = macPlatforms([11, 3], "x86_64");
  assert.equal(x86[0], "macosx_11_0_x86_64");
  assert.ok(x86.includes("macosx_10_9_x86_64"));
  assert.equal(x86.length, 6 + 13 * 6);
});

test("macPlatforms knows old CPUs", () => {
  assert.deepEqual(macPlatforms([10, 3], "x86_64"), []);
  assert.deepEqual(macPlatforms([10, 5], "ppc64"), ["macosx_10_5_ppc64", "macosx_10_5_fat64", "macosx_10_5_universal", "macosx_10_4_ppc64", "macosx_10_4_fat64", "macosx_10_4_universal"]);
  assert.deepEqual(macPlatforms([10, 7], "ppc").slice(0, 1), ["macosx_10_6_ppc"]);
});

test("iosPlatforms counts down to 12.0", () => {
  const tags = iosPlatforms([13, 1], "arm64-iphoneos");
  assert.deepEqual(tags.slice(0, 3), ["ios_13_1_arm64_iphoneos", "ios_13_0_arm64_iphoneos", "ios_12_9_arm64_iphoneos"]);
  assert.equal(tags.length, 2 + 10);
  assert.deepEqual(iosPlatforms([11, 0], "arm64-iphoneos"), []);
});

test("androidPlatforms stops at API level 16 and normalizes the ABI", () => {
  assert.deepEqual(androidPlatforms(18, "armeabi-v7a"), ["android_18_armeabi_v7a", "android_17_armeabi_v7a", "android_16_armeabi_v7a"]);
  assert.deepEqual(androidPlatforms(15, "x86"), []);
  assert.equal(normalizePlatformString("macosx-10.9 x"), "macosx_10_9_x");
});
