import { installBuildArtifact } from "../../src/operations/build-env-installer.js";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { Builder, buildSdists, type BuiltArtifact } from "../../src/builder/builder.js";
import { BUILD_ENV_BUCKET } from "../../src/builder/build-env.js";
import { readBinaryArchive } from "../../src/archive/index.js";
import { installFromStore, Store, unpackBinaryArchive, unpackWheel } from "../../src/installer/index.js";
import { computeScheme } from "../../src/python/scheme.js";
import { buildSdist } from "../kit/sdist-build.js";
import { makeSdistFromFiles } from "../kit/tarball-factory.js";
import { cleanPythonEnv, fixturePath, tempDir } from "../kit/repo.js";
import { setuptoolsProvider, testInterpreter } from "./helpers.js";

const PROJECTS = ["pure", "cext", "scripts", "pyproject-only", "build-system", "in-tree-backend"] as const;
type Project = (typeof PROJECTS)[number];

function pinnedSdist(outDir: string): string {
  const root = fixturePath("builder", "pinned-setuptools");
  const files: Record<string, string> = {};
  for (const f of ["pyproject.toml", "setup.py", "pa_pinned/__init__.py"]) files[f] = readFileSync(join(root, f), "utf8");
  return makeSdistFromFiles({ name: "pa-pinned", version: "1.0", files }, outDir).path;
}

describe("Builder on real fixture sdists", () => {
  const cache = tempDir("builder-cache");
  const work = tempDir("builder-work");
  after(() => { cache.cleanup(); work.cleanup(); });
  const built = new Map<Project | "pinned", BuiltArtifact>();
  const sdists = new Map<Project | "pinned", string>();
  const calls: string[][] = [];

  before(async () => {
    const interpreter = await testInterpreter();
    for (const p of PROJECTS) sdists.set(p, (await buildSdist(p)).path);
    sdists.set("pinned", pinnedSdist(work.path));
    const names = [...sdists.keys()];
    const results = await buildSdists(names.map((p) => sdists.get(p) as string), { interpreter, cacheDir: cache.path, provider: setuptoolsProvider(calls), installArtifact: installBuildArtifact });
    names.forEach((p, i) => built.set(p, results[i] as BuiltArtifact));
  });

  const files = async (p: Project | "pinned"): Promise<Map<string, Buffer>> => (await readBinaryArchive(built.get(p)!.path)).files;

  it("builds a pure project into purelib with a converted .dist-info and no .pyc", async () => {
    const b = built.get("pure")!;
    assert.equal(b.kind, "binary");
    assert.equal(b.fromCache, false);
    const archive = await readBinaryArchive(b.path);
    const paths = [...archive.files.keys()];
    assert.ok(paths.includes("purelib/pa_demo_pure/__init__.py"), paths.join("\n"));
    assert.ok(!paths.some((p) => p.includes(".egg-info") || p.endsWith(".pyc")), paths.join("\n"));
    const metadata = archive.files.get("purelib/pa_demo_pure-1.0.dist-info/METADATA")!.toString();
    assert.match(metadata, /^Requires-Dist: pa-deps-c>=1\.0 ; python_version >= "3"$/m);
    assert.equal(metadata.match(/^Provides-Extra: extra$/gm)?.length, 1, metadata);
    assert.match(metadata, /^Requires-Dist: pa-deps-b ; extra == "extra"$/m);
    assert.equal(archive.manifest.name, "pa-demo-pure");
    assert.equal(archive.manifest.version, "1.0");
  });

  it("puts a C extension into platlib, executable, and it imports after install", async () => {
    const f = await files("cext");
    const so = [...f.keys()].find((p) => p.startsWith("platlib/pa_demo_cext/_speedup") && p.endsWith(".so"));
    assert.ok(so, [...f.keys()].join("\n"));
    assert.ok(f.has("platlib/pa_demo_cext-1.0.dist-info/METADATA"));
    const interpreter = await testInterpreter();
    const prefix = join(work.path, "prefix");
    const scheme = computeScheme(interpreter.info, { prefix });
    const entry = await unpackBinaryArchive(built.get("cext")!.path, Store.inCache(cache.path));
    await installFromStore(entry, scheme, { python: { executable: interpreter.info.executable } });
    const run = spawnSync(interpreter.path, ["-c", "import pa_demo_cext._speedup as s; print(s.add(2, 3))"], {
      env: cleanPythonEnv({ PYTHONPATH: `${scheme.platlib}:${scheme.purelib}` }), encoding: "utf8",
    });
    assert.equal(run.stdout.trim(), "5", run.stderr);
  });

  it("maps scripts, entry points and data_files onto scheme keys with modes in the manifest", async () => {
    const archive = await readBinaryArchive(built.get("scripts")!.path);
    const modes = new Map(archive.manifest.files.map((x) => [x.path, x.mode]));
    assert.equal(modes.get("scripts/pa-demo-plain"), 0o755);
    assert.equal(modes.get("data/share/pa-demo-scripts/data.txt"), 0o644);
    assert.equal(modes.get("purelib/pa_demo_scripts/cli.py"), 0o644);
    const eps = archive.files.get("purelib/pa_demo_scripts-1.0.dist-info/entry_points.txt")!.toString();
    assert.match(eps, /pa-demo-cli = pa_demo_scripts.cli:main/);
    // The installer regenerates entry-point wrappers and rewrites the plain script's build shebang.
    const entry = await unpackBinaryArchive(built.get("scripts")!.path, Store.inCache(cache.path));
    assert.deepEqual(entry.manifest.entryPoints.map((e) => e.name).sort(), ["pa-demo-cli", "pa-demo-gui"]);
    assert.ok(!entry.manifest.files.some((x) => x.path === "pa-demo-cli"));
    assert.equal(entry.manifest.files.find((x) => x.path === "pa-demo-plain")?.rewrite, "build-shebang");
  });

  it("builds a pyproject-only setuptools project through a setup() shim", async () => {
    const f = await files("pyproject-only");
    assert.ok(f.has("purelib/pa_demo_pyproject/__init__.py"));
    assert.match(f.get("purelib/pa_demo_pyproject-1.0.dist-info/entry_points.txt")!.toString(), /pa-demo-pyproject = pa_demo_pyproject:main/);
    assert.match(f.get("purelib/pa_demo_pyproject-1.0.dist-info/METADATA")!.toString(), /^Requires-Python: >=3.8$/m);
  });

  it("builds a setup.py + [build-system] project and asks the provider for its requirements", async () => {
    assert.ok((await files("build-system")).has("purelib/pa_demo_buildsys/__init__.py"));
    assert.ok(calls.some((c) => c.length === 1 && c[0] === "setuptools>=40.8.0"), JSON.stringify(calls));
  });

  it("uses exactly the setuptools version [build-system] pins, from the build env, not the interpreter's", async () => {
    assert.ok(calls.some((c) => c[0] === "setuptools==65.5.0"), JSON.stringify(calls));
    const text = (await files("pinned")).get("purelib/pa_pinned/built_with.py")!.toString();
    assert.match(text, /SETUPTOOLS_VERSION = '65\.5\.0'/);
    assert.match(text, /FROM_BUILD_ENV = True/);
  });

  it("builds a non-setuptools in-tree backend (backend-path) through PEP 517 into a cached wheel", async () => {
    const b = built.get("in-tree-backend")!;
    assert.equal(b.kind, "wheel");
    assert.match(b.path, /\.whl$/);
    const entry = await unpackWheel(b.path, Store.inCache(cache.path));
    assert.equal(entry.manifest.name, "pa-demo-intree");
    assert.ok(entry.manifest.files.some((x) => x.path === "pa_demo_intree/__init__.py"));
  });

  it("shares one build environment per requirement set and interpreter", () => {
    const envs = readdirSync(join(cache.path, BUILD_ENV_BUCKET)).filter((n) => !n.startsWith("."));
    // setuptools>=40.8.0 and ==65.5.0 resolve to the same wheel: one env; the in-tree backend: an empty one.
    assert.equal(envs.length, 2, envs.join(" "));
  });

  it("rebuilds nothing on the second call, and never asks the provider", async () => {
    const interpreter = await testInterpreter();
    const again: string[][] = [];
    const builder = new Builder({ installArtifact: installBuildArtifact, interpreter, cacheDir: cache.path, provider: setuptoolsProvider(again) });
    for (const [p, sdist] of sdists) {
      const b = await builder.build(sdist);
      assert.equal(b.fromCache, true, p);
      assert.equal(b.path, built.get(p)!.path);
    }
    assert.deepEqual(again, []);
  });

  it("treats a corrupt cache entry as missing and rebuilds it", async () => {
    const interpreter = await testInterpreter();
    const path = built.get("build-system")!.path;
    writeFileSync(path, Buffer.concat([readFileSync(path).subarray(0, 100), Buffer.from("garbage")]));
    const builder = new Builder({ installArtifact: installBuildArtifact, interpreter, cacheDir: cache.path, provider: setuptoolsProvider() });
    const b = await builder.build(sdists.get("build-system")!);
    assert.equal(b.fromCache, false);
    assert.ok((await readBinaryArchive(b.path)).files.has("purelib/pa_demo_buildsys/__init__.py"));
  });
});
