import { installBuildArtifact } from "../../src/operations/build-env-installer.js";
import assert from "node:assert/strict";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { BINARY_BUCKET, BinaryCache } from "../../src/builder/binary-cache.js";
import { BUILD_ENV_BUCKET } from "../../src/builder/build-env.js";
import { Builder } from "../../src/builder/builder.js";
import { BuildEnvError, BuildFailedError } from "../../src/builder/errors.js";
import { makeSdistFromFiles } from "../kit/tarball-factory.js";
import { tempDir } from "../kit/repo.js";
import { setuptoolsProvider, testInterpreter } from "./helpers.js";

/** Every file (not directory) under `dir`, relative. */
function filesUnder(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

function failingSdist(dir: string): string {
  return makeSdistFromFiles({
    name: "pa-broken", version: "1.0", files: {
      "setup.py": "from setuptools import setup\nimport sys\nsys.stderr.write('pa-broken: deliberate failure\\n')\nsys.exit(3)\n",
    },
  }, dir).path;
}

describe("a failed build leaves nothing behind", () => {
  const work = tempDir("failed-work");
  const cache = tempDir("failed-cache");
  const temp = tempDir("failed-temp");
  after(() => { work.cleanup(); cache.cleanup(); temp.cleanup(); });

  it("a setup.py that fails: no binaries-v1 entry, no temp tree, the log names the failure", async () => {
    const builder = new Builder({ installArtifact: installBuildArtifact, interpreter: await testInterpreter(), cacheDir: cache.path, provider: setuptoolsProvider(), tempDir: temp.path });
    await assert.rejects(builder.build(failingSdist(work.path)), (e: unknown) => {
      assert.ok(e instanceof BuildFailedError, String(e));
      assert.match(e.message, /pa-broken: deliberate failure/);
      return true;
    });
    assert.deepEqual(filesUnder(join(cache.path, BINARY_BUCKET)), []);
    assert.deepEqual(new BinaryCache(cache.path).list(), []);
    assert.deepEqual(readdirSync(temp.path), [], "the private build tree is removed");
    const envs = existsSync(join(cache.path, BUILD_ENV_BUCKET)) ? readdirSync(join(cache.path, BUILD_ENV_BUCKET)) : [];
    assert.ok(envs.every((n) => !n.startsWith(".tmp-")), envs.join(" "));
    // The complete env (setuptools only) is kept for reuse: it carries its record.
    for (const env of envs) assert.ok(existsSync(join(cache.path, BUILD_ENV_BUCKET, env, "pip-accel-build-env.json")), env);
  });

  it("a build environment that cannot be installed: no half-written env, no binary", async () => {
    const bad = join(work.path, "pa_corrupt-1.0-py3-none-any.whl");
    writeFileSync(bad, "this is not a zip file");
    const fresh = tempDir("failed-env-cache");
    try {
      const builder = new Builder({ installArtifact: installBuildArtifact, interpreter: await testInterpreter(), cacheDir: fresh.path, provider: async () => [bad], tempDir: temp.path });
      const sdist = makeSdistFromFiles({ name: "pa-needs-corrupt", version: "1.0", files: { "setup.py": "from setuptools import setup\nsetup()\n" } }, work.path).path;
      await assert.rejects(builder.build(sdist), (e: unknown) => e instanceof BuildEnvError);
      const bucket = join(fresh.path, BUILD_ENV_BUCKET);
      assert.deepEqual(existsSync(bucket) ? readdirSync(bucket) : [], [], "neither a temp nor a final env directory");
      assert.deepEqual(filesUnder(join(fresh.path, BINARY_BUCKET)), []);
      assert.deepEqual(readdirSync(temp.path), []);
    } finally {
      fresh.cleanup();
    }
  });
});
