/**
 * The whole end-to-end suite once more, against a closing server: every test file that
 * starts the kit's index server (install, resolve, download, build, the demo index, the
 * HTTP client and index tests) runs in a child `node --test` with
 * `PIP_ACCEL_TEST_WIRE=close`, so each of their servers answers HTTP/1.0 with
 * `Connection: close` and closes after every response, as Python's http.server does.
 * Then `npm run demo`'s script runs the same way. Tests that need keep-alive (connection
 * reuse counts) pin it in their own options.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { cleanPythonEnv, pythonAvailable, repoRoot, spawnCollect } from "../kit/repo.js";

const skip = !pythonAvailable() && "python3 not found";
const distTest = join(repoRoot(), "dist", "test");
const SELF = /closing-server-suite\.test\.js$/;

/** The children's environment: a closing server, and no NODE_TEST_CONTEXT (it would make the child report to us in the runner's internal protocol). */
function closingEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...cleanPythonEnv(), PIP_ACCEL_TEST_WIRE: "close" };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

function testFiles(root: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(root)) {
    const full = join(root, entry);
    if (statSync(full).isDirectory()) out.push(...testFiles(full));
    else if (entry.endsWith(".test.js") && !SELF.test(full) && readFileSync(full, "utf8").includes("startIndexServer")) out.push(full);
  }
  return out.sort();
}

test("every test file that starts an index server passes against an HTTP/1.0 closing server", { skip, timeout: 600_000 }, async () => {
  const files = testFiles(distTest);
  assert.ok(files.length >= 20, `found ${files.length} server-using test files`);
  const run = await spawnCollect(process.execPath, ["--test", "--test-concurrency=2", "--test-reporter=tap", ...files], {
    cwd: repoRoot(), env: closingEnv(),
  });
  const count = (key: string): number => Number(new RegExp(`^# ${key} (\\d+)$`, "m").exec(run.stdout)?.[1] ?? NaN);
  const failed = run.stdout.split("\n").filter((line) => /^\s*not ok /.test(line));
  assert.equal(run.code, 0, `failures under PIP_ACCEL_TEST_WIRE=close:\n${failed.join("\n")}\n${run.stderr.slice(-2000)}`);
  assert.equal(count("fail"), 0);
  assert.ok(count("pass") >= 150, `${count("pass")} tests passed in ${files.map((f) => relative(distTest, f)).join(", ")}`);
});

test("the demo (npm run demo's script) installs cold and warm from a closing server", { skip, timeout: 300_000 }, async () => {
  const run = await spawnCollect(process.execPath, [join(repoRoot(), "dist", "scripts", "demo.js")], {
    cwd: repoRoot(), env: closingEnv(),
  });
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /cold \d+\.\d+ s .* warm \d+\.\d+ s/);
  assert.doesNotMatch(run.stdout, /^\s*FAIL/m);
  assert.match(run.stdout, /ok\s+pip-accel check/);
});
