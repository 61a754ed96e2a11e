import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Builder, type BuiltArtifact } from "../../src/builder/builder.js";
import { readBinaryArchive } from "../../src/installer/index.js";
import { buildSdist } from "../kit/sdist-build.js";
import { tempDir } from "../kit/repo.js";
import { setuptoolsProvider, testInterpreter } from "./helpers.js";

const PROJECTS = ["pure", "cext", "scripts", "pyproject-only", "build-system", "in-tree-backend"] as const;

describe("Builder on real fixture sdists", () => {
  const cache = tempDir("builder-cache");
  after(() => cache.cleanup());
  const built = new Map<string, BuiltArtifact>();
  const sdists = new Map<string, string>();
  const calls: string[][] = [];

  before(async () => {
    const interpreter = await testInterpreter();
    for (const p of PROJECTS) sdists.set(p, (await buildSdist(p)).path);
    const builder = new Builder({ interpreter, cacheDir: cache.path, provider: setuptoolsProvider(calls) });
    const results = await Promise.all(PROJECTS.map((p) => builder.build(sdists.get(p) as string)));
    PROJECTS.forEach((p, i) => built.set(p, results[i] as BuiltArtifact));
  });

  it("builds a pure project into purelib with a .dist-info", async () => {
    const b = built.get("pure") as BuiltArtifact;
    assert.equal(b.kind, "binary");
    assert.equal(b.fromCache, false);
    const archive = await readBinaryArchive(b.path);
    const paths = [...archive.files.keys()].sort();
    assert.ok(paths.includes("purelib/pa_demo_pure/__init__.py"), paths.join("\n"));
    assert.ok(paths.includes("purelib/pa_demo_pure-1.0.dist-info/METADATA"));
    assert.ok(!paths.some((p) => p.includes(".egg-info")));
    assert.ok(!paths.some((p) => p.endsWith(".pyc")));
    const metadata = (archive.files.get("purelib/pa_demo_pure-1.0.dist-info/METADATA") as Buffer).toString();
    assert.match(metadata, /Requires-Dist: pa-deps-c>=1.0; python_version >= "3"|Requires-Dist: pa-deps-c>=1\.0 ; python_version >= "3"/);
    assert.match(metadata, /Provides-Extra: extra/);
    assert.equal(archive.manifest.name, "pa-demo-pure");
    for (const f of archive.manifest.files) assert.match(f.sha256, /^[0-9a-f]{64}$/);
  });
});
