import { test } from "node:test";
import assert from "node:assert/strict";
import { SpecifierSet } from "../../src/pep440/index.js";
import { allowedFormats, applicableFiles, isPinned, specifierNamesPrerelease, wheelFileTags, type OrderingPolicy } from "../../src/resolver/candidate-ordering.js";
import type { CandidateInfo } from "../../src/resolver/sources.js";

const TAGS = ["cp311-cp311-manylinux_2_17_x86_64", "cp311-abi3-linux_x86_64", "py3-none-any"];
const policy = (over: Partial<OrderingPolicy> = {}): OrderingPolicy => ({
  python: "3.11.4", tagPriority: new Map(TAGS.map((t, i) => [t, i])), allowPrereleases: false, ignoreRequiresPython: false,
  formats: { noBinary: [], onlyBinary: [], preferBinary: false }, ...over,
});
const file = (filename: string, version: string, extra: Partial<CandidateInfo> = {}): CandidateInfo => ({
  filename, version, url: `https://x/${filename}`, hashes: {}, requiresPython: null, yanked: false, isWheel: filename.endsWith(".whl"), ...extra,
});

test("pip's observed order: within 1.0 the best-tag wheel wins; a newer sdist beats older wheels", () => {
  const files = [
    file("foo-1.0.tar.gz", "1.0"), file("foo-1.0-py3-none-any.whl", "1.0"), file("foo-1.0-2-py3-none-any.whl", "1.0", { buildTag: [2, ""] }),
    file("foo-1.0-cp311-abi3-linux_x86_64.whl", "1.0"), file("foo-1.0-cp311-cp311-manylinux_2_17_x86_64.whl", "1.0"),
    file("foo-1.1.tar.gz", "1.1"), file("foo-2.0b1.tar.gz", "2.0b1"),
  ];
  assert.deepEqual(applicableFiles("foo", files, [], null, policy(), () => {}).map((f) => f.info.filename), ["foo-1.1.tar.gz", "foo-1.0-cp311-cp311-manylinux_2_17_x86_64.whl"]);
  assert.deepEqual(applicableFiles("foo", files, [], null, policy({ formats: { noBinary: [], onlyBinary: [], preferBinary: true } }), () => {}).map((f) => f.info.filename),
    ["foo-1.0-cp311-cp311-manylinux_2_17_x86_64.whl", "foo-1.1.tar.gz"]);
});

test("rejections carry the reason", () => {
  const reasons: string[] = [];
  applicableFiles("foo", [file("foo-2.0.tar.gz", "2.0", { requiresPython: ">=3.12" }), file("foo-1.0-cp27-none-win32.whl", "1.0")], [], null, policy(), (r) => reasons.push(`${r.version}: ${r.reason}`));
  assert.deepEqual(reasons, ["2.0: requires Python >=3.12, the target is 3.11.4", "1.0: no wheel tag matches the target environment"]);
});

test("hash filtering drops mismatching files and prefers matching ones", () => {
  const files = [file("foo-1.0.tar.gz", "1.0", { hashes: { sha256: "aa" } }), file("foo-1.0-py3-none-any.whl", "1.0", { hashes: { sha256: "bb" } })];
  assert.deepEqual(applicableFiles("foo", files, [], new Set(["sha256:aa"]), policy(), () => {}).map((f) => f.info.filename), ["foo-1.0.tar.gz"]);
});

const cases: [string, boolean, boolean][] = [["==1.0", true, false], ["===1.0", true, false], ["==1.*", false, false], [">=2.0b1", false, true], ["!=2.0b1", false, false], [">=1", false, false]];
for (const [spec, pinned, pre] of cases) {
  test(`specifier ${spec}: pinned=${pinned}, names a pre-release=${pre}`, () => {
    assert.equal(isPinned([SpecifierSet.parse(spec)]), pinned);
    assert.equal(specifierNamesPrerelease([SpecifierSet.parse(spec)]), pre);
  });
}

test("format control follows pip's precedence", () => {
  const formats = { noBinary: [":all:"], onlyBinary: ["b"], preferBinary: false };
  assert.deepEqual(allowedFormats("a", formats), { binary: false, source: true });
  assert.deepEqual(allowedFormats("b", formats), { binary: true, source: false });
});

test("compressed wheel tags expand", () => {
  assert.deepEqual(wheelFileTags("x-1.0-py2.py3-none-any.whl"), ["py2-none-any", "py3-none-any"]);
});
