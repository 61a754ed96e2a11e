import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { BinaryCache } from "../../../src/builder/binary-cache.js";
import type { BinaryKey } from "../../../src/builder/binary-key.js";
import { resolveCacheRoot } from "../../../src/cache/cache.js";
import { tempDir } from "../../kit/repo.js";

const bin = fileURLToPath(new URL("../../../src/cli/main.js", import.meta.url));
const key = (name: string): BinaryKey => ({ name, version: "1.0", sdistSha256: "cd".repeat(32), implementation: "cp", pythonVersion: "3.11", abi: "cpython-311", platform: "linux-x86_64-glibc2.36" });

function cli(cacheDir: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const env = { ...process.env, PIP_ACCEL_CACHE: "", PIP_CONFIG_FILE: "/dev/null" };
  const r = spawnSync(process.execPath, [bin, "cache", ...args, "--cache-dir", cacheDir], { encoding: "utf8", env });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("pip-accel cache", () => {
  const dir = tempDir("cache-cli");
  after(() => dir.cleanup());
  const root = join(dir.path, "root");
  const file = join(dir.path, "x.tar.gz");
  writeFileSync(file, "archive bytes");
  const cache = new BinaryCache(root);
  cache.put(key("pa-alpha"), file, "binary");
  cache.put(key("pa-beta"), file, "wheel");
  mkdirSync(join(root, "build-envs-v1", "abc"), { recursive: true });

  it("dir prints the root", () => assert.equal(cli(root, "dir").stdout, `${root}\n`));

  it("dir agrees with src/cache: PIP_ACCEL_CACHE, else ~/.pip-accel (/var/cache/pip-accel for root)", () => {
    const run = (extra: Record<string, string>) => spawnSync(process.execPath, [bin, "cache", "dir"], { encoding: "utf8", env: { ...process.env, PIP_CONFIG_FILE: "/dev/null", ...extra } }).stdout;
    assert.equal(run({ PIP_ACCEL_CACHE: root }), `${root}\n`);
    const env = { PIP_ACCEL_CACHE: "", HOME: dir.path };
    const expected = resolveCacheRoot({ env, home: dir.path });
    assert.equal(run(env), `${expected}\n`);
    assert.equal(expected, process.getuid?.() === 0 ? "/var/cache/pip-accel" : join(dir.path, ".pip-accel"));
  });

  it("info counts binaries and environments", () => {
    const out = cli(root, "info").stdout;
    assert.match(out, /Cached binaries: 2 \(1 wheels from PEP 517 backends\)/);
    assert.match(out, /Build environments: 1/);
  });

  it("list shows entries, filtered by a glob on the canonical name", () => {
    assert.equal(cli(root, "list").stdout.trim().split("\n").length, 2);
    const one = cli(root, "list", "PA_Al*").stdout.trim().split("\n");
    assert.equal(one.length, 1);
    assert.match(one[0] as string, /^pa-alpha 1\.0 binary cp3\.11 cpython-311 linux-x86_64-glibc2\.36 13 B \//);
  });

  it("remove deletes matching entries only", () => {
    const r = cli(root, "remove", "pa-beta");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Removed 1 cached binary/);
    assert.deepEqual(cache.list().map((e) => e.key.name), ["pa-alpha"]);
  });

  it("remove without a pattern and unknown actions are usage errors", () => {
    assert.match(cli(root, "remove").stderr, /error\[usage\]/);
    assert.match(cli(root, "frobnicate").stderr, /error\[usage\].*Unknown cache action/);
  });

  it("purge empties the binary cache and the build environments", () => {
    assert.equal(cli(root, "purge").code, 0);
    assert.equal(cache.list().length, 0);
    assert.equal(existsSync(join(root, "build-envs-v1")), false);
  });
});
