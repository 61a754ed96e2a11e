import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { buildWheel } from "../kit/artifacts.js";
import { tempDir } from "../kit/repo.js";
import { writeZip } from "../../src/archive/zip-writer.js";
import { dependencyMetadata } from "../../src/metadata/core-metadata.js";
import { readWheelMetadata, readWheelMetadataByRanges, type RangeReader } from "../../src/metadata/wheel-metadata.js";

const dir = tempDir("wheel-md");
after(() => dir.cleanup());

const wheel = buildWheel({
  name: "Demo_Pkg", version: "1.2",
  files: { "demo_pkg/__init__.py": "X = 1\n", "demo_pkg/big.bin": randomBytes(200_000) },
  metadata: { requiresDist: ["idna>=2"], requiresPython: ">=3.8" },
}, dir.path);
const bytes = readFileSync(wheel.path);

test("METADATA of a whole wheel", () => {
  const deps = dependencyMetadata(readWheelMetadata(bytes, wheel.filename));
  assert.deepEqual([deps.name, deps.version, deps.requiresDist, deps.requiresPython], ["Demo_Pkg", "1.2", ["idna>=2"], ">=3.8"]);
});

function ranges(log: [number, number][]): RangeReader {
  return async (offset, length) => {
    log.push([offset, length]);
    return { start: offset, data: bytes.subarray(offset, offset + length) };
  };
}

test("METADATA through range reads: the tail, then the member when it is not in the tail", async () => {
  const log: [number, number][] = [];
  const md = await readWheelMetadataByRanges(ranges(log), bytes.length, wheel.filename);
  assert.deepEqual(dependencyMetadata(md).requiresDist, ["idna>=2"]);
  assert.ok(log.length <= 3, `at most three reads, got ${log.length}`);
  assert.ok(log.reduce((n, [, l]) => n + l, 0) < bytes.length, "less than the whole file was read");
});

test("a server answering with more than asked (start earlier) is handled", async () => {
  const md = await readWheelMetadataByRanges(async () => ({ start: 0, data: bytes }), bytes.length, wheel.filename);
  assert.equal(dependencyMetadata(md).version, "1.2");
});

test("zips without METADATA, or with two dist-info directories not named after the project, are refused", () => {
  const none = writeZip([{ path: "x/__init__.py", data: "" }]);
  assert.throws(() => readWheelMetadata(none, "x-1-py3-none-any.whl"), { code: "corrupt-archive" });
  const two = writeZip([{ path: "a-1.dist-info/METADATA", data: "Name: a\n" }, { path: "b-1.dist-info/METADATA", data: "Name: b\n" }]);
  assert.equal(dependencyMetadata(readWheelMetadata(two, "b-1-py3-none-any.whl")).name, "b");
  assert.throws(() => readWheelMetadata(two, "c-1-py3-none-any.whl"), /more than one/);
});

test("a corrupted member fails its CRC check", () => {
  const zip = writeZip([{ path: "a-1.dist-info/METADATA", data: "Name: a\nVersion: 1\n" }]);
  const broken = Buffer.from(zip);
  const at = broken.indexOf("Name: a");
  if (at >= 0) broken[at] = "X".charCodeAt(0);
  assert.throws(() => readWheelMetadata(at >= 0 ? broken : Buffer.from("junk"), "a-1-py3-none-any.whl"), { code: "corrupt-archive" });
});
