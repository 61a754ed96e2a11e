import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeQuotedString } from "../../src/pep508/quoted-string.js";

const cases: [string, string | null][] = [
  ["'plain'", "plain"],
  ['"a\'b"', "a'b"],
  ["'\\\\'", "\\"],
  ["'\\n\\t\\r\\a\\b\\f\\v\\''", "\n\t\r\x07\b\f\v'"],
  ["'\\x41\\u00e9\\U0001F600'", "Aé😀"],
  ["'\\101\\0\\777'", "A\0ǿ"],
  ["'\\d\\q'", "\\d\\q"],
  ["'a\\\nb'", "ab"],
  ["'a\\\r\nb'", "ab"],
  ["'C:\\'", null],
  ["'\\x4'", null],
  ["'\\u12'", null],
  ["'\\U00110000'", null],
  ["'a\nb'", null],
  ["'a\rb'", null],
  ["'a\0b'", null],
  ["'\\N{DIGIT ONE}'", null],
];

for (const [token, expected] of cases) {
  test(`decodes ${JSON.stringify(token)}`, () => {
    assert.equal(decodeQuotedString(token), expected);
  });
}
