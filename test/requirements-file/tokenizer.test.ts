import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  breakArgsOptions, decodeRequirementsBytes, expandEnvVars, joinLines, preprocess, shlexSplit,
  splitLines, stripComments, ShlexError, type NumberedLine,
} from "../../src/requirements-file/tokenizer.js";
import { RequirementsFileDecodeError } from "../../src/requirements-file/errors.js";

const numbered = (...texts: string[]): NumberedLine[] => texts.map((text, i) => ({ line: i + 1, text }));
const pairs = (lines: NumberedLine[]) => lines.map((l) => [l.line, l.text]);

describe("splitLines (Python str.splitlines)", () => {
  const cases: Array<[string, string[]]> = [
    ["a\nb\n", ["a", "b"]],
    ["a\r\nb", ["a", "b"]],
    ["a\rb\x0bc\x0cd", ["a", "b", "c", "d"]],
    ["a\x1cb\x1dc\x1ed\x85e\u2028f\u2029g", ["a", "b", "c", "d", "e", "f", "g"]],
    ["a\n\nb", ["a", "", "b"]],
    ["", []],
    ["\n", [""]],
  ];
  for (const [input, expected] of cases) {
    test(JSON.stringify(input), () => assert.deepEqual(splitLines(input), expected));
  }
});

describe("preprocess (pip TestPreprocess)", () => {
  const cases: Array<[string, string, Array<[number, string]>]> = [
    ["case1: comment ending in backslash ends the join", "req1 \\\n# comment \\\nreq2", [[1, "req1"], [3, "req2"]]],
    ["case2", "req1\\\n# comment", [[1, "req1"]]],
    ["case3", "req1 \\\n# comment\nreq2", [[1, "req1"], [3, "req2"]]],
    ["inline comment ending in backslash swallows the next line", "a # c \\\nb", [[1, "a"]]],
    ["leading backslash stripped", "\\foo \\\nbar", [[1, "foo bar"]]],
    ["no space inserted", "a\\\nb", [[1, "ab"]]],
    ["blank and comment lines dropped", "\n# x\n  # y\nreq # z\n", [[4, "req"]]],
    ["url fragment kept", "https://h/x.tar.gz#egg=x # c", [[1, "https://h/x.tar.gz#egg=x"]]],
    ["continued extra-index-url", "--extra-index-url url1 \\\n--extra-index-url url2", [[1, "--extra-index-url url1 --extra-index-url url2"]]],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.deepEqual(pairs(preprocess(text)), expected));
  }
});

describe("stripComments (pip TestIgnoreComments)", () => {
  test("blank line dropped", () => {
    assert.deepEqual(pairs(stripComments([{ line: 1, text: "" }, { line: 2, text: "req1" }, { line: 3, text: "req2" }])),
      [[2, "req1"], [3, "req2"]]);
  });
  test("comment line dropped", () => assert.deepEqual(stripComments(numbered("# comment")), []));
  test("trailing comment stripped", () => assert.deepEqual(pairs(stripComments(numbered("req # comment"))), [[1, "req"]]));
  test("# inside a token kept", () => assert.deepEqual(pairs(stripComments(numbered("x#y"))), [[1, "x#y"]]));
});

describe("joinLines (pip TestJoinLines)", () => {
  test("two- and three-line joins keep the first line number", () => {
    const lines = numbered("line 1", "line 2:1 \\", "line 2:2", "line 3:1 \\", "line 3:2 \\", "line 3:3", "line 4");
    assert.deepEqual(pairs(joinLines(lines)), [
      [1, "line 1"], [2, "line 2:1 line 2:2"], [4, "line 3:1 line 3:2 line 3:3"], [7, "line 4"],
    ]);
  });
  test("last line with escape", () => {
    assert.deepEqual(pairs(joinLines(numbered("line 1", "line 2 \\"))), [[1, "line 1"], [2, "line 2 "]]);
  });
});

describe("expandEnvVars", () => {
  const env: Record<string, string> = { HOME: "/home/u", GITHUB_TOKEN: "tok", DO_12_FACTOR: "repo", EMPTY: "" };
  const lookup = (n: string) => env[n];
  const cases: Array<[string, string]> = [
    ["${HOME}x ${NOPE} $HOME", "/home/ux ${NOPE} $HOME"],
    ["https://${GITHUB_TOKEN}:x-oauth-basic@github.com/user/${DO_12_FACTOR}/archive/master.zip",
      "https://tok:x-oauth-basic@github.com/user/repo/archive/master.zip"],
    ["https://${NON_EXISTENT_VARIABLE}:$WRONG_FORMAT@%WINDOWS_FORMAT%github.com/",
      "https://${NON_EXISTENT_VARIABLE}:$WRONG_FORMAT@%WINDOWS_FORMAT%github.com/"],
    ["${EMPTY} ${home}", "${EMPTY} ${home}"],
    ["${HOME}${HOME}", "/home/u/home/u"],
  ];
  for (const [input, expected] of cases) test(input, () => assert.equal(expandEnvVars(input, lookup), expected));
  test("expansion happens after comment stripping", () => {
    assert.deepEqual(pairs(preprocess("--index-url ${URL}", (n) => (n === "URL" ? "a #b" : undefined))),
      [[1, "--index-url a #b"]]);
  });
});

describe("breakArgsOptions (pip TestBreakOptionsArgs)", () => {
  const cases: Array<[string, string, string]> = [
    ["--option", "", "--option"],
    ["arg arg", "arg arg", ""],
    ["arg arg -s", "arg arg", "-s"],
    ["arg arg --long", "arg arg", "--long"],
    ["pkg  >= 1 --hash=x", "pkg  >= 1", "--hash=x"],
    ["pkg\t--hash=x", "pkg\t--hash=x", ""],
  ];
  for (const [line, args, options] of cases) {
    test(JSON.stringify(line), () => assert.deepEqual(breakArgsOptions(line), { args, options }));
  }
});

describe("shlexSplit (POSIX)", () => {
  const cases: Array<[string, string[]]> = [
    ["-i url", ["-i", "url"]],
    ["-i 'url'", ["-i", "url"]],
    ["--index-url='url'", ["--index-url=url"]],
    ['--config-settings="yo3=yo4"  --config-settings "yo1=yo2"', ["--config-settings=yo3=yo4", "--config-settings", "yo1=yo2"]],
    ["a\\ b", ["a b"]],
    ['"a\\"b\\c"', ['a"b\\c']],
    ["''", [""]],
    ["", []],
  ];
  for (const [input, expected] of cases) test(input, () => assert.deepEqual(shlexSplit(input), expected));
  for (const bad of ["--'data", '"open', "trailing\\"]) {
    test(`error: ${bad}`, () => assert.throws(() => shlexSplit(bad), ShlexError));
  }
});

describe("decodeRequirementsBytes", () => {
  const text = "Django==1.4.2";
  const utf16 = (s: string, be: boolean) => {
    const out = new Uint8Array(s.length * 2);
    [...s].forEach((c, i) => {
      const code = c.charCodeAt(0);
      out[i * 2 + (be ? 1 : 0)] = code & 0xff;
      out[i * 2 + (be ? 0 : 1)] = code >> 8;
    });
    return out;
  };
  const utf32 = (s: string, be: boolean) => {
    const out = new Uint8Array(s.length * 4);
    const view = new DataView(out.buffer);
    [...s].forEach((c, i) => view.setUint32(i * 4, c.codePointAt(0)!, !be));
    return out;
  };
  const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
  const boms: Array<[string, Uint8Array]> = [
    ["utf-8", cat(Uint8Array.of(0xef, 0xbb, 0xbf), new TextEncoder().encode(text))],
    ["utf-16-be", cat(Uint8Array.of(0xfe, 0xff), utf16(text, true))],
    ["utf-16-le", cat(Uint8Array.of(0xff, 0xfe), utf16(text, false))],
    ["utf-32-be", cat(Uint8Array.of(0, 0, 0xfe, 0xff), utf32(text, true))],
    ["utf-32-le", cat(Uint8Array.of(0xff, 0xfe, 0, 0), utf32(text, false))],
  ];
  for (const [name, bytes] of boms) {
    test(`BOM ${name} is honoured and stripped`, () => {
      const result = decodeRequirementsBytes(bytes, "r.txt");
      assert.equal(result.text, text);
      assert.equal(result.fallback, false);
    });
  }
  test("plain UTF-8", () => assert.equal(decodeRequirementsBytes(new TextEncoder().encode("caf\u00e9"), "r").text, "caf\u00e9"));
  test("PEP 263 latin-1 coding line", () => {
    const bytes = Uint8Array.from([..."# coding=latin1\nDjango==1.4.2 # Pas trop de caf"].map((c) => c.charCodeAt(0)).concat(0xe9));
    const result = decodeRequirementsBytes(bytes, "r");
    assert.equal(result.encoding, "latin1");
    assert.match(result.text, /café$/);
  });
  test("coding line on the second line, cp1252", () => {
    const bytes = Uint8Array.from([..."#!x\n# -*- coding: cp1252 -*-\n"].map((c) => c.charCodeAt(0)).concat(0x80));
    assert.equal(decodeRequirementsBytes(bytes, "r").text.slice(-1), "\u20ac");
  });
  test("coding line on the third line is ignored", () => {
    const bytes = new TextEncoder().encode("a\nb\n# coding=latin1\nx");
    assert.equal(decodeRequirementsBytes(bytes, "r").encoding, "utf-8");
  });
  test("invalid UTF-8 falls back to latin-1 and says so", () => {
    const bytes = Uint8Array.from([..."pip<=24.0 # some comment"].map((c) => c.charCodeAt(0)).concat(0xff));
    const result = decodeRequirementsBytes(bytes, "r");
    assert.equal(result.fallback, true);
    assert.equal(result.text.slice(-1), "\u00ff");
  });
  test("unknown codec is an error", () => {
    assert.throws(() => decodeRequirementsBytes(new TextEncoder().encode("# coding: nosuch\n"), "r.txt"),
      (e: unknown) => e instanceof RequirementsFileDecodeError && e.code === "requirements-file-decode" && /nosuch/.test(e.message));
  });
  test("bytes invalid for the declared codec are an error", () => {
    assert.throws(() => decodeRequirementsBytes(Uint8Array.from([0x23, 0x20, ...new TextEncoder().encode("coding: ascii\n"), 0xff]), "r"),
      RequirementsFileDecodeError);
  });
});
