/**
 * One table row per option and syntax of a requirements file, in each of
 * pip's spellings (short, long, `=`, separate value): the global options,
 * `-r`/`-c`/`-e` long forms, per-line options, direct references, and one
 * file that uses everything at once. Error rows live in `errors.test.ts`.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { RequirementsFile } from "../../src/requirements-file/index.js";
import { parseFiles } from "./helpers.js";

type Check = (r: RequirementsFile) => unknown;
const idx = (r: RequirementsFile) => r.options.indexUrls;

const ROWS: [string, Check, unknown][] = [
  ["-i https://a/simple", idx, ["https://a/simple"]],
  ["--index-url https://a/simple", idx, ["https://a/simple"]],
  ["--index-url=https://a/simple", idx, ["https://a/simple"]],
  ["--extra-index-url https://b/simple", idx, ["https://pypi.org/simple", "https://b/simple"]],
  ["--extra-index-url=https://b/simple", idx, ["https://pypi.org/simple", "https://b/simple"]],
  ["--no-index\n-i https://a/simple", (r) => [r.options.noIndex, idx(r)], [true, []]],
  ["-f https://h/links/", (r) => r.options.findLinks, ["https://h/links/"]],
  ["--find-links=https://h/links/", (r) => r.options.findLinks, ["https://h/links/"]],
  ["--pre", (r) => r.options.releaseControl.allReleases, [":all:"]],
  ["--trusted-host h.example:8080", (r) => r.options.trustedHosts.map((t) => t.host), ["h.example:8080"]],
  ["--require-hashes", (r) => r.options.requireHashes, true],
  ["--prefer-binary", (r) => r.options.preferBinary, true],
  ["--only-binary :all:", (r) => r.options.formatControl, { noBinary: [], onlyBinary: [":all:"] }],
  ["--only-binary=a,b", (r) => r.options.formatControl.onlyBinary, ["a", "b"]],
  ["--no-binary :all:\n--only-binary lxml", (r) => r.options.formatControl, { noBinary: [":all:"], onlyBinary: ["lxml"] }],
  ["--no-binary=:none:", (r) => r.options.formatControl.noBinary, []],
  ["--requirement inc.txt", (r) => r.requirements.map((e) => e.text), ["from-include"]],
  ["-r inc.txt", (r) => r.requirements.map((e) => e.comesFrom), ["-r /work/inc.txt (line 1)"]],
  ["--constraint inc.txt", (r) => r.constraints.map((e) => [e.text, e.constraint]), [["from-include", true]]],
  ["-c inc.txt", (r) => r.constraints.map((e) => e.comesFrom), ["-c /work/inc.txt (line 1)"]],
  ["--editable git+https://h/r.git#egg=proj", (r) => r.requirements.map((e) => [e.editable, e.requirement?.name]), [[true, "proj"]]],
  ["-e git+https://h/r.git#egg=proj", (r) => r.requirements.map((e) => e.link?.vcs), ["git"]],
  ["pkg==1.0 --hash=sha256:aa --hash sha256:bb", (r) => r.requirements[0]!.hashes, { sha256: ["aa", "bb"], sha384: [], sha512: [] }],
  ["pkg --config-settings=k=v -C k=w", (r) => r.requirements[0]!.configSettings, { k: ["v", "w"] }],
  ["pkg>=1 ; python_version < '3.12'", (r) => r.requirements[0]!.marker?.toString(), 'python_version < "3.12"'],
  ["pkg[a,b]>=1", (r) => r.requirements[0]!.extras, ["a", "b"]],
  ["proj @ https://h/proj-1.0.tar.gz", (r) => [r.requirements[0]!.requirement?.name, r.requirements[0]!.requirement?.url], ["proj", "https://h/proj-1.0.tar.gz"]],
  ["https://h/p/proj-1.0-py3-none-any.whl", (r) => r.requirements[0]!.requirement?.name, "proj"],
  ["git+https://h/r.git@v1#egg=proj", (r) => [r.requirements[0]!.link?.isVcs, r.requirements[0]!.requirement?.name], [true, "proj"]],
  ["proj @ git+https://h/r.git@v1", (r) => r.requirements[0]!.requirement?.url, "git+https://h/r.git@v1"],
  ["./dist/proj-1.0.tar.gz", (r) => r.requirements[0]!.link?.isPath, true],
  ["pkg==${VERSION}", (r) => r.requirements[0]!.requirement?.toString(), "pkg==2.5"],
  ["pkg>=1 \\\n  ,<2  # trailing comment", (r) => [r.requirements[0]!.requirement?.toString(), r.requirements[0]!.origin], ["pkg<2,>=1", { kind: "file", file: "/work/r.txt", line: 1 }]],
];

describe("each option and syntax, each spelling", () => {
  for (const [text, check, expected] of ROWS) {
    test(JSON.stringify(text), async () => {
      const r = await parseFiles({ "/work/r.txt": `${text}\n`, "/work/inc.txt": "from-include\n" }, "/work/r.txt", { env: { VERSION: "2.5" } });
      assert.deepEqual(check(r), expected);
    });
  }
});

test("one file using everything keeps every requirement's origin", async () => {
  const text = [
    "# a full file", "-i https://a/simple", "--extra-index-url https://b/simple", "-f ./links", "--trusted-host b",
    "--prefer-binary", "--only-binary lxml", "--pre", "-c inc.txt", "-r https://h/more.txt",
    "pkg==1.0 --hash=sha256:aa \\", "    --hash=sha256:bb", "-e git+https://h/r.git#egg=proj", "other @ https://h/other-2.0.tar.gz ; os_name == 'posix'",
  ].join("\n");
  const r = await parseFiles({ "/work/r.txt": text, "/work/inc.txt": "from-include\n", "https://h/more.txt": "remote-dep>=1\n" }, "/work/r.txt");
  assert.deepEqual(r.options.indexUrls, ["https://a/simple", "https://b/simple"]);
  assert.deepEqual(r.options.findLinks, ["./links"]);
  assert.deepEqual(r.requirements.map((e) => [e.text.split(" ")[0], e.origin]), [
    ["remote-dep>=1", { kind: "file", file: "https://h/more.txt", line: 1 }],
    ["pkg==1.0", { kind: "file", file: "/work/r.txt", line: 11 }],
    ["git+https://h/r.git#egg=proj", { kind: "file", file: "/work/r.txt", line: 13 }],
    ["other", { kind: "file", file: "/work/r.txt", line: 14 }],
  ]);
  assert.deepEqual(r.constraints.map((e) => e.origin), [{ kind: "file", file: "/work/inc.txt", line: 1 }]);
  assert.deepEqual(r.files, ["/work/r.txt", "/work/inc.txt", "https://h/more.txt"]);
});
