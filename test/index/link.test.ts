import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateLink, requiresPythonAllows, type Link } from "../../src/index/link.js";
import { buildLink } from "../../src/index/simple-api.js";
import { allowedFormats, defaultTarget } from "../../src/index/target.js";

function link(href: string, fields: Partial<Link> = {}): Link {
  return { ...buildLink(new URL(href, "https://h.example/simple/foo/").toString(), "test", { requiresPython: null, yanked: null, coreMetadata: false }), ...fields };
}

const target = defaultTarget({
  pythonVersion: [3, 11, 4],
  supportedTags: ["cp311-cp311-manylinux_2_17_x86_64", "cp311-abi3-linux_x86_64", "py3-none-any"],
});

test("evaluateLink follows pip's order of checks (pip-behaviour.md §3.4)", () => {
  const cases: [string, string, Partial<Link>, string][] = [
    ["foo-1.0.tar.gz", "foo", {}, "sdist 1.0"],
    ["foo-1.0.zip", "foo", {}, "sdist 1.0"],
    ["foo-1.0.tgz", "foo", {}, "sdist 1.0"],
    ["foo-1.0.tar.bz2", "foo", {}, "sdist 1.0"],
    ["foo-1.0-py3-none-any.whl", "foo", {}, "wheel 1.0"],
    ["foo-1.0-2-py3-none-any.whl", "foo", {}, "wheel 1.0"],
    ["foo-1.0-cp39-cp39-win32.whl", "foo", {}, "unsupported-platform"],
    ["foo-bar-1.0-py3-none-any.whl", "foo-bar", {}, "invalid-wheel-filename"],
    ["bar-1.0-py3-none-any.whl", "foo", {}, "wrong-project-name"],
    ["foo-1.0.egg", "foo", {}, "unsupported-archive"],
    ["foo", "foo", {}, "not-a-file"],
    ["foo-1.0-macosx10.zip", "foo", {}, "macosx10-zip"],
    ["foo.tar.gz", "foo", {}, "missing-version"],
    ["foo-bogus.tar.gz", "foo", {}, "invalid-version"],
    ["foo-1.0-py3.11.tar.gz", "foo", {}, "invalid-version"],
    ["foo-1.0-py2.7.tar.gz", "foo", {}, "python-version-suffix"],
    ["zope.interface-4.5.0.tar.gz", "zope-interface", {}, "sdist 4.5.0"],
    ["foo-1.0.tar.gz", "foo", { requiresPython: ">=3.12" }, "requires-python"],
    ["foo-1.0.tar.gz", "foo", { requiresPython: ">=3.8,<4" }, "sdist 1.0"],
    ["foo-1.0.tar.gz", "foo", { requiresPython: "not a spec" }, "sdist 1.0"],
    ["foo-1.0.tar.gz", "foo", { yanked: "bad" }, "sdist 1.0"],
    ["foo-1.0.tar.gz#egg=foo-2.0", "foo", {}, "sdist 2.0"],
  ];
  for (const [href, project, fields, want] of cases) {
    const result = evaluateLink(link(href, fields), project, target);
    const got = result.kind === "candidate" ? `${result.candidate.kind} ${result.candidate.version}` : result.reason;
    assert.equal(got, want, href);
  }
});

test("wheels carry the rank of their best tag and their build tag", () => {
  const result = evaluateLink(link("foo-1.0-7a-cp311-abi3.none-linux_x86_64.whl"), "foo", target);
  assert.equal(result.kind, "candidate");
  if (result.kind !== "candidate") return;
  assert.equal(result.candidate.tagRank, 1);
  assert.deepEqual(result.candidate.buildTag, [7, "a"]);
});

test("target options: yanked, ignore-requires-python, format control", () => {
  assert.equal(evaluateLink(link("foo-1.0.tar.gz", { yanked: "" }), "foo", { ...target, allowYanked: false }).kind, "rejected");
  assert.equal(evaluateLink(link("foo-1.0.tar.gz", { requiresPython: ">=4" }), "foo", { ...target, ignoreRequiresPython: true }).kind, "candidate");
  const noBinary = { ...target, formatControl: { noBinary: [":all:"], onlyBinary: [] } };
  assert.deepEqual(evaluateLink(link("foo-1.0-py3-none-any.whl"), "foo", noBinary), { kind: "rejected", reason: "binary-not-allowed", detail: "no binaries permitted for foo" });
  const onlyBinary = { ...target, formatControl: { noBinary: [], onlyBinary: ["Foo"] } };
  assert.equal(evaluateLink(link("foo-1.0.tar.gz"), "foo", onlyBinary).kind, "rejected");
  assert.equal(evaluateLink(link("foo-1.0-py3-none-any.whl"), "foo", onlyBinary).kind, "candidate");
});

test("allowedFormats: a named project beats :all:", () => {
  assert.deepEqual(allowedFormats({ noBinary: [":all:"], onlyBinary: ["foo"] }, "foo"), { binary: true, source: false });
  assert.deepEqual(allowedFormats({ noBinary: ["foo"], onlyBinary: [":all:"] }, "foo"), { binary: false, source: true });
  assert.deepEqual(allowedFormats({ noBinary: [":all:"], onlyBinary: [] }, "bar"), { binary: false, source: true });
});

test("requiresPythonAllows: missing and invalid allow, mismatch refuses", () => {
  assert.equal(requiresPythonAllows(null, [3, 8, 0]), true);
  assert.equal(requiresPythonAllows("~=3.7", [3, 8, 0]), true);
  assert.equal(requiresPythonAllows(">=3.9", [3, 8, 0]), false);
  assert.equal(requiresPythonAllows("!=3.8.*", [3, 8, 10]), false);
  assert.equal(requiresPythonAllows("garbage", [3, 8, 0]), true);
});
