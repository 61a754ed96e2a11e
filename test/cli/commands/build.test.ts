import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { BinaryCache } from "../../../src/builder/binary-cache.js";
import { buildSdist } from "../../kit/sdist-build.js";
import { buildWheel } from "../../kit/wheel-factory.js";
import { setuptoolsIndexEntry } from "../../kit/setuptools-wheel.js";
import { startIndexServer } from "../../kit/index-server.js";
import { cleanPythonEnv, tempDir } from "../../kit/repo.js";

const bin = fileURLToPath(new URL("../../../src/cli/main.js", import.meta.url));

function cli(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const env = { ...cleanPythonEnv(), PIP_ACCEL_CACHE: "", PIP_CONFIG_FILE: "/dev/null", PIP_ACCEL_CONFIG: "" };
  const r = spawnSync(process.execPath, [bin, "build", ...args], { encoding: "utf8", env, cwd });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI without blocking the event loop (the index server runs in this process). */
function cliAsync(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...cleanPythonEnv(), PIP_ACCEL_CACHE: "", PIP_CONFIG_FILE: "/dev/null", PIP_ACCEL_CONFIG: "" };
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, "build", ...args], { env, cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => { stdout += b.toString(); });
    child.stderr.on("data", (b: Buffer) => { stderr += b.toString(); });
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
  });
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

  it("resolves named requirements from an index, builds the sdists and only downloads the wheels", async () => {
    const wheel = buildWheel({ name: "pa-deps-c", version: "1.0", files: { "pa_deps_c/__init__.py": "" } }, dir.path);
    const server = await startIndexServer({
      projects: {
        "pa-demo-pure": [{ filename: basename(sdist), path: sdist }],
        "pa-deps-c": [{ filename: basename(wheel.path), path: wheel.path }],
        setuptools: [await setuptoolsIndexEntry()],
      },
      staticRoot: dir.path,
    });
    try {
      const fresh = join(dir.path, "fresh-cache");
      const first = await cliAsync(dir.path, "pa-demo-pure==1.0", "-i", server.simpleUrl, "--cache-dir", fresh);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /Saved pa_deps_c-1\.0-py3-none-any\.whl/);
      assert.match(first.stdout, /1 binary in .* \(1 built, 0 already cached\); 1 wheel downloaded/);
      assert.deepEqual(new BinaryCache(fresh).list().map((e) => e.key.name), ["pa-demo-pure"]);
      assert.ok(server.requests.some((r) => r.path.endsWith("/setuptools-65.5.0-py3-none-any.whl")), "setuptools came from the index");
      // Named and local entries mixed in one file; --no-deps skips pa-deps-c; nothing is rebuilt.
      const reqs = writeReq("mixed.txt", `pa-demo-pure==1.0\n./${basename(sdist)}\n`);
      const second = await cliAsync(dir.path, "-r", reqs, "--no-deps", "-i", server.simpleUrl, "--cache-dir", fresh);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /2 binaries in .* \(0 built, 2 already cached\)$/m);
      assert.doesNotMatch(second.stdout, /Saved pa_deps_c/);
      // A requirement file by URL is read through the index client.
      writeReq("remote.txt", "pa-demo-pure==1.0\n");
      server.clearLog();
      const third = await cliAsync(dir.path, "-r", server.simpleUrl.replace(/simple\/$/, "static/remote.txt"), "--no-deps", "-i", server.simpleUrl, "--cache-dir", fresh);
      assert.equal(third.code, 0, third.stderr);
      assert.match(third.stdout, /1 binary in .* \(0 built, 1 already cached\)$/m);
      assert.ok(server.requests.some((r) => r.path === "/static/remote.txt" && r.status === 200), "the file came from the server");
    } finally {
      await server.close();
    }
  });

  it("fails with the resolver's explanation for an unknown project", async () => {
    const server = await startIndexServer({ projects: {} });
    try {
      const r = await cliAsync(dir.path, "pa-nowhere==1.0", "-i", server.simpleUrl, "--cache-dir", cache);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /pa-nowhere/);
    } finally {
      await server.close();
    }
  });

  function writeReq(name: string, text: string): string {
    writeFileSync(join(dir.path, name), text);
    return name;
  }
});
