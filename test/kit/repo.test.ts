import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cleanPythonEnv, fixturePath, projectPath, pythonAvailable, repoRoot, tempDir } from "./repo.js";

test("repoRoot finds package.json and the fixture data from dist/", () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot(), "package.json"), "utf8")) as { name: string };
  assert.equal(pkg.name, "pip-accel");
  assert.ok(existsSync(fixturePath("indexes", "expected.json")));
  assert.ok(existsSync(path.join(projectPath("pure"), "setup.py")));
});

test("tempDir makes a fresh directory and cleanup removes it twice without error", () => {
  const a = tempDir("kit");
  const b = tempDir("kit");
  assert.notEqual(a.path, b.path);
  writeFileSync(path.join(a.path, "f"), "x");
  a.cleanup();
  a.cleanup();
  b.cleanup();
  assert.equal(existsSync(a.path), false);
});

test("cleanPythonEnv drops PIP_*, PYTHON* and VIRTUAL_ENV and keeps the rest", () => {
  const saved = { ...process.env };
  try {
    Object.assign(process.env, { PIP_INDEX_URL: "http://x", PYTHONPATH: "/x", PYTHONHOME: "/y", VIRTUAL_ENV: "/v", PA_KEEP: "1" });
    const env = cleanPythonEnv({ SOURCE_DATE_EPOCH: "0" });
    for (const key of ["PIP_INDEX_URL", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"]) assert.equal(env[key], undefined, key);
    assert.equal(env.PA_KEEP, "1");
    assert.equal(env.SOURCE_DATE_EPOCH, "0");
    assert.equal(env.PATH, process.env.PATH);
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  }
});

test("pythonAvailable is false for a missing interpreter", () => {
  assert.equal(pythonAvailable("/nonexistent/python3"), false);
});
