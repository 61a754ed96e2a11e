import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { findSetuptoolsWheel, setuptoolsIndexEntry } from "./setuptools-wheel.js";
import { readZip } from "./zip-reader.js";
import { pythonAvailable } from "./repo.js";

const skip = !pythonAvailable() && "python3 not found";

test("findSetuptoolsWheel finds a real setuptools wheel offline", { skip }, async (t) => {
  let wheel: string;
  try {
    wheel = await findSetuptoolsWheel();
  } catch (error) {
    t.skip(`no bundled setuptools here: ${(error as Error).message}`);
    return;
  }
  assert.match(path.basename(wheel), /^setuptools-[\d.]+-py3-none-any\.whl$/);
  assert.ok(existsSync(wheel));
  assert.ok(readZip(readFileSync(wheel)).some((e) => e.path === "setuptools/__init__.py"));
  assert.equal(await findSetuptoolsWheel(), wheel, "cached per interpreter");
  assert.deepEqual(await setuptoolsIndexEntry(), { filename: path.basename(wheel), path: wheel });
});

test("findSetuptoolsWheel names both places it looked when the interpreter is missing", async () => {
  if (existsSync("/usr/share/python-wheels")) {
    // Debian's copy is still found without a working interpreter.
    assert.match(await findSetuptoolsWheel("/nonexistent/python3"), /^\/usr\/share\/python-wheels\/setuptools-/);
    return;
  }
  await assert.rejects(findSetuptoolsWheel("/nonexistent/python3"), /ensurepip.*\/usr\/share\/python-wheels/s);
});
