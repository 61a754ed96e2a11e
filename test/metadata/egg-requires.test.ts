import { test } from "node:test";
import assert from "node:assert/strict";
import { convertEggRequires, safeExtra } from "../../src/metadata/egg-requires.js";

test("requires.txt sections become markers as pip converts them", () => {
  const text = "requests>=2\n\n[:sys_platform == \"win32\"]\ncolorama\n\n[Socks]\nPySocks!=1.5.7\n\n[test:python_version < \"3.12\"]\npytest\n";
  assert.deepEqual(convertEggRequires(text), {
    requiresDist: [
      "requests>=2",
      "colorama ; sys_platform == \"win32\"",
      "PySocks!=1.5.7 ; extra == \"socks\"",
      "pytest ; (python_version < \"3.12\") and extra == \"test\"",
    ],
    providesExtra: ["Socks", "test"],
  });
});

test("comments and blank lines are skipped; an empty file has no requirements", () => {
  assert.deepEqual(convertEggRequires("# c\n\n"), { requiresDist: [], providesExtra: [] });
});

test("safeExtra replaces unsafe runs with _ and lower-cases", () => {
  assert.equal(safeExtra("Foo Bar!x.y-z"), "foo_bar_x.y-z");
});
