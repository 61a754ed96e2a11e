import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { BuiltArtifact } from "../../src/builder/builder.js";
import { BuildCycleError, BuildEnvError, SystemPackageRefusedError } from "../../src/builder/errors.js";
import { readBinaryArchive } from "../../src/archive/index.js";
import { createBuilder, EnsurepipFallback, execCaptured, interpreterTarget } from "../../src/operations/build-setup.js";
import { createIndexSources, type IndexSources } from "../../src/resolver/lib.js";
import type { CandidateSource, MetadataSource } from "../../src/resolver/sources.js";
import { buildSdist } from "../kit/sdist-build.js";
import { buildWheel } from "../kit/wheel-factory.js";
import { setuptoolsIndexEntry, findSetuptoolsWheel } from "../kit/setuptools-wheel.js";
import { makeSdistFromFiles } from "../kit/tarball-factory.js";
import { startIndexServer, type IndexServer } from "../kit/index-server.js";
import { cleanPythonEnv, fixturePath, tempDir } from "../kit/repo.js";
import { testInterpreter } from "../builder/helpers.js";

/** A setuptools project whose [build-system] needs `needs` too (setuptools<99: the index's 99.0 is a dud). */
function project(dir: string, name: string, needs: string[], setupExtra = ""): { filename: string; path: string } {
  const mod = name.replace(/-/g, "_");
  const built = makeSdistFromFiles({
    name, version: "1.0", files: {
      "pyproject.toml": `[build-system]\nrequires = ${JSON.stringify(["setuptools<99", ...needs])}\nbuild-backend = "setuptools.build_meta"\n`,
      "setup.py": `${setupExtra}\nfrom setuptools import setup\nsetup(name=${JSON.stringify(name)}, version="1.0", py_modules=[${JSON.stringify(mod)}])\n`,
      [`${mod}.py`]: `VALUE = ${JSON.stringify(name)}\n`,
    },
  }, dir);
  return { filename: built.path.split("/").pop() as string, path: built.path };
}

function pinnedSdist(dir: string): { filename: string; path: string } {
  const root = fixturePath("builder", "pinned-setuptools");
  const files: Record<string, string> = {};
  for (const f of ["pyproject.toml", "setup.py", "pa_pinned/__init__.py"]) files[f] = readFileSync(join(root, f), "utf8");
  const built = makeSdistFromFiles({ name: "pa-pinned", version: "1.0", files }, dir);
  return { filename: built.path.split("/").pop() as string, path: built.path };
}

describe("createBuilder: build requirements from the fixture index over HTTP", () => {
  const work = tempDir("build-setup-work");
  const cache = tempDir("build-setup-cache");
  let server: IndexServer;
  let sources: IndexSources;
  const files = new Map<string, { filename: string; path: string }>();
  const events: string[] = [];
  const builder = async () => createBuilder({
    interpreter: await testInterpreter(), cacheDir: cache.path, indexSources: sources, findLinks: [], jobs: 2,
    reporter: { onBuildStart: (p) => events.push(`start ${p}`), onBuildDone: (p, i) => events.push(`done ${p}${i.fromCache ? " (cached)" : ""}`) },
  });

  before(async () => {
    const dud = buildWheel({ name: "setuptools", version: "99.0", files: { "setuptools/__init__.py": "raise ImportError('dud')\n" } }, work.path);
    files.set("pinned", pinnedSdist(work.path));
    files.set("pa-helper", project(work.path, "pa-helper", []));
    files.set("pa-user", project(work.path, "pa-user", ["pa-helper"], "import pa_helper\nassert pa_helper.VALUE == 'pa-helper'"));
    files.set("pa-cyc-a", project(work.path, "pa-cyc-a", ["pa-cyc-b"]));
    files.set("pa-cyc-b", project(work.path, "pa-cyc-b", ["pa-cyc-a"]));
    server = await startIndexServer({
      projects: {
        setuptools: [await setuptoolsIndexEntry(), { filename: dud.path.split("/").pop() as string, path: dud.path }],
        "pa-helper": [files.get("pa-helper")!], "pa-cyc-a": [files.get("pa-cyc-a")!], "pa-cyc-b": [files.get("pa-cyc-b")!],
      },
    });
    sources = createIndexSources({ environment: interpreterTarget(await testInterpreter()), cacheDir: cache.path, indexUrls: [server.simpleUrl] });
  });
  after(async () => { await sources.close(); await server.close(); work.cleanup(); cache.cleanup(); });

  it("installs the exact setuptools version [build-system] pins, downloaded from the index", async () => {
    const wanted = (await findSetuptoolsWheel()).split("/").pop() as string;
    assert.equal(wanted, "setuptools-65.5.0-py3-none-any.whl", "the pinned fixture expects ensurepip's 65.5.0 on the index");
    const built = await (await builder()).build(files.get("pinned")!.path);
    const text = (await readBinaryArchive(built.path)).files.get("purelib/pa_pinned/built_with.py")!.toString();
    assert.match(text, /SETUPTOOLS_VERSION = '65\.5\.0'/);
    assert.match(text, /FROM_BUILD_ENV = True/);
    const gets = server.requests.filter((r) => r.method === "GET").map((r) => r.path);
    assert.ok(gets.some((p) => p.endsWith(`/${wanted}`)), gets.join("\n"));
    assert.ok(!gets.some((p) => p.endsWith("setuptools-99.0-py3-none-any.whl")), "the newer version is never fetched");
  });

  it("builds a build requirement that is only an sdist on the index first, through the same Builder", async () => {
    events.length = 0;
    const b = await builder();
    const built = await b.build(files.get("pa-user")!.path);
    // Built once to learn its metadata (no static metadata), then taken from the binary cache for the env.
    assert.deepEqual(events, ["start pa-helper-1.0", "done pa-helper-1.0", "done pa-helper-1.0 (cached)", "start pa-user-1.0", "done pa-user-1.0"]);
    assert.ok((await readBinaryArchive(built.path)).files.has("purelib/pa_user.py"));
    assert.equal((await b.build(files.get("pa-helper")!.path)).fromCache, true, "the helper went into the binary cache on the way");
  });

  it("reports a cycle of sdist build requirements with the chain", async () => {
    await assert.rejects((await builder()).build(files.get("pa-cyc-a")!.path), (e: unknown) => {
      assert.ok(e instanceof BuildCycleError, String(e));
      assert.match(e.message, /pa-cyc-a -> pa-cyc-b -> pa-cyc-a/);
      return true;
    });
  });

  it("says which build requirement cannot be found", async () => {
    const sdist = project(work.path, "pa-needs-ghost", ["pa-ghost>=1"]);
    await assert.rejects((await builder()).build(sdist.path), (e: unknown) => {
      assert.ok(e instanceof BuildEnvError, String(e));
      assert.equal(e.code, "build-env-failed");
      assert.match(e.message, /pa-ghost>=1/);
      return true;
    });
  });

  it("rebuilds nothing and opens no connection on the second run", async () => {
    server.clearLog();
    const again = await builder();
    const results: BuiltArtifact[] = await Promise.all(["pinned", "pa-user", "pa-helper"].map((k) => again.build(files.get(k)!.path)));
    assert.deepEqual(results.map((r) => r.fromCache), [true, true, true]);
    assert.equal(server.requests.length, 0, server.requests.map((r) => r.path).join("\n"));
  });
});

describe("createBuilder: the ensurepip setuptools fallback", () => {
  const cache = tempDir("build-setup-fallback");
  after(() => cache.cleanup());

  it("builds with ensurepip's setuptools when the index has none", async () => {
    const server = await startIndexServer({ projects: {} });
    const interpreter = await testInterpreter();
    const sources = createIndexSources({ environment: interpreterTarget(interpreter), cacheDir: cache.path, indexUrls: [server.simpleUrl] });
    try {
      const sdist = await buildSdist("pure", cache.path);
      const built = await createBuilder({ interpreter, cacheDir: cache.path, indexSources: sources, findLinks: [] }).build(sdist.path);
      assert.ok((await readBinaryArchive(built.path)).files.has("purelib/pa_demo_pure/__init__.py"));
      assert.ok(server.requests.some((r) => r.path.startsWith("/simple/setuptools")), "the index was asked first");
      assert.ok(!server.requests.some((r) => r.path.endsWith(".whl")));
    } finally {
      await sources.close();
      await server.close();
    }
  });

  it("needs no index at all (a fresh offline machine): local sources plus ensurepip", async () => {
    const sdist = await buildSdist("scripts", cache.path);
    const built = await createBuilder({ interpreter: await testInterpreter(), cacheDir: cache.path, findLinks: [] }).build(sdist.path);
    assert.equal(built.fromCache, false);
    assert.equal(built.kind, "binary");
  });

  const empty: CandidateSource & MetadataSource = {
    listCandidates: async () => [],
    getMetadata: async () => ({ kind: "unavailable", reason: "inner" }),
  };
  const failing: CandidateSource & MetadataSource = { ...empty, listCandidates: async () => { throw new Error("connection refused"); } };

  const table: Array<[string, CandidateSource & MetadataSource, string, number]> = [
    ["offers the bundled wheel when the index lists no setuptools", empty, "setuptools", 1],
    ["offers the bundled wheel when the index cannot be reached", failing, "Setuptools", 1],
    ["leaves other projects alone", empty, "wheel", 0],
  ];
  for (const [label, inner, name, count] of table) {
    it(label, async () => {
      const bundle = (await findSetuptoolsWheel()).replace(/\/[^/]+$/, "");
      const fallback = new EnsurepipFallback(inner, inner, async () => bundle);
      const listed = await fallback.listCandidates(name);
      assert.equal(listed.length, count);
      if (count === 1) {
        assert.match(listed[0]!.url, /^file:.*setuptools-65\.5\.0-py3-none-any\.whl$/);
        assert.equal(fallback.localPath(listed[0]!.url), `${bundle}/${listed[0]!.filename}`);
        const meta = await fallback.getMetadata({ name: "setuptools", version: listed[0]!.version, filename: listed[0]!.filename, url: listed[0]!.url, hashes: {} });
        assert.equal(meta.kind, "ok");
      }
    });
  }

  it("passes the index's failure on when there is no bundle either", async () => {
    const fallback = new EnsurepipFallback(failing, failing, async () => null);
    await assert.rejects(fallback.listCandidates("setuptools"), /connection refused/);
  });
});

describe("createBuilder: missing system packages (only apt-get stubbed)", () => {
  const home = tempDir("build-setup-home");
  const include = tempDir("build-setup-include");
  after(() => { home.cleanup(); include.cleanup(); });

  before(() => {
    mkdirSync(join(home.path, ".pip-accel"), { recursive: true });
    writeFileSync(join(home.path, ".pip-accel", "pip-accel.conf"), "[pip-accel]\n\n[system-packages]\npa-demo-missing-header = libpipaccel-test-dev\n");
  });

  const setup = async (commands: string[][], confirm?: (q: string) => Promise<boolean>) => createBuilder({
    interpreter: await testInterpreter(), cacheDir: join(home.path, "cache"), findLinks: [],
    env: cleanPythonEnv({ HOME: home.path, CPATH: include.path, PIP_ACCEL_AUTO_INSTALL: "" }),
    ...(confirm ? { confirm } : {}),
    exec: async (argv) => {
      if (!argv.includes("apt-get")) return execCaptured(argv);
      commands.push(argv);
      writeFileSync(join(include.path, "nonexistent_pipaccel_test.h"), "/* provided by the stubbed package */\n");
      return { code: 0, output: "" };
    },
  });

  it("without a terminal answers no and shows the exact apt-get command", async () => {
    const commands: string[][] = [];
    const sdist = await buildSdist("missing-header", home.path);
    await assert.rejects((await setup(commands)).build(sdist.path), (e: unknown) => {
      assert.ok(e instanceof SystemPackageRefusedError, String(e));
      assert.match(e.hint ?? "", /apt-get install --yes libpipaccel-test-dev/);
      assert.match((e.cause as Error).message, /nonexistent_pipaccel_test\.h: No such file or directory/);
      return true;
    });
    assert.deepEqual(commands, []);
  });

  it("asks, runs apt-get install on yes, and retries the build", async () => {
    const commands: string[][] = [];
    const questions: string[] = [];
    const sdist = await buildSdist("missing-header", home.path);
    const built = await (await setup(commands, async (q) => { questions.push(q); return true; })).build(sdist.path);
    assert.deepEqual(questions, ["Do you want me to install this dependency (libpipaccel-test-dev)? [y/N]"]);
    assert.equal(commands.length, 1);
    assert.deepEqual(commands[0]!.slice(-4), ["apt-get", "install", "--yes", "libpipaccel-test-dev"]);
    assert.equal(built.fromCache, false);
  });
});
