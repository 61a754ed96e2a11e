import { test } from "node:test";
import assert from "node:assert/strict";
import { sortCandidates } from "../../src/index/candidate-order.js";
import { evaluateLink, type Candidate } from "../../src/index/link.js";
import { buildLink } from "../../src/index/simple-api.js";
import { defaultTarget } from "../../src/index/target.js";

const target = defaultTarget({
  pythonVersion: [3, 11, 0],
  supportedTags: ["cp311-cp311-manylinux_2_17_x86_64", "cp311-abi3-manylinux_2_17_x86_64", "py3-none-any"],
});

function candidates(names: string[], tweak: (name: string) => { yanked?: string | null; hash?: string } = () => ({})): Candidate[] {
  return names.map((name) => {
    const { yanked = null, hash } = tweak(name);
    const link = buildLink(`https://h/${name}${hash ? `#sha256=${hash}` : ""}`, "t", { requiresPython: null, yanked, coreMetadata: false });
    const result = evaluateLink(link, "foo", target);
    assert.equal(result.kind, "candidate", name);
    return (result as { candidate: Candidate }).candidate;
  });
}

const FILES = ["foo-1.0.tar.gz", "foo-1.0-py3-none-any.whl", "foo-1.0-2-py3-none-any.whl",
  "foo-1.0-cp311-abi3-manylinux_2_17_x86_64.whl", "foo-1.0-cp311-cp311-manylinux_2_17_x86_64.whl", "foo-1.1.tar.gz"];

test("pip's observed order: higher version first, then tag priority, then build tag, sdist last", () => {
  const sorted = sortCandidates(candidates([...FILES].reverse()), target).map((c) => c.link.filename);
  assert.deepEqual(sorted, [...FILES].reverse());
});

test("--prefer-binary puts every wheel before every sdist", () => {
  const sorted = sortCandidates(candidates(FILES), { ...target, preferBinary: true }).map((c) => c.link.filename);
  assert.equal(sorted[0], "foo-1.0-cp311-cp311-manylinux_2_17_x86_64.whl");
  assert.deepEqual(sorted.slice(-2), ["foo-1.1.tar.gz", "foo-1.0.tar.gz"]);
});

test("yanked files sink; an allowed --hash rises above everything", () => {
  const list = candidates(["foo-2.0.tar.gz", "foo-1.0.tar.gz", "foo-0.5.tar.gz"], (name) => ({
    yanked: name.includes("2.0") ? "bad" : null,
    hash: name.includes("0.5") ? "aa" : undefined,
  }));
  assert.deepEqual(sortCandidates(list, target).map((c) => c.version), ["1.0", "0.5", "2.0"]);
  assert.deepEqual(sortCandidates(list, target, { hashes: { sha256: ["aa"] } }).map((c) => c.version), ["0.5", "1.0", "2.0"]);
});
