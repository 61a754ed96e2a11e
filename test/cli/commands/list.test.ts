import { test } from "node:test";
import assert from "node:assert/strict";
import { formatList } from "../../../src/cli/commands/list.js";
import { formatShown } from "../../../src/cli/commands/show.js";

const rows = [
  { name: "alpha", version: "1.0", location: "/s", installer: "pip-accel", requested: true },
  { name: "b", version: "10.2.post1", location: "/s", installer: null, requested: false },
];

test("list formats: columns, freeze, json", () => {
  assert.equal(formatList(rows, "columns", false), "Package Version\n------- ----------\nalpha   1.0\nb       10.2.post1\n");
  assert.equal(formatList(rows, "freeze", false), "alpha==1.0\nb==10.2.post1\n");
  assert.deepEqual(JSON.parse(formatList(rows, "json", false)), [{ name: "alpha", version: "1.0" }, { name: "b", version: "10.2.post1" }]);
  assert.match(formatList(rows, "columns", true), /^Package Version +Location Installer\n/);
  assert.equal(formatList([], "columns", false), "");
  assert.throws(() => formatList(rows, "yaml", false), /not one of columns, freeze, json/);
});

test("show: pip's field order", () => {
  const text = formatShown({
    name: "a", version: "1", summary: "S", homePage: "", author: "A", authorEmail: "", license: "MIT", location: "/s",
    requires: ["b", "c"], requiredBy: [], installer: "pip-accel", files: null,
  }, false);
  assert.equal(text, "Name: a\nVersion: 1\nSummary: S\nHome-page: \nAuthor: A\nAuthor-email: \nLicense: MIT\nLocation: /s\nRequires: b, c\nRequired-by: \n");
});
