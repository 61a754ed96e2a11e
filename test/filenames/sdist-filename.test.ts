import { test } from "node:test";
import assert from "node:assert/strict";
import { formatSdistFilename, InvalidSdistFilename, parseSdistFilename } from "../../src/filenames/index.js";

test("parseSdistFilename splits at the last dash", () => {
  const cases: [string, string, string][] = [
    ["foo-1.0.tar.gz", "foo", "1.0"], ["Foo_Bar-2.0rc1.zip", "foo-bar", "2.0rc1"], ["foo-bar-1.0.tar.gz", "foo-bar", "1.0"],
    ["zope.interface-5.4.0.tar.gz", "zope-interface", "5.4.0"],
  ];
  for (const [filename, name, version] of cases) {
    const sdist = parseSdistFilename(filename);
    assert.equal(sdist.name, name, filename);
    assert.equal(sdist.version.toString(), version, filename);
  }
});

test("parseSdistFilename rejects other extensions, missing names and invalid versions", () => {
  for (const filename of ["foo-1.0.xz", "foo-1.0.tar.bz2", "-1.0.tar.gz", "-1.0.zip", "foo.tar.gz", "foo-bogus.tar.gz", "foo-1.0-py2.7.tar.gz"]) {
    assert.throws(() => parseSdistFilename(filename), (e: unknown) => e instanceof InvalidSdistFilename && e.code === "invalid-sdist-filename", filename);
  }
});

test("formatSdistFilename normalizes and escapes the name", () => {
  assert.equal(formatSdistFilename("Foo.Bar", "1.0"), "foo_bar-1.0.tar.gz");
  assert.equal(parseSdistFilename(formatSdistFilename("A-B", "3")).name, "a-b");
});
