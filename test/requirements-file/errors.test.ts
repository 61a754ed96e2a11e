/**
 * Every kind of bad line names the file and the line it is on, also when
 * the file is included with `-r` (local or by URL through the fetch
 * callback) and when the line is joined from continuation lines.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { isAccelError } from "../../src/report/errors.js";
import { parseFiles } from "./helpers.js";

const BAD_LINES: [string, string][] = [
  ["unknown option", "--bogus"],
  ["unknown short option", "-Z x"],
  ["option missing its value", "--extra-index-url"],
  ["flag given a value", "--pre=1"],
  ["ambiguous abbreviation", "--no"],
  ["bad --hash form", "pkg==1.0 --hash=somehash"],
  ["weak --hash algorithm", "pkg==1.0 --hash=md5:abc"],
  ["unbalanced quote", "pkg --config-settings='x"],
  ["-C without =", "pkg -C novalue"],
  ["two requirements", "req1 req2"],
  ["= as an operator", "my-package=1.0"],
  ["bad marker", "pkg; python_version >>> '3'"],
  ["bad version", "pkg==1.0.*.*"],
  ["egg fragment with extras", "https://h/p/foo.tar.gz#egg=foo[bar]"],
  ["invalid wheel file name", "https://h/invalid.whl"],
  ["non-VCS editable URL", "-e https://h/x.tar.gz"],
  ["nameless VCS editable", "-e git+https://h/r.git"],
  ["bad --use-feature", "--use-feature=nonsense"],
  ["removed option", "--no-use-wheel"],
];

function expectLocated(error: unknown, file: string, line: number): void {
  assert.ok(isAccelError(error), String(error));
  assert.match(error.code, /^requirements-file-/);
  const where = `line ${line} of ${file}`;
  assert.ok(error.message.includes(where), `"${error.message}" does not say "${where}"`);
}

describe("every bad line names file and line", () => {
  for (const [name, text] of BAD_LINES) {
    test(`${name}: ${text}`, async () => {
      const files = { "/work/top.txt": "ok-one\n-r sub/inner.txt\n", "/work/sub/inner.txt": `# a comment\nfine==1.0 \\\n  ; python_version > '3'\n${text}\n` };
      const error = await parseFiles(files, "/work/top.txt").then(() => null, (e: unknown) => e);
      expectLocated(error, "/work/sub/inner.txt", 4);
    });
  }

  test("a bad line joined from continuation lines is reported at its first line", async () => {
    const error = await parseFiles({ "/work/r.txt": "ok\nreq1 \\\n  req2\n" }, "/work/r.txt").then(() => null, (e: unknown) => e);
    expectLocated(error, "/work/r.txt", 2);
  });

  test("a bad line in a file included by URL names the URL", async () => {
    const files = { "/work/top.txt": "-r https://example.org/reqs/base.txt\n", "https://example.org/reqs/base.txt": "good\n--bogus\n" };
    const error = await parseFiles(files, "/work/top.txt").then(() => null, (e: unknown) => e);
    expectLocated(error, "https://example.org/reqs/base.txt", 2);
  });

  test("a missing nested file names the including file and line", async () => {
    const error = await parseFiles({ "/work/top.txt": "a\nb\n-c missing.txt\n" }, "/work/top.txt").then(() => null, (e: unknown) => e);
    assert.ok(isAccelError(error));
    assert.equal(error.code, "requirements-file-open");
    assert.match(error.message, /missing\.txt/);
  });
});
