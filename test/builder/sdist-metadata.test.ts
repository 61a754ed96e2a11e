import { installBuildArtifact } from "../../src/operations/build-env-installer.js";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Builder } from "../../src/builder/builder.js";
import { BuilderMetadataSource, METADATA_BUCKET, sdistMetadata } from "../../src/builder/sdist-metadata.js";
import { buildSdist } from "../kit/sdist-build.js";
import { tempDir } from "../kit/repo.js";
import { setuptoolsProvider, testInterpreter } from "./helpers.js";

describe("sdist metadata through egg_info / prepare_metadata_for_build_wheel", () => {
  const cache = tempDir("metadata-cache");
  after(() => cache.cleanup());
  let builder: Builder;
  const calls: string[][] = [];
  before(async () => {
    builder = new Builder({ installArtifact: installBuildArtifact, interpreter: await testInterpreter(), cacheDir: cache.path, provider: setuptoolsProvider(calls) });
  });

  it("reads Requires-Dist with markers and extras from setup.py egg_info", async () => {
    const meta = await sdistMetadata(builder, (await buildSdist("deps-b")).path);
    assert.equal(meta.name, "pa-deps-b");
    assert.equal(meta.version, "1.0");
    assert.ok(meta.requiresDist.includes("pa-deps-c<2,>=1.0") || meta.requiresDist.includes("pa-deps-c>=1.0,<2"), meta.requiresDist.join(" | "));
    assert.deepEqual([...meta.providesExtra].sort(), ["fast", "never"]);
    assert.ok(meta.requiresDist.some((r) => r.includes('extra == "never"') && r.startsWith("pa-not-on-any-index")), meta.requiresDist.join(" | "));
  });

  it("reads Requires-Python from a pyproject-only project", async () => {
    const meta = await sdistMetadata(builder, (await buildSdist("pyproject-only")).path);
    assert.equal(meta.requiresPython, ">=3.8");
  });

  it("calls prepare_metadata_for_build_wheel for a non-setuptools backend", async () => {
    const meta = await sdistMetadata(builder, (await buildSdist("in-tree-backend")).path);
    assert.equal(meta.name, "pa-demo-intree");
    assert.deepEqual(meta.requiresDist, ["pa-deps-c>=1.0"]);
  });

  it("caches the answer per sdist hash and builds nothing into the binary cache", async () => {
    assert.equal(readdirSync(join(cache.path, METADATA_BUCKET)).length, 3);
    assert.equal(existsSync(join(cache.path, "binaries-v1")), false);
    const before = calls.length;
    await sdistMetadata(builder, (await buildSdist("deps-b")).path);
    assert.equal(calls.length, before);
  });

  it("is a MetadataSource that reports failures as unavailable", async () => {
    const pure = (await buildSdist("pure")).path;
    const source = new BuilderMetadataSource(builder, async (req) => (req.filename === "pa_demo_pure-1.0.tar.gz" ? pure : null));
    const ok = await source.getMetadata({ name: "pa-demo-pure", version: "1.0", filename: "pa_demo_pure-1.0.tar.gz", url: "x", hashes: {} });
    assert.equal(ok.kind, "ok");
    const missing = await source.getMetadata({ name: "x", version: "1", filename: "x-1.tar.gz", url: "x", hashes: {} });
    assert.deepEqual(missing, { kind: "unavailable", reason: "x-1.tar.gz is not available locally" });
  });
});
