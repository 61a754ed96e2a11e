import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { BuildEnvError } from "../../src/builder/errors.js";
import { ensurepipBundle, localBuildRequirementsProvider } from "../../src/builder/local-provider.js";
import { parseRequirement } from "../../src/pep508/index.js";
import type { Interpreter } from "../../src/python/interpreter.js";
import { tempDir } from "../kit/repo.js";
import { testInterpreter } from "./helpers.js";

describe("localBuildRequirementsProvider", () => {
  const dir = tempDir("local-provider");
  after(() => dir.cleanup());
  let interpreter: Interpreter;
  before(async () => {
    interpreter = await testInterpreter();
    for (const f of ["flit_core-3.9.0-py3-none-any.whl", "flit_core-3.9.0.tar.gz", "flit_core-3.8.0-py3-none-any.whl", "cython-3.0.0.tar.gz", "README.txt", "not-a-version-x.tar.gz"]) {
      writeFileSync(join(dir.path, f), "");
    }
  });
  const reqs = (...texts: string[]) => texts.map((t) => parseRequirement(t));

  it("picks the newest satisfying version, a wheel before an sdist", async () => {
    const provide = localBuildRequirementsProvider([dir.path]);
    assert.deepEqual(await provide(reqs("flit-core>=3.2,<4"), interpreter), [join(dir.path, "flit_core-3.9.0-py3-none-any.whl")]);
    assert.deepEqual(await provide(reqs("flit_core<3.9"), interpreter), [join(dir.path, "flit_core-3.8.0-py3-none-any.whl")]);
    assert.deepEqual(await provide(reqs("Cython"), interpreter), [join(dir.path, "cython-3.0.0.tar.gz")]);
  });

  it("skips requirements whose marker is false", async () => {
    assert.deepEqual(await localBuildRequirementsProvider([dir.path])(reqs('cython; python_version < "3"'), interpreter), []);
  });

  it("falls back to ensurepip's bundled setuptools", async (t) => {
    const bundle = await ensurepipBundle(interpreter);
    const got = await localBuildRequirementsProvider([dir.path])(reqs("setuptools>=40.8.0"), interpreter).catch(() => null);
    if (got === null) { t.skip(`no setuptools in ${bundle}`); return; }
    assert.ok(got[0]?.startsWith(bundle ?? "?"), String(got));
  });

  it("says where it looked when nothing matches", async () => {
    await assert.rejects(localBuildRequirementsProvider([dir.path])(reqs("hatchling>=1"), interpreter), (e: unknown) => {
      assert.ok(e instanceof BuildEnvError);
      assert.match(e.message, /hatchling>=1/);
      assert.match(e.hint ?? "", /--find-links/);
      return true;
    });
  });
});
