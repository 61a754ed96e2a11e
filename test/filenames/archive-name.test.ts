import { test } from "node:test";
import assert from "node:assert/strict";
import {
  isArchiveExtension, readLegacyNameVersion, splitArchiveExtension, splitNameVersion, stripPythonSuffix,
} from "../../src/filenames/index.js";

test("splitArchiveExtension treats .tar.* as one extension, like pip's splitext", () => {
  const cases: [string, string, string][] = [
    ["foo-1.0.tar.gz", "foo-1.0", ".tar.gz"], ["foo-1.0.TAR.gz", "foo-1.0", ".TAR.gz"], ["foo-1.0.zip", "foo-1.0", ".zip"],
    ["foo-1.0.tgz", "foo-1.0", ".tgz"], ["foo-1.0.tar", "foo-1.0", ".tar"], ["foo", "foo", ""], [".bashrc", ".bashrc", ""],
    ["..x.zip", "..x", ".zip"], ["foo-1.0.tar.lzma", "foo-1.0", ".tar.lzma"],
  ];
  for (const [filename, stem, extension] of cases) assert.deepEqual(splitArchiveExtension(filename), { stem, extension }, filename);
});

test("isArchiveExtension is pip's supported list, case-sensitive", () => {
  for (const ext of [".zip", ".whl", ".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tlz", ".tar.lz", ".tar.lzma"]) {
    assert.ok(isArchiveExtension(ext), ext);
  }
  for (const ext of [".exe", ".egg", ".rpm", ".ZIP", ""]) assert.ok(!isArchiveExtension(ext), ext);
});

test("splitNameVersion takes the first dash after a prefix that canonicalizes to the project", () => {
  const cases: [string, string, string | null][] = [
    ["zope.interface-4.5.0", "zope-interface", "4.5.0"],
    ["foo-2-2", "foo", "2-2"],
    ["foo-2-2", "foo-2", "2"],
    ["zope.interface--4.5.0", "zope-interface", "-4.5.0"],
    ["foo--bar-1.0", "foo-bar", "1.0"],
    ["zope.interface4.5.0", "zope-interface", null],
    ["foo-", "foo", null],
    ["bar-1.0", "foo", null],
  ];
  for (const [stem, project, expected] of cases) assert.equal(splitNameVersion(stem, project), expected, `${stem} / ${project}`);
});

test("stripPythonSuffix knows only one-digit minors", () => {
  assert.deepEqual(stripPythonSuffix("1.0-py2.7"), { version: "1.0", pyVersion: "2.7" });
  assert.deepEqual(stripPythonSuffix("1.0-py3"), { version: "1.0", pyVersion: "3" });
  assert.deepEqual(stripPythonSuffix("1.0-py3.11"), { version: "1.0-py3.11", pyVersion: null });
  assert.deepEqual(stripPythonSuffix("1.0"), { version: "1.0", pyVersion: null });
});

test("readLegacyNameVersion combines both steps against the target Python", () => {
  assert.deepEqual(readLegacyNameVersion("foo-1.0-py3.9", "foo", "3.9"), { kind: "ok", version: "1.0" });
  assert.deepEqual(readLegacyNameVersion("foo-1.0-py2.7", "foo", "3.11"), { kind: "python-mismatch", version: "1.0", pyVersion: "2.7" });
  assert.deepEqual(readLegacyNameVersion("foo-1.0", "foo", "3.11"), { kind: "ok", version: "1.0" });
  assert.deepEqual(readLegacyNameVersion("foo", "foo", "3.11"), { kind: "missing-version" });
});
