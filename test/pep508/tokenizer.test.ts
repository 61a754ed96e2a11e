import { test } from "node:test";
import assert from "node:assert/strict";
import { codePointColumn, matchToken } from "../../src/pep508/tokenizer.js";
import type { TokenName } from "../../src/pep508/tokenizer.js";

// [source, position, token, expected length or -1]
const cases: [string, number, TokenName, number][] = [
  ["foo-bar.baz ", 0, "IDENTIFIER", 11],
  ["foo- ", 0, "IDENTIFIER", 3],
  ["fooé", 0, "IDENTIFIER", -1],
  ["xfoo", 1, "IDENTIFIER", -1],
  ["-foo", 0, "IDENTIFIER", -1],
  ["'a'in 'b'", 3, "IN", 2],
  ["'a'inx", 3, "IN", -1],
  ["'a' notin", 4, "NOT", -1],
  ["x or y", 2, "BOOLOP", 2],
  ["x order", 2, "BOOLOP", -1],
  ["x and(", 2, "BOOLOP", 3],
  ["os.name==", 0, "VARIABLE", 7],
  ["extras ", 0, "VARIABLE", 6],
  ["extra==", 0, "VARIABLE", 5],
  ["python_version_x", 0, "VARIABLE", -1],
  ["platform.python_implementation", 0, "VARIABLE", 30],
  ["OS_NAME", 0, "VARIABLE", -1],
  ["'abc' x", 0, "QUOTED_STRING", 5],
  ["'abc", 0, "QUOTED_STRING", -1],
  ["===x", 0, "OP", 3],
  ["~= 1", 0, "OP", 2],
  [">=1.0,<2", 0, "SPECIFIER", 5],
  ["== 1.0.*", 0, "SPECIFIER", 8],
  [">= 1.0.*", 0, "SPECIFIER", 6],
  ["~=1", 0, "SPECIFIER", -1],
  ["~=1.0", 0, "SPECIFIER", 5],
  ["===x,y)", 0, "SPECIFIER", 6],
  ["==1.0+Local.1", 0, "SPECIFIER", 13],
  ["==V1.0RC1.POST2.DEV3", 0, "SPECIFIER", 20],
  [">=\n1", 0, "SPECIFIER", 4],
  ["+local", 0, "VERSION_LOCAL_LABEL_TRAIL", 2],
  ["+Local", 0, "VERSION_LOCAL_LABEL_TRAIL", -1],
  [" \t x", 0, "WS", 3],
  ["\n", 0, "WS", -1],
  ["a\n", 1, "END", -1],
  ["a", 1, "END", 0],
  ["u;rl x", 0, "URL", 4],
];

for (const [source, at, name, expected] of cases) {
  test(`${name} at ${at} of ${JSON.stringify(source)} is ${expected}`, () => {
    assert.equal(matchToken(source, at, name), expected);
  });
}

test("code-point columns skip the second half of surrogate pairs", () => {
  assert.equal(codePointColumn("a😀b", 3), 2);
  assert.equal(codePointColumn("abc", 2), 2);
});
