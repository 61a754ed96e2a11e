/**
 * The shared binary cache end to end, against a real S3-protocol server
 * (moto): machine A (its own cache dir) builds two sdists and uploads the
 * binaries; machine B (an empty cache dir, a new venv) installs the same
 * set with zero builds; `cache info` and `cache push`; wrong credentials
 * and a store that is down give one warning and local builds, never a
 * failed install, and never show the secret.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSdist } from "../kit/artifacts.js";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";
import { pythonAvailable, tempDir } from "../kit/repo.js";
import { motoAvailable, startS3Server, type S3Server } from "../kit/s3-server.js";
import { makeVenv, runCliAsync as runCli, runPython } from "./env.js";

const skip = !pythonAvailable() ? "python3 not found" : !motoAvailable() ? "python3 has no moto.server (pip install 'moto[server]')" : false;
const dir = tempDir("e2e-shared-cache");
let index: IndexServer;
let s3: S3Server;
let authS3: S3Server;

before(async () => {
  if (skip) return;
  const [cext, scripts] = await Promise.all([buildSdist("cext"), buildSdist("scripts")]);
  index = await startIndexServer({
    projects: {
      "pa-demo-cext": [{ filename: cext.filename, path: cext.path }],
      "pa-demo-scripts": [{ filename: scripts.filename, path: scripts.path }],
    },
  });
  [s3, authS3] = await Promise.all([startS3Server(), startS3Server({ auth: true })]);
  writeFileSync(join(dir.path, "requirements.txt"), "pa-demo-cext==1.0\npa-demo-scripts==1.0\n");
});
after(async () => {
  await Promise.all([index?.close(), s3?.stop(), authS3?.stop()]);
  dir.cleanup();
});

const install = (machine: string, env: Record<string, string>) => {
  makeVenv(join(dir.path, `venv-${machine}`));
  return runCli(["install", "-v", "--python", join(dir.path, `venv-${machine}`), "--cache-dir", join(dir.path, `cache-${machine}`), "-i", index.simpleUrl, "-r", "requirements.txt"], dir.path, env);
};
const builds = (output: string): number => (output.match(/^Built /gm) ?? []).length;

test("machine A builds and uploads; machine B, with an empty cache, installs with zero builds", { skip }, async () => {
  const a = await install("a", s3.env("ci"));
  assert.equal(a.code, 0, a.stderr);
  assert.equal(builds(a.stdout + a.stderr), 2);
  assert.doesNotMatch(a.stderr, /warning/i);
  const b = await install("b", s3.env("ci"));
  assert.equal(b.code, 0, b.stderr);
  assert.equal(builds(b.stdout + b.stderr), 0, b.stdout + b.stderr);
  assert.ok(!existsSync(join(dir.path, "cache-b", "build-envs-v1")), "no build environment was provisioned");
  assert.match(b.stdout, /Successfully installed pa-demo-cext-1\.0 pa-demo-scripts-1\.0/);
  assert.equal(runPython(join(dir.path, "venv-b", "bin", "python"), "from pa_demo_cext import _speedup; print(_speedup.add(2, 3))").trim(), "5");
  const info = await runCli(["cache", "info", "--python", join(dir.path, "venv-b"), "--cache-dir", join(dir.path, "cache-b")], dir.path, s3.env("ci"));
  assert.equal(info.code, 0, info.stderr);
  assert.match(info.stdout, /Shared cache: s3:\/\/pip-accel-cache\/ci\/ at http:\/\/127\.0\.0\.1:\d+\n  reachable: yes\n  writable: yes\n  binaries: 2 \(2 for this interpreter and platform\)/);
});

test("read-only machines upload nothing; cache push shares the local binaries", { skip }, async () => {
  const r = await install("readonly", s3.env("ro", { PIP_ACCEL_S3_READONLY: "1" }));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(builds(r.stdout + r.stderr), 2);
  const cacheDir = join(dir.path, "cache-readonly");
  const info = await runCli(["cache", "info", "--python", join(dir.path, "venv-readonly"), "--cache-dir", cacheDir], dir.path, s3.env("ro", { PIP_ACCEL_S3_READONLY: "1" }));
  assert.match(info.stdout, /writable: read-only\n  binaries: 0 /);
  const push = await runCli(["cache", "push", "--cache-dir", cacheDir], dir.path, s3.env("ro"));
  assert.equal(push.code, 0, push.stderr);
  assert.match(push.stderr + push.stdout, /Shared 2 cached binaries with s3:\/\/pip-accel-cache\/ro\/ \(0 already there\)/);
  const again = await runCli(["cache", "push", "--cache-dir", cacheDir], dir.path, s3.env("ro"));
  assert.match(again.stderr + again.stdout, /Shared 0 cached binaries .* \(2 already there\)/);
});

test("wrong credentials: one warning without the secret, local builds, exit 0", { skip }, async () => {
  const run = await install("badcreds", authS3.env("ci", { AWS_SECRET_ACCESS_KEY: "wrong-secret-value-123" }));
  assert.equal(run.code, 0, run.stderr);
  assert.equal(builds(run.stdout + run.stderr), 2);
  const warnings = run.stderr.split("\n").filter((l) => /shared cache/.test(l));
  assert.equal(warnings.length, 1, run.stderr);
  assert.match(warnings[0]!, /403 SignatureDoesNotMatch/);
  assert.doesNotMatch(run.stdout + run.stderr, /wrong-secret-value-123/);
});

test("a store that is down: one warning, local builds, exit 0", { skip }, async () => {
  const down = await startS3Server({ bucket: "pip-accel-down" });
  const env = down.env("ci");
  await down.stop();
  const run = await install("down", env);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(builds(run.stdout + run.stderr), 2);
  assert.equal(run.stderr.split("\n").filter((l) => /shared cache/.test(l)).length, 1, run.stderr);
});
