import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { makeSdistFromFiles, type SdistFilesSpec } from "../kit/artifacts.js";
import { tempDir } from "../kit/repo.js";
import { writeZip } from "../../src/archive/zip-writer.js";
import { isMetadataMember, readSdistMetadata } from "../../src/metadata/sdist-metadata.js";

const dir = tempDir("sdist-md");
after(() => dir.cleanup());

function read(spec: SdistFilesSpec) {
  const built = makeSdistFromFiles(spec, dir.path);
  return readSdistMetadata(readFileSync(built.path), built.filename);
}

test("the common setuptools case: PKG-INFO 2.1 without Requires-Dist, dependencies only in requires.txt", () => {
  const result = read({
    name: "legacy", version: "1.0",
    pkgInfo: { metadataVersion: "2.1", requiresPython: ">=3.7" },
    eggInfo: { "requires.txt": "idna>=2\n\n[socks:python_version < \"3.12\"]\nPySocks\n" },
    files: { "setup.py": "from setuptools import setup\nsetup()\n" },
  });
  assert.equal(result.kind, "ok");
  if (result.kind !== "ok") return;
  assert.equal(result.source, "requires-txt");
  assert.deepEqual(result.metadata.requiresDist, ["idna>=2", "PySocks ; (python_version < \"3.12\") and extra == \"socks\""]);
  assert.deepEqual([result.metadata.requiresPython, result.metadata.providesExtra], [">=3.7", ["socks"]]);
});

test("PKG-INFO 2.2 with static Requires-Dist is used as it is", () => {
  const result = read({ name: "modern", version: "2.0", pkgInfo: { metadataVersion: "2.2", requiresDist: ["a>=1"] }, eggInfo: { "requires.txt": "wrong\n" } });
  assert.deepEqual(result.kind === "ok" ? [result.source, result.metadata.requiresDist] : result, ["pkg-info", ["a>=1"]]);
});

test("PKG-INFO 2.2 with Dynamic Requires-Dist falls through to requires.txt", () => {
  const result = read({
    name: "dyn", version: "1.0",
    pkgInfo: { metadataVersion: "2.2", headers: { Dynamic: "Requires-Dist" } },
    eggInfo: { "requires.txt": "b\n" },
  });
  assert.deepEqual(result.kind === "ok" ? [result.source, result.metadata.requiresDist] : result, ["requires-txt", ["b"]]);
});

test("an egg-info without requires.txt means no dependencies", () => {
  const result = read({ name: "nodeps", version: "1.0", eggInfo: { "SOURCES.txt": "setup.py\n" } });
  assert.deepEqual(result.kind === "ok" ? [result.source, result.metadata.requiresDist] : result, ["requires-txt", []]);
});

test("a static [project] table in pyproject.toml", () => {
  const pyproject = [
    "[project]", "name = \"flat\"", "version = \"1.0\"", "requires-python = \">=3.9\"",
    "dependencies = [\"c>=1\", \"d ; os_name == 'nt'\"]",
    "[project.optional-dependencies]", "test = [\"pytest>=7 ; python_version >= '3.9'\"]",
  ].join("\n");
  const result = read({ name: "flat", version: "1.0", pkgInfo: false, files: { "pyproject.toml": pyproject } });
  assert.equal(result.kind, "ok");
  if (result.kind !== "ok") return;
  assert.equal(result.source, "pyproject");
  assert.deepEqual(result.metadata.requiresDist, ["c>=1", "d ; os_name == 'nt'", "pytest>=7 ; (python_version >= \"3.9\") and extra == \"test\""]);
  assert.deepEqual([result.metadata.requiresPython, result.metadata.providesExtra], [">=3.9", ["test"]]);
});

test("dynamic dependencies in pyproject.toml, or only a setup.py, need a build (with the reasons)", () => {
  const dyn = read({ name: "dynp", version: "1.0", files: { "pyproject.toml": "[project]\nname = \"dynp\"\ndynamic = [\"dependencies\"]\n" } });
  assert.equal(dyn.kind, "needs-build");
  assert.match(dyn.kind === "needs-build" ? dyn.reason : "", /dependencies as dynamic/);
  const bare = read({ name: "bare", version: "1.0", files: { "setup.py": "" } });
  assert.deepEqual(bare, { kind: "needs-build", reason: "PKG-INFO is Metadata-Version 2.1 (< 2.2); no .egg-info; no pyproject.toml" });
});

test("zip sdists are read too", () => {
  const zip = writeZip([
    { path: "z-1.0/PKG-INFO", data: "Metadata-Version: 2.1\nName: z\nVersion: 1.0\n" },
    { path: "z-1.0/z.egg-info/requires.txt", data: "e\n" },
    { path: "z-1.0/setup.py", data: "" },
  ]);
  const result = readSdistMetadata(zip, "z-1.0.zip");
  assert.deepEqual(result.kind === "ok" ? result.metadata.requiresDist : result, ["e"]);
});

const members: [string, boolean][] = [
  ["x-1/PKG-INFO", true], ["x-1/pyproject.toml", true], ["x-1/x.egg-info/requires.txt", true],
  ["x-1/src/x.egg-info/PKG-INFO", true], ["x-1/x/PKG-INFO", false], ["x-1/setup.py", false], ["x-1/a/b/x.egg-info/requires.txt", false],
];
for (const [path, expected] of members) test(`isMetadataMember(${path}) = ${expected}`, () => assert.equal(isMetadataMember(path), expected));
