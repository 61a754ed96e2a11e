import { installBuildArtifact } from "../../src/operations/build-env-installer.js";
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { BuildRequirementsProvider } from "../../src/builder/build-env.js";
import { Builder } from "../../src/builder/builder.js";
import { BuildCycleError } from "../../src/builder/errors.js";
import { readBinaryArchive } from "../../src/archive/index.js";
import { makeSdistFromFiles } from "../kit/tarball-factory.js";
import { tempDir } from "../kit/repo.js";
import { setuptoolsProvider, testInterpreter } from "./helpers.js";

/** A setuptools project whose [build-system] also needs `needs` (sdists from `sdists`). */
function project(dir: string, name: string, needs: string[], setupExtra = ""): string {
  const mod = name.replace(/-/g, "_");
  const requires = JSON.stringify(["setuptools>=40.8.0", ...needs]);
  return makeSdistFromFiles({
    name, version: "1.0", files: {
      "pyproject.toml": `[build-system]\nrequires = ${requires}\nbuild-backend = "setuptools.build_meta"\n`,
      "setup.py": `${setupExtra}\nfrom setuptools import setup\nsetup(name=${JSON.stringify(name)}, version="1.0", py_modules=[${JSON.stringify(mod)}])\n`,
      [`${mod}.py`]: `VALUE = ${JSON.stringify(name)}\n`,
    },
  }, dir).path;
}

describe("build requirements that are sdists", () => {
  const work = tempDir("nested");
  const cache = tempDir("nested-cache");
  after(() => { work.cleanup(); cache.cleanup(); });
  const sdists = new Map<string, string>();
  let provider: BuildRequirementsProvider;
  const asked: string[] = [];

  before(() => {
    sdists.set("pa-helper", project(work.path, "pa-helper", []));
    // pa-user's setup.py imports the helper: it must be installed in the build env.
    sdists.set("pa-user", project(work.path, "pa-user", ["pa-helper"], "import pa_helper\nassert pa_helper.VALUE == 'pa-helper'"));
    sdists.set("pa-cyc-a", project(work.path, "pa-cyc-a", ["pa-cyc-b"]));
    sdists.set("pa-cyc-b", project(work.path, "pa-cyc-b", ["pa-cyc-a"]));
    const setuptools = setuptoolsProvider();
    provider = async (requirements, interpreter) => {
      const out: string[] = [];
      for (const req of requirements) {
        asked.push(req.name);
        out.push(...(sdists.has(req.name) ? [sdists.get(req.name) as string] : await setuptools([req], interpreter)));
      }
      return out;
    };
  });

  it("builds the helper sdist first, installs it into the build env, then the project", async () => {
    const events: string[] = [];
    let output = "";
    const reporter = {
      onBuildStart: (p: string) => events.push(`start ${p}`),
      onOutput: (_p: string, chunk: string) => { output += chunk; },
      onBuildDone: (p: string, i: { fromCache: boolean }) => events.push(`done ${p}${i.fromCache ? " (cached)" : ""}`),
    };
    const builder = new Builder({ installArtifact: installBuildArtifact, interpreter: await testInterpreter(), cacheDir: cache.path, provider, jobs: 2, reporter });
    const built = await builder.build(sdists.get("pa-user") as string);
    assert.deepEqual(events, ["start pa-helper-1.0", "done pa-helper-1.0", "start pa-user-1.0", "done pa-user-1.0"]);
    assert.match(output, /running bdist_dumb/);
    assert.ok((await readBinaryArchive(built.path)).files.has("purelib/pa_user.py"));
    const helper = await builder.build(sdists.get("pa-helper") as string);
    assert.equal(helper.fromCache, true, "the helper went into the binary cache on the way");
    assert.ok(builder.limiter.peak <= 2);
  });

  it("reports a cycle instead of looping", async () => {
    const builder = new Builder({ installArtifact: installBuildArtifact, interpreter: await testInterpreter(), cacheDir: cache.path, provider });
    await assert.rejects(builder.build(sdists.get("pa-cyc-a") as string), (e: unknown) => {
      assert.ok(e instanceof BuildCycleError);
      assert.deepEqual(e.chain, ["pa-cyc-a", "pa-cyc-b", "pa-cyc-a"]);
      assert.match(e.message, /pa-cyc-a -> pa-cyc-b -> pa-cyc-a/);
      return true;
    });
  });

  it("reports a cycle between two builds started together instead of each waiting for the other", { timeout: 60_000 }, async () => {
    const builder = new Builder({ installArtifact: installBuildArtifact, interpreter: await testInterpreter(), cacheDir: join(cache.path, "together"), provider, jobs: 2 });
    const outcomes = await Promise.allSettled([builder.build(sdists.get("pa-cyc-a") as string), builder.build(sdists.get("pa-cyc-b") as string)]);
    for (const outcome of outcomes) {
      assert.equal(outcome.status, "rejected");
      const error = (outcome as PromiseRejectedResult).reason as unknown;
      assert.ok(error instanceof BuildCycleError, String(error));
      // Whichever build asked second found the other waiting for it: a -> b -> a or b -> a -> b.
      assert.ok(["pa-cyc-a>pa-cyc-b>pa-cyc-a", "pa-cyc-b>pa-cyc-a>pa-cyc-b"].includes(error.chain.join(">")), error.chain.join(">"));
    }
  });
});

describe("the bdist fallback", () => {
  const work = tempDir("fallback");
  after(() => work.cleanup());

  it("retries with setup.py bdist --formats=tar when bdist_dumb fails (Paver's broken bdist_dumb)", async () => {
    const sdist = project(work.path, "pa-fallback", [], "import sys\nif sys.argv[1:2] == ['bdist_dumb']: sys.exit('bdist_dumb is broken here')");
    const builder = new Builder({ installArtifact: installBuildArtifact, interpreter: await testInterpreter(), cacheDir: join(work.path, "cache"), provider: setuptoolsProvider() });
    const built = await builder.build(sdist);
    assert.deepEqual(built.notes, ["bdist_dumb failed; retried with bdist --formats=tar"]);
    assert.ok((await readBinaryArchive(built.path)).files.has("purelib/pa_fallback.py"));
  });
});

describe("the setuptools shim", () => {
  const work = tempDir("shim");
  after(() => work.cleanup());

  it("builds a distutils-only setup.py (no import setuptools) with an .egg-info, hence a .dist-info", async () => {
    const sdist = makeSdistFromFiles({
      name: "pa-distutils", version: "2.0", files: {
        "setup.py": "from distutils.core import setup\nsetup(name='pa-distutils', version='2.0', py_modules=['pa_distutils'])\n",
        "pa_distutils.py": "X = 1\n",
      },
    }, work.path).path;
    const builder = new Builder({ installArtifact: installBuildArtifact, interpreter: await testInterpreter(), cacheDir: join(work.path, "cache"), provider: setuptoolsProvider() });
    const files = (await readBinaryArchive((await builder.build(sdist)).path)).files;
    assert.ok(files.has("purelib/pa_distutils.py"), [...files.keys()].join("\n"));
    assert.ok(files.has("purelib/pa_distutils-2.0.dist-info/METADATA"), [...files.keys()].join("\n"));
  });
});

