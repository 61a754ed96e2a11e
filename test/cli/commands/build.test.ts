import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { BinaryCache } from "../../../src/builder/binary-cache.js";
import { buildSdist } from "../../kit/sdist-build.js";
import { cleanPythonEnv, tempDir } from "../../kit/repo.js";

const bin = fileURLToPath(new URL("../../../src/cli/main.js", import.meta.url));

function cli(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const env = { ...cleanPythonEnv(), PIP_ACCEL_CACHE: "", PIP_CONFIG_FILE: "/dev/null", PIP_ACCEL_CONFIG: "" };
  const r = spawnSync(process.execPath, [bin, "build", ...args], { encoding: "utf8", env, cwd });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("pip-accel build", () => {
  const dir = tempDir("build-cli");
  after(() => dir.cleanup());
  const cache = join(dir.path, "cache");
  let sdist = "";
  before(async () => { sdist = (await buildSdist("pure", dir.path)).path; });

  it("builds a local sdist into the binary cache, then finds it cached", () => {
    const first = cli(dir.path, sdist, "--cache-dir", cache);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Built pa-demo-pure-1\.0 in/);
    assert.match(first.stdout, /1 binary in .* \(1 built, 0 already cached\)/);
    assert.deepEqual(new BinaryCache(cache).list().map((e) => e.key.name), ["pa-demo-pure"]);
    const second = cli(dir.path, "-r", writeReq("reqs.txt", `./${basename(sdist)}\n`), "--cache-dir", cache);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /Using cached pa-demo-pure-1\.0/);
    assert.match(second.stdout, /\(0 built, 1 already cached\)/);
  });

  it("refuses named requirements until resolution is wired in", () => {
    const r = cli(dir.path, "-r", writeReq("named.txt", "requests>=2\n"), "--cache-dir", cache);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[build-needs-resolution\]: .*requests>=2/);
  });

  function writeReq(name: string, text: string): string {
    writeFileSync(join(dir.path, name), text);
    return name;
  }
});
