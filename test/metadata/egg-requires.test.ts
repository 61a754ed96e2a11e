import { test } from "node:test";
import assert from "node:assert/strict";
import { convertEggRequires } from "../../src/metadata/egg-requires.js";

test("requires.txt sections become markers as pip converts them", () => {
  const text = "requests>=2\n\n[:sys_platform == \"win32\"]\ncolorama\n\n[Socks]\nPySocks!=1.5.7\n\n[test:python_version < \"3.12\"]\npytest\n";
  assert.deepEqual(convertEggRequires(text), {
    requiresDist: [
      "requests>=2",
      "colorama ; sys_platform == \"win32\"",
      "PySocks!=1.5.7 ; extra == \"socks\"",
      "pytest ; (python_version < \"3.12\") and extra == \"test\"",
    ],
    // Normalised (the installer's conversion, now the only one): "Socks" is listed as "socks".
    providesExtra: ["socks", "test"],
  });
});

test("comments and blank lines are skipped; an empty file has no requirements", () => {
  assert.deepEqual(convertEggRequires("# c\n\n"), { requiresDist: [], providesExtra: [] });
});

test("extra names are normalised with - in markers and in providesExtra alike (the two old conversions used _ and -)", () => {
  const converted = convertEggRequires("[Foo_Bar]\nx\n[foo.bar:os_name == \"nt\"]\ny\n[Dev]\nz\n");
  assert.deepEqual(converted.requiresDist, ['x ; extra == "foo-bar"', 'y ; (os_name == "nt") and extra == "foo-bar"', 'z ; extra == "dev"']);
  assert.deepEqual(converted.providesExtra, ["foo-bar", "dev"]);
});
