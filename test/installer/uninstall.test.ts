import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { findDistribution, listDistributions } from "../../src/installer/environment.js";
import { installFromStore } from "../../src/installer/install.js";
import { Store } from "../../src/installer/store.js";
import { stageUninstall, uninstallDistribution } from "../../src/installer/uninstall.js";
import { unpackWheel } from "../../src/installer/wheel-unpack.js";
import { queryInterpreter, type Interpreter } from "../../src/python/interpreter.js";
import { computeScheme, type Scheme } from "../../src/python/scheme.js";
import { hasPython, makeVenv, removeDir, runIn, tempDir, writeWheel, type WheelSpec } from "./support.js";

const skip = hasPython() ? false : "python3 with venv is not available";

function demo(version: string, extra: Record<string, string> = {}): WheelSpec {
  return {
    name: "demo",
    version,
    files: { "demo/__init__.py": `VERSION = '${version}'\ndef main():\n    print(VERSION)\n`, "demo/sub/mod.py": "x = 1\n", ...extra, [`demo-${version}.data/data/share/demo/${version}.txt`]: version },
    entryPoints: "[console_scripts]\ndemo-cli = demo:main\n",
  };
}

describe("uninstall and replace in a real venv", { skip }, () => {
  let root: string;
  let interp: Interpreter;
  let scheme: Scheme;
  let store: Store;
  let binBefore: string[];
  const install = async (spec: WheelSpec, extra = {}) => {
    const entry = await unpackWheel(writeWheel(root, spec), store);
    return installFromStore(entry, scheme, { python: { executable: interp.info.executable, cacheTag: interp.info.cacheTag }, ...extra });
  };

  before(async () => {
    root = tempDir();
    interp = await queryInterpreter(makeVenv(join(root, "venv")), { cacheDir: join(root, "cache") });
    scheme = computeScheme(interp.info, { distName: "demo" });
    store = Store.inCache(join(root, "cache"));
    binBefore = readdirSync(scheme.scripts).sort();
  });
  after(() => removeDir(root));

  it("uninstall removes every file, .pyc included, leaving only the empty site dir", async () => {
    const result = await install(demo("1.0"), { compile: true });
    assert.ok(result.records.some((r) => r.path.endsWith(".pyc")), "compiled files are recorded");
    assert.ok(readdirSync(join(scheme.purelib, "demo", "__pycache__")).length > 0);
    runIn(interp.path, "import demo.sub.mod"); // may write more .pyc files
    const dist = findDistribution([scheme.purelib], "DEMO");
    assert.ok(dist !== null);
    assert.equal(dist.installer, "pip-accel");
    const staged = uninstallDistribution(dist, { allowedRoots: [interp.info.prefix] });
    assert.ok(staged.removed.length >= 8);
    assert.deepEqual(readdirSync(scheme.purelib), []);
    assert.deepEqual(readdirSync(scheme.scripts).sort(), binBefore);
    assert.ok(!existsSync(join(scheme.data, "share")));
    assert.deepEqual(readdirSync(join(scheme.purelib, "..")), ["site-packages"], "no stash left behind");
  });

  it("rollback restores a staged uninstall", async () => {
    await install(demo("1.0"));
    const before = listDistributions([scheme.purelib]);
    const staged = stageUninstall(before[0]!);
    assert.equal(listDistributions([scheme.purelib]).length, 0);
    staged.rollback();
    assert.deepEqual(listDistributions([scheme.purelib]).map((d) => d.version), ["1.0"]);
    assert.ok(existsSync(join(scheme.scripts, "demo-cli")), "the console script is back");
    uninstallDistribution(before[0]!);
  });

  it("an upgrade that fails mid-install leaves the old version intact", async () => {
    await install(demo("1.0"));
    const old = findDistribution([scheme.purelib], "demo");
    const entry = await unpackWheel(writeWheel(root, demo("2.0", { "demo/new.py": "" })), store);
    let placed = 0;
    await assert.rejects(
      installFromStore(entry, scheme, {
        python: { executable: interp.info.executable },
        replaces: old,
        reporter: { onFile: () => { if (++placed === 3) throw new Error("interrupted"); } },
      }),
      /interrupted/,
    );
    assert.equal(runIn(interp.path, "import demo, importlib.metadata as m; print(demo.VERSION, m.version('demo'))").trim(), "1.0 1.0");
    assert.ok(!existsSync(join(scheme.purelib, "demo", "new.py")));
    assert.ok(!existsSync(join(scheme.purelib, "demo-2.0.dist-info")));
    assert.ok(existsSync(join(scheme.data, "share/demo/1.0.txt")));
  });

  it("a successful upgrade replaces the old version completely", async () => {
    const old = findDistribution([scheme.purelib], "demo");
    const entry = await unpackWheel(writeWheel(root, demo("2.0", { "demo/new.py": "" })), store);
    await installFromStore(entry, scheme, { python: { executable: interp.info.executable }, replaces: old });
    assert.deepEqual(listDistributions([scheme.purelib]).map((d) => d.version), ["2.0"]);
    assert.ok(!existsSync(join(scheme.data, "share/demo/1.0.txt")));
    assert.ok(existsSync(join(scheme.data, "share/demo/2.0.txt")));
    assert.match(readFileSync(join(scheme.scripts, "demo-cli"), "utf8"), /from demo import main/);
  });

  it("refuses a .dist-info without RECORD", () => {
    const dist = findDistribution([scheme.purelib], "demo")!;
    removeDir(join(dist.infoPath, "RECORD"));
    assert.throws(() => stageUninstall(dist), /no RECORD/);
  });
});
