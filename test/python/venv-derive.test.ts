import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { queryInterpreter, type InterpreterInfo } from "../../src/python/interpreter.js";
import { deriveVenvInfo, readVenvConfig, venvBaseExecutable } from "../../src/python/venv-derive.js";
import { cleanPythonEnv } from "../../src/python/run.js";
import { hasPython, removeDir, tempDir } from "../installer/support.js";

let basePython: string | null = null;

/** A venv made by the real interpreter behind `python3` (resolved once: a pyenv shim costs a second per run). */
function makeVenv(dir: string, ...flags: string[]): string {
  basePython ??= execFileSync("python3", ["-c", "import sys; print(sys.executable)"], { env: cleanPythonEnv(), encoding: "utf8" }).trim();
  execFileSync(basePython, ["-m", "venv", "--without-pip", ...flags, dir], { env: cleanPythonEnv() });
  return join(dir, "bin", "python");
}

/** The derivation for `python`, from its base interpreter's real query. */
async function derive(python: string): Promise<InterpreterInfo | null> {
  const config = readVenvConfig(python);
  assert.ok(config !== null, "pyvenv.cfg is read");
  const base = venvBaseExecutable(python, config);
  assert.ok(base !== null, "the venv's python is a symlink to its base");
  return deriveVenvInfo(python, config, (await queryInterpreter(base)).info);
}

describe("venv facts derived from the base interpreter", { skip: hasPython() ? false : "no python3" }, () => {
  let root: string;
  const venvs = { plain: "", system: "" };
  before(() => {
    root = realpathSync(tempDir());
    venvs.plain = makeVenv(join(root, "plain"));
    venvs.system = makeVenv(join(root, "system"), "--system-site-packages");
  });
  after(() => removeDir(root));

  for (const [label, key] of [["a plain venv", "plain"], ["a --system-site-packages venv", "system"]] as const) {
    it(`equal what the real query reports for ${label}`, async () => {
      const python = venvs[key];
      const derived = await derive(python);
      const real = (await queryInterpreter(python)).info;
      assert.ok(derived !== null);
      assert.deepEqual(derived, real);
      assert.equal(derived.inVirtualenv, true);
      assert.equal(real.sysPath.length > derived.sysPath.length - 1, true);
    });
  }

  it("queryInterpreter with a cache answers a new venv from the base's cached facts", async () => {
    const cacheDir = join(root, "cache");
    const python = venvs.plain;
    const first = await queryInterpreter(python, { cacheDir });
    const bucket = readdirSync(join(cacheDir, "interpreters-v2"));
    assert.equal(bucket.length, 2, "the base and the venv are both cached");
    assert.deepEqual(first.info, (await queryInterpreter(python)).info);
    // A second venv from the same base: still exactly the real answer.
    const other = venvs.system;
    assert.deepEqual((await queryInterpreter(other, { cacheDir })).info, (await queryInterpreter(other)).info);
  });

  it("falls back (null) for .pth files, a version mismatch, symlinked directories, copies and a pyvenv.cfg beside the executable", async () => {
    const mismatch = venvs.plain;
    const config = readVenvConfig(mismatch)!;
    const base = (await queryInterpreter(venvBaseExecutable(mismatch, config)!)).info;
    assert.equal(deriveVenvInfo(mismatch, { ...config, version: "2.7.18" }, base), null);
    assert.equal(deriveVenvInfo(mismatch, config, { ...base, venvTemplates: null }), null);

    symlinkSync(join(root, "plain"), join(root, "linked"));
    const linked = join(root, "linked", "bin", "python");
    assert.equal(venvBaseExecutable(linked, readVenvConfig(linked)!), null, "a venv reached through a symlinked directory");

    const copies = makeVenv(join(root, "copies"), "--copies");
    assert.equal(venvBaseExecutable(copies, readVenvConfig(copies)!), null);

    mkdirSync(join(root, "beside", "bin"), { recursive: true });
    writeFileSync(join(root, "beside", "pyvenv.cfg"), "home = /usr/bin\n");
    assert.notEqual(readVenvConfig(join(root, "beside", "bin", "python")), null);
    writeFileSync(join(root, "beside", "bin", "pyvenv.cfg"), "home = /nowhere\n");
    assert.equal(readVenvConfig(join(root, "beside", "bin", "python")), null);

    // Last: it changes the plain venv.
    const real = (await queryInterpreter(venvs.plain)).info;
    writeFileSync(join(real.schemes.default.purelib!, "extra.pth"), `${root}\n`);
    assert.equal(await derive(venvs.plain), null);
  });

  it("readVenvConfig parses keys case-insensitively and refuses a missing home", () => {
    const dir = join(root, "fake");
    mkdirSync(join(dir, "bin"), { recursive: true });
    writeFileSync(join(dir, "pyvenv.cfg"), "Home = /x/bin\nInclude-System-Site-Packages = TRUE\nversion = 3.11.7\n");
    assert.deepEqual(readVenvConfig(join(dir, "bin", "python")), { dir, home: "/x/bin", systemSitePackages: true, version: "3.11.7" });
    writeFileSync(join(dir, "pyvenv.cfg"), "include-system-site-packages = false\n");
    assert.equal(readVenvConfig(join(dir, "bin", "python")), null);
  });
});
