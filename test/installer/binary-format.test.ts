import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { create } from "tar";
import { readBinaryArchive, writeBinaryArchive } from "../../src/archive/binary-format.js";
import { unpackBinaryArchive } from "../../src/installer/binary-unpack.js";
import { installFromStore } from "../../src/installer/install.js";
import { Store } from "../../src/installer/store.js";
import { queryInterpreter } from "../../src/python/interpreter.js";
import { cleanPythonEnv } from "../../src/python/run.js";
import { computeScheme } from "../../src/python/scheme.js";
import { hasPython, makeVenv, removeDir, runIn, tempDir } from "./support.js";

const tree: Record<string, string> = {
  "purelib/demo_pkg/__init__.py": "def main():\n    print('demo main')\n",
  "purelib/demo_pkg-1.0-py3.11.egg-info/PKG-INFO": "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.0\n\nLong description.\n",
  "purelib/demo_pkg-1.0-py3.11.egg-info/requires.txt": "six>=1.0\n\n[fast]\nujson\n\n[:python_version < \"3\"]\nfutures\n",
  "purelib/demo_pkg-1.0-py3.11.egg-info/entry_points.txt": "[console_scripts]\ndemo = demo_pkg:main\n",
  "purelib/demo_pkg-1.0-py3.11.egg-info/top_level.txt": "demo_pkg\n",
  "purelib/demo_pkg-1.0-py3.11.egg-info/SOURCES.txt": "setup.py\n",
  "scripts/demo": "#!/build/venv/bin/python3\n# setuptools wrapper\n",
  "scripts/plainscript": "#!/build/venv/bin/python3.11\nimport demo_pkg\nprint('plain ok')\n",
  "scripts/shell": "#!/bin/sh\necho shell\n",
  "data/share/demo/data.txt": "data\n",
  "headers/demo.h": "#define DEMO 1\n",
};

function writeTree(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content, { mode: path.startsWith("scripts/") ? 0o755 : 0o644 });
  }
}

describe("binary archive format", () => {
  let root: string;
  before(() => { root = tempDir(); });
  after(() => removeDir(root));

  it("round-trips: the reader returns what the writer packed, verified", async () => {
    const src = join(root, "src1");
    writeTree(src, tree);
    const out = join(root, "demo-1.0.tar.gz");
    const written = await writeBinaryArchive(src, out, { name: "demo-pkg", version: "1.0" });
    assert.equal(written.files.length, Object.keys(tree).length);
    const read = await readBinaryArchive(out);
    assert.deepEqual(read.manifest, written);
    assert.equal(read.files.get("scripts/shell")?.toString(), "#!/bin/sh\necho shell\n");
    assert.equal(read.manifest.files.find((f) => f.path === "scripts/shell")?.mode, 0o755);
    assert.equal(read.manifest.files.find((f) => f.path === "headers/demo.h")?.mode, 0o644);
  });

  it("refuses a file that does not match the manifest", async () => {
    const src = join(root, "src2");
    writeTree(src, tree);
    await writeBinaryArchive(src, join(root, "x.tar.gz"), { name: "demo-pkg", version: "1.0" });
    writeFileSync(join(src, "purelib/demo_pkg/__init__.py"), "tampered\n");
    const bad = join(root, "bad.tar.gz");
    await create({ gzip: true, file: bad, cwd: src }, readdirSync(src));
    await assert.rejects(readBinaryArchive(bad), /does not match its sha256/);
  });

  it("refuses symlink members", async () => {
    const src = join(root, "src3");
    writeTree(src, tree);
    await writeBinaryArchive(src, join(root, "y.tar.gz"), { name: "demo-pkg", version: "1.0" });
    symlinkSync("/etc/passwd", join(src, "purelib/evil"));
    const bad = join(root, "link.tar.gz");
    await create({ gzip: true, file: bad, cwd: src }, readdirSync(src));
    await assert.rejects(readBinaryArchive(bad), /refusing SymbolicLink member/);
    await assert.rejects(writeBinaryArchive(src, join(root, "z.tar.gz"), { name: "demo-pkg", version: "1.0" }), /symbolic links are not allowed/);
  });

  it("refuses traversal and hard-link members (crafted with Python's tarfile)", { skip: hasPython() ? false : "no python3" }, async () => {
    for (const [kind, code] of [
      ["traversal", "t.addfile(tarfile.TarInfo('../evil'), io.BytesIO(b''))"],
      ["absolute", "t.addfile(tarfile.TarInfo('/tmp/evil'), io.BytesIO(b''))"],
      ["hardlink", "i = tarfile.TarInfo('purelib/x'); i.type = tarfile.LNKTYPE; i.linkname = '/etc/passwd'; t.addfile(i)"],
    ] as const) {
      const bad = join(root, `${kind}.tar.gz`);
      execFileSync("python3", ["-c", `import tarfile, io\nt = tarfile.open(${JSON.stringify(bad)}, 'w:gz')\n${code}\nt.close()`], { env: cleanPythonEnv() });
      await assert.rejects(readBinaryArchive(bad), /unsafe-archive|refusing|segment|absolute/, kind);
    }
  });
});

describe("installing a binary archive into a venv", { skip: hasPython() ? false : "no python3" }, () => {
  let root: string;
  before(() => { root = tempDir(); });
  after(() => removeDir(root));

  it("converts egg-info to dist-info, rewrites build shebangs and regenerates entry points", async () => {
    const src = join(root, "src");
    writeTree(src, tree);
    const archive = join(root, "demo.tar.gz");
    await writeBinaryArchive(src, archive, { name: "demo-pkg", version: "1.0" });
    const store = new Store(join(root, "store"));
    const entry = await unpackBinaryArchive(archive, store);
    assert.equal(entry.manifest.distInfo, "demo_pkg-1.0.dist-info");
    assert.equal((await unpackBinaryArchive(archive, store)).unpacked, false);
    const interp = await queryInterpreter(makeVenv(join(root, "venv")));
    const scheme = computeScheme(interp.info, { distName: "demo-pkg" });
    await installFromStore(entry, scheme, { python: { executable: interp.info.executable } });
    const reqs = runIn(interp.path, "import importlib.metadata as m; print(m.version('demo-pkg')); print(m.requires('demo-pkg'))");
    assert.match(reqs, /^1\.0\n/);
    assert.match(reqs, /'six>=1\.0'/);
    assert.match(reqs, /'ujson ; extra == "fast"'/);
    assert.match(reqs, /'futures ; python_version < "3"'/);
    const run = (name: string) => execFileSync(join(scheme.scripts, name), { env: cleanPythonEnv(), encoding: "utf8" });
    assert.equal(run("plainscript"), "plain ok\n");
    assert.equal(run("demo"), "demo main\n");
    assert.equal(readFileSync(join(scheme.scripts, "shell"), "utf8"), "#!/bin/sh\necho shell\n");
    assert.ok(existsSync(join(scheme.headers, "demo.h")));
    assert.ok(!readdirSync(scheme.purelib).some((n) => n.endsWith(".egg-info")));
  });
});
