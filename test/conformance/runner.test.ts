import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runConformance } from "../../scripts/conformance/run.js";

const cli = fileURLToPath(new URL("../../scripts/conformance.js", import.meta.url));

function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function withTempDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "conformance-test-"));
  try { fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

const synthetic = {
  meta: { packaging_version: "synthetic" },
  utils: [
    { fn: "canonicalize_name", args: ["Foo.Bar"], kwargs: {}, expected: "foo-bar" },
    { fn: "canonicalize_name", args: ["Foo.Bar"], kwargs: {}, expected: "Foo.Bar" },
    { fn: "canonicalize_name", args: ["_x"], kwargs: { validate: true }, error: "InvalidName" },
    { fn: "is_normalized_name", args: ["foo"], kwargs: {}, error: "InvalidName" },
    { fn: "no_such_function", args: [], kwargs: {}, expected: null },
    "not a record",
  ],
  tags: [
    { fn: "parse_tag", args: ["py2.py3-none-any"], kwargs: {}, expected: ["py2-none-any", "py3-none-any"] },
    { fn: "parse_tag", args: ["py3-none"], kwargs: {}, error: "InvalidTag" },
    { fn: "parse_tag", args: ["py3-none"], kwargs: {}, error: "TooManyTagsError" },
  ],
  unknown: { things: [{ a: 1 }, { b: 2 }] },
  version: { valid: [] },
  note: "scalars are ignored",
};

function countLine(stdout: string, path: string): string {
  const line = stdout.split("\n").find((l) => l.startsWith(`${path} `));
  assert.ok(line, `no line for ${path} in:\n${stdout}`);
  return line.replace(/\s+/g, " ").trim();
}

test("CLI counts a mix of passing and failing records per category", () => {
  withTempDir((dir) => {
    const file = join(dir, "vectors.json");
    writeFileSync(file, JSON.stringify(synthetic));
    const { status, stdout, stderr } = runCli([file, "--verbose"]);
    assert.equal(stderr, "");
    assert.equal(status, 1);
    assert.equal(countLine(stdout, "utils"), "utils 2 passed 4 failed");
    assert.equal(countLine(stdout, "tags"), "tags 2 passed 1 failed");
    assert.equal(countLine(stdout, "unknown.things"), "unknown.things 0 passed 2 failed");
    assert.equal(countLine(stdout, "version.valid"), "version.valid 0 passed 0 failed");
    assert.match(stdout, /FAIL utils\[4\] .*\n\s+unknown fn 'no_such_function'/);
    assert.match(stdout, /no check for record path 'unknown.things'/);
    assert.match(stdout, /expected TooManyTagsError, got InvalidTag/);
    assert.equal(stdout.trimEnd().split("\n").at(-1), "4 passed, 7 failed");
  });
});

test("CLI shows only --max-failures failures and exits 0 when all pass", () => {
  withTempDir((dir) => {
    const mixed = join(dir, "mixed.json");
    writeFileSync(mixed, JSON.stringify(synthetic));
    const limited = runCli([mixed, "--max-failures", "1"]);
    assert.equal((limited.stdout.match(/^FAIL /gm) ?? []).length, 1);
    assert.match(limited.stdout, /\(6 more failures; --verbose shows all\)/);
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify({ tags: synthetic.tags.slice(0, 2) }));
    const ok = runCli([good]);
    assert.equal(ok.status, 0);
    assert.equal(ok.stdout.trimEnd().split("\n").at(-1), "2 passed, 0 failed");
  });
});

test("CLI exits 2 with a clear error for a missing file, bad JSON, a non-object, or bad usage", () => {
  withTempDir((dir) => {
    const missing = runCli([join(dir, "nope.json")]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^error: cannot read vectors file .*nope\.json: ENOENT/);
    assert.equal(missing.stdout, "");

    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{\"utils\": [");
    const bad = runCli([broken]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^error: vectors file .*broken\.json is not valid JSON/);

    const array = join(dir, "array.json");
    writeFileSync(array, "[1, 2]");
    assert.equal(runCli([array]).status, 2);

    const usage = runCli([]);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /^usage: /);
    assert.equal(runCli([array, "--max-failures", "x"]).status, 2);
    assert.equal(runCli([array, "--frobnicate"]).status, 2);
  });
});

test("runConformance never throws on odd input and takes injected checks", () => {
  const result = runConformance({ meta: [] as unknown as Record<string, unknown>, a: [1, null], b: { c: { d: [{}] } } }, {
    a: (record) => (record === 1 ? null : "not one"),
    "b.c.d": () => { throw new Error("boom"); },
  });
  assert.deepEqual(result.categories, [{ path: "a", passed: 1, failed: 1 }, { path: "b.c.d", passed: 0, failed: 1 }]);
  assert.equal(result.failures[1]!.reason, "threw: Error: boom");
});
