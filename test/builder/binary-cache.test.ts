import assert from "node:assert/strict";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { BinaryCache } from "../../src/builder/binary-cache.js";
import { binaryKey, binaryKeyString, interpreterKey, type BinaryKey } from "../../src/builder/binary-key.js";
import type { InterpreterInfo } from "../../src/python/interpreter.js";
import { tempDir } from "../kit/repo.js";

const KEY: BinaryKey = { name: "pa-demo", version: "1.0", sdistSha256: "ab".repeat(32), implementation: "cp", pythonVersion: "3.11", abi: "cpython-311-x86_64-linux-gnu", platform: "linux-x86_64-glibc2.36" };

describe("binary key", () => {
  const info = {
    implementation: "cpython", versionInfo: [3, 12, 1, "final", 0],
    tags: { soabi: "cpython-312-x86_64-linux-musl", pyDebug: false, pyGilDisabled: false, platform: "linux-x86_64", libc: { kind: "musl", version: "1.2" } },
  } as unknown as InterpreterInfo;

  it("includes implementation, version, ABI and the libc flavour", () => {
    assert.deepEqual(interpreterKey(info), { implementation: "cp", pythonVersion: "3.12", abi: "cpython-312-x86_64-linux-musl", platform: "linux-x86_64-musl1.2" });
  });
  it("canonicalises the name and tells sdists apart by hash", () => {
    const a = binaryKey("Pa_Demo", "1.0", "11".repeat(32), info);
    const b = binaryKey("pa.demo", "1.0", "22".repeat(32), info);
    assert.equal(a.name, "pa-demo");
    assert.notEqual(binaryKeyString(a), binaryKeyString(b));
    assert.match(binaryKeyString(a), /^pa_demo-1\.0-1111111111111111-cp3\.12-cpython_312_x86_64_linux_musl-linux_x86_64_musl1\.2$/);
  });
});

describe("BinaryCache", () => {
  const dir = tempDir("bincache");
  after(() => dir.cleanup());
  const file = join(dir.path, "input.tar.gz");
  writeFileSync(file, "pretend archive");

  it("misses, then hits after put, with the sha256 recorded", () => {
    const cache = new BinaryCache(join(dir.path, "c1"));
    assert.equal(cache.get(KEY), null);
    const put = cache.put(KEY, file, "binary");
    assert.match(put.path, /binaries-v1\/pa-demo\/.*\.tar\.gz$/);
    assert.equal(cache.has(KEY), true);
    assert.equal(cache.get(KEY)?.sha256, put.sha256);
    assert.equal(cache.list().length, 1);
  });

  it("treats a truncated archive as missing and removes the entry", () => {
    const cache = new BinaryCache(join(dir.path, "c2"));
    const put = cache.put(KEY, file, "wheel");
    assert.match(put.path, /\.whl$/);
    writeFileSync(put.path, "pretend");
    assert.equal(cache.get(KEY), null);
    assert.deepEqual(readdirSync(join(cache.root, "pa-demo")), []);
  });

  it("treats an archive without its record (a crash between the two renames) as missing", () => {
    const cache = new BinaryCache(join(dir.path, "c3"));
    const put = cache.put(KEY, file, "binary");
    rmSync(`${put.path.replace(/\.tar\.gz$/, "")}.json`);
    assert.equal(cache.has(KEY), false);
    assert.deepEqual(cache.list(), []);
  });

  it("removes an entry", () => {
    const cache = new BinaryCache(join(dir.path, "c4"));
    const put = cache.put(KEY, file, "binary");
    cache.remove(put);
    assert.equal(cache.has(KEY), false);
  });
});
