import { test } from "node:test";
import assert from "node:assert/strict";
import { cacheRoot, interpreterTags } from "../../src/operations/environment.js";
import type { InterpreterInfo } from "../../src/python/interpreter.js";

test("cache root: --cache-dir, then PIP_ACCEL_CACHE, then pip-accel.conf, then ~/.pip-accel (root: /var/cache/pip-accel)", () => {
  const fallback = process.getuid?.() === 0 ? "/var/cache/pip-accel" : "/home/u/.pip-accel";
  const env = { HOME: "/home/u" };
  assert.equal(cacheRoot("~/given", { ...env, PIP_ACCEL_CACHE: "/env" }, "/conf"), "/home/u/given");
  assert.equal(cacheRoot(undefined, { ...env, PIP_ACCEL_CACHE: "/env" }, "/conf"), "/env");
  assert.equal(cacheRoot(undefined, env, "/conf"), "/conf");
  assert.equal(cacheRoot(undefined, env), fallback);
  assert.equal(cacheRoot(undefined, { ...env, PIP_ACCEL_CACHE: "" }), fallback);
});

function info(platform: string, libc: InterpreterInfo["tags"]["libc"]): InterpreterInfo {
  return {
    implementation: "cpython", versionInfo: [3, 11, 7, "final", 0], pointerSize: 64,
    tags: { soabi: "cpython-311-x86_64-linux-gnu", extSuffix: ".cpython-311-x86_64-linux-gnu.so", pyDebug: false, pyGilDisabled: false, withPymalloc: false, platform, macVersion: null, libc },
  } as unknown as InterpreterInfo;
}

test("tags of a glibc CPython 3.11: interpreter ABI first, manylinux up to the glibc version, pure last", () => {
  const tags = interpreterTags(info("linux-x86_64", { kind: "glibc", version: "2.36" }));
  assert.match(tags[0]!, /^cp311-cp311-/);
  assert.ok(tags.includes("cp311-cp311-manylinux_2_36_x86_64"));
  assert.ok(!tags.includes("cp311-cp311-manylinux_2_37_x86_64"));
  assert.ok(tags.includes("cp311-abi3-manylinux2014_x86_64"));
  assert.ok(tags.includes("cp311-cp311-linux_x86_64"));
  assert.ok(tags.indexOf("cp311-abi3-linux_x86_64") > tags.indexOf("cp311-cp311-manylinux1_x86_64"));
  assert.equal(tags[tags.length - 1], "py30-none-any");
  assert.ok(tags.includes("py3-none-any"));
});

test("tags without a known libc: only linux_<arch>", () => {
  const tags = interpreterTags(info("linux-x86_64", null));
  assert.equal(tags[0], "cp311-cp311-linux_x86_64");
  assert.ok(!tags.some((t) => t.includes("manylinux")));
});
