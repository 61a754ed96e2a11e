import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { findInterpreter, queryInterpreter } from "../../src/python/interpreter.js";
import { computeScheme } from "../../src/python/scheme.js";
import { hasPython, makeVenv, removeDir, tempDir } from "../installer/support.js";

describe("findInterpreter", () => {
  let root: string;
  before(() => {
    root = tempDir();
    for (const dir of ["venv/bin", "path1", "path2"]) mkdirSync(join(root, dir), { recursive: true });
    for (const file of ["venv/bin/python", "path2/python3", "other-python"]) {
      writeFileSync(join(root, file), "#!/bin/sh\n");
      chmodSync(join(root, file), 0o755);
    }
  });
  after(() => removeDir(root));

  it("prefers --python, then VIRTUAL_ENV, then python3 on PATH", () => {
    const env = { VIRTUAL_ENV: join(root, "venv"), PATH: [join(root, "path1"), join(root, "path2")].join(":") };
    assert.equal(findInterpreter({ python: "other-python", env, cwd: root }), join(root, "other-python"));
    assert.equal(findInterpreter({ python: join(root, "venv"), env }), join(root, "venv/bin/python"));
    assert.equal(findInterpreter({ env }), join(root, "venv/bin/python"));
    assert.equal(findInterpreter({ env: { PATH: env.PATH } }), join(root, "path2/python3"));
  });

  it("fails with a stable code when nothing is found", () => {
    assert.throws(() => findInterpreter({ env: { PATH: join(root, "path1") } }), (e: Error & { code?: string }) => e.code === "python-not-found");
    assert.throws(() => findInterpreter({ python: "./missing/python", env: {}, cwd: root }), /does not exist/);
  });
});

describe("queryInterpreter", { skip: hasPython() ? false : "no python3" }, () => {
  let root: string;
  before(() => { root = tempDir(); });
  after(() => removeDir(root));

  it("answers in one run, and a second call spawns no process", async () => {
    const python = makeVenv(join(root, "venv"));
    const cacheDir = join(root, "cache");
    const first = await queryInterpreter(python, { cacheDir, env: { ...process.env, PIP_TARGET: "/nowhere" } });
    assert.equal(first.info.inVirtualenv, true);
    assert.equal(first.info.prefix, join(root, "venv"));
    assert.equal(first.info.markerEnvironment.python_version, `${first.info.versionInfo[0]}.${first.info.versionInfo[1]}`);
    assert.ok(first.info.schemes.prefix.purelib!.includes("@@PIP_ACCEL_BASE@@"));
    assert.equal(computeScheme(first.info).purelib, join(root, "venv/lib", `python${first.info.versionInfo[0]}.${first.info.versionInfo[1]}`, "site-packages"));
    // A wrapper that logs every run counts the processes spawned.
    const log = join(root, "runs.log");
    const wrapper = join(root, "venv/bin/counting-python");
    writeFileSync(wrapper, `#!/bin/sh\necho run >> ${log}\nexec ${python} "$@"\n`);
    chmodSync(wrapper, 0o755);
    const runs = () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean).length : 0);
    await queryInterpreter(wrapper, { cacheDir });
    assert.equal(runs(), 1);
    const second = await queryInterpreter(wrapper, { cacheDir });
    assert.equal(runs(), 1, "the second call is answered from the cache");
    assert.deepEqual(second.info, first.info);
    // Changing the venv's pyvenv.cfg mtime invalidates the cached answer.
    utimesSync(join(root, "venv/pyvenv.cfg"), new Date(), new Date(Date.now() + 5000));
    await queryInterpreter(wrapper, { cacheDir });
    assert.equal(runs(), 2);
  });
});
