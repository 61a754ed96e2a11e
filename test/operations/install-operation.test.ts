/**
 * The library entry: `install()` from "pip-accel" reports through callbacks
 * and never prints. Uses `--target` with the machine's python3 (no venv).
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { install } from "../../src/lib.js";
import { pythonAvailable, tempDir } from "../kit/repo.js";
import { buildWheelhouse, sandboxEnv } from "../e2e/env.js";

const skip = !pythonAvailable() && "python3 not found";
const dir = tempDir("lib-install");
after(() => dir.cleanup());

test("install() reports each stage through the reporter and writes nothing to stdout/stderr", { skip }, async () => {
  const wheels = buildWheelhouse(join(dir.path, "wheels"));
  const events: string[] = [];
  const writes: string[] = [];
  const realOut = process.stdout.write.bind(process.stdout);
  const realErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => (writes.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => (writes.push(String(chunk)), true)) as typeof process.stderr.write;
  let summary;
  try {
    summary = await install({
      requirements: ["app==1.0"], findLinks: [wheels], noIndex: true, cacheDir: join(dir.path, "cache"),
      python: "python3", target: join(dir.path, "target"), env: sandboxEnv(dir.path), cwd: dir.path,
      reporter: {
        onResolveStart: () => events.push("resolve"),
        onResolved: ({ pins, fastPath }) => events.push(`resolved ${pins} ${fastPath}`),
        onPrepareStart: ({ name, action }) => events.push(`${action} ${name}`),
        onInstalled: ({ name, version }) => events.push(`installed ${name} ${version}`),
      },
    });
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
  // The test runner itself streams binary-serialised events through stdout (they contain NUL bytes).
  assert.deepEqual(writes.filter((w) => !w.includes("\u0000")), []);
  assert.deepEqual(events, ["resolve", "resolved 2 null", "fetch app", "fetch lib", "installed app 1.0", "installed lib 1.5"]);
  assert.deepEqual(summary.installed.map((i) => `${i.name}-${i.version}`), ["app-1.0", "lib-1.5"]);
  assert.equal(summary.fastPath, null);
  assert.ok(summary.plan !== null && summary.plan.toFetch.length === 2);
  assert.ok(existsSync(join(dir.path, "target", "app", "__init__.py")));
});

test("a second pinned install of the same wheels uses the cache and the store", { skip }, async () => {
  const summary = await install({
    requirements: ["app==1.0", "lib==1.5"], findLinks: [join(dir.path, "no-such-dir")], noIndex: true, cacheDir: join(dir.path, "cache"),
    python: "python3", target: join(dir.path, "target2"), env: sandboxEnv(dir.path), cwd: dir.path,
  });
  assert.equal(summary.fastPath, "cached");
  assert.equal(summary.plan?.fromCache.length, 2);
  assert.equal(summary.plan?.toFetch.length, 0);
});

test("no requirements and no sources are errors with codes", { skip }, async () => {
  const base = { cacheDir: join(dir.path, "cache"), python: "python3", target: join(dir.path, "t3"), env: sandboxEnv(dir.path), cwd: dir.path };
  await assert.rejects(install({ ...base, requirements: [] }), { code: "no-requirements" });
  await assert.rejects(install({ ...base, requirements: ["zzz>=1"] }), { code: "no-sources" });
});
