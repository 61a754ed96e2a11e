import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { installFromStore } from "../../src/installer/install.js";
import { parseRecord } from "../../src/installer/record.js";
import { Store } from "../../src/installer/store.js";
import { unpackWheel } from "../../src/installer/wheel-unpack.js";
import { queryInterpreter, type Interpreter } from "../../src/python/interpreter.js";
import { computeScheme, type Scheme } from "../../src/python/scheme.js";
import { hasPython, makeVenv, removeDir, runIn, tempDir, writeWheel } from "./support.js";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { cleanPythonEnv } from "../../src/python/run.js";

const skip = hasPython() ? false : "python3 with venv is not available";

describe("installFromStore into a real venv", { skip }, () => {
  let root: string;
  let interp: Interpreter;
  let scheme: Scheme;
  let store: Store;

  before(async () => {
    root = tempDir();
    const python = makeVenv(join(root, "venv"));
    interp = await queryInterpreter(python, { cacheDir: join(root, "cache") });
    scheme = computeScheme(interp.info, { distName: "demo-pkg" });
    store = Store.inCache(join(root, "cache"));
  });
  after(() => removeDir(root));

  it("installs a pure wheel that imports and that importlib.metadata sees", async () => {
    const wheel = writeWheel(root, { name: "tiny", version: "1.0", files: { "tiny/__init__.py": "VALUE = 42\n" } });
    const entry = await unpackWheel(wheel, store);
    const result = await installFromStore(entry, computeScheme(interp.info, { distName: "tiny" }), { python: { executable: interp.info.executable }, requested: true });
    assert.equal(result.linked, 3); // module, METADATA, WHEEL
    assert.equal(result.written, 2); // INSTALLER, REQUESTED (RECORD is written apart)
    const out = runIn(interp.path, "import tiny, importlib.metadata as m; print(tiny.VALUE, m.version('tiny'), sorted(str(f) for f in m.files('tiny')))");
    assert.match(out, /^42 1\.0 /);
    for (const f of ["tiny/__init__.py", "tiny-1.0.dist-info/RECORD", "tiny-1.0.dist-info/INSTALLER", "tiny-1.0.dist-info/REQUESTED"]) {
      assert.ok(out.includes(f), `${f} in importlib.metadata files: ${out}`);
    }
    assert.equal(readFileSync(join(result.distInfoDir, "INSTALLER"), "utf8"), "pip-accel\n");
  });

  it("installs .data/scripts and entry points; the console script runs and RECORD hashes are right", async () => {
    const wheel = writeWheel(root, {
      name: "demo-pkg",
      version: "2.0",
      files: {
        "demo_pkg/__init__.py": "def main():\n    print('hello from demo')\n    return 0\n",
        "demo_pkg-2.0.data/scripts/plain": "#!python\nimport demo_pkg\nprint('plain', demo_pkg.__name__)\n",
        "demo_pkg-2.0.data/scripts/demo": "#!python\n# setuptools wrapper that pip skips\n",
        "demo_pkg-2.0.data/data/share/demo/readme.txt": "data file\n",
        "demo_pkg-2.0.data/headers/demo.h": "#define DEMO 1\n",
      },
      executables: ["demo_pkg-2.0.data/scripts/plain"],
      entryPoints: "[console_scripts]\ndemo = demo_pkg:main\n",
    });
    const entry = await unpackWheel(wheel, store);
    const result = await installFromStore(entry, scheme, { python: { executable: interp.info.executable } });
    assert.equal(execFileSync(join(scheme.scripts, "demo"), { env: cleanPythonEnv(), encoding: "utf8" }), "hello from demo\n");
    assert.equal(execFileSync(join(scheme.scripts, "plain"), { env: cleanPythonEnv(), encoding: "utf8" }), "plain demo_pkg\n");
    const demo = join(scheme.scripts, "demo");
    assert.equal(readFileSync(demo, "utf8").split("\n")[0], `#!${interp.info.executable}`);
    assert.equal(statSync(demo).mode & 0o777, 0o755);
    assert.equal(readFileSync(join(scheme.scripts, "plain"), "utf8").split("\n")[0], `#!${interp.info.executable}`);
    assert.ok(existsSync(join(scheme.data, "share/demo/readme.txt")));
    assert.ok(existsSync(join(scheme.headers, "demo.h")));
    assert.ok(!existsSync(join(result.distInfoDir, "REQUESTED")));
    const site = scheme.purelib;
    const rows = parseRecord(readFileSync(join(result.distInfoDir, "RECORD"), "utf8"));
    assert.ok(rows.some((r) => r.path === "../../../bin/demo"), JSON.stringify(rows.map((r) => r.path)));
    for (const row of rows) {
      if (row.path.endsWith("/RECORD")) {
        assert.equal(row.hash, "");
        continue;
      }
      const data = readFileSync(join(site, row.path));
      assert.equal(row.hash, `sha256=${createHash("sha256").update(data).digest("base64url")}`, row.path);
      assert.equal(row.size, data.length, row.path);
    }
    assert.deepEqual(rows.map((r) => r.path), [...rows.map((r) => r.path)].sort());
    assert.equal(rows.length, 10);
  });
});
