import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { list } from "tar";
import { buildSdist, treeHash } from "./sdist-build.js";
import { projectPath, pythonAvailable, tempDir } from "./repo.js";

const skip = !pythonAvailable() && "python3 not found";
const out = tempDir("sdists");
after(() => out.cleanup());

function memberText(file: string, wanted: string): string | undefined {
  let text: string | undefined;
  list({
    file, sync: true,
    onReadEntry: (entry) => {
      if (entry.path !== wanted) return entry.resume();
      const chunks: Buffer[] = [];
      entry.on("data", (c: Buffer) => chunks.push(c));
      entry.on("end", () => (text = Buffer.concat(chunks).toString("utf8")));
    },
  });
  return text;
}

function memberNames(file: string): string[] {
  const names: string[] = [];
  list({ file, sync: true, onReadEntry: (e) => names.push(e.path) });
  return names;
}

describe("buildSdist", { skip }, () => {
  const cases: [string, string, RegExp][] = [
    ["pure", "pa-demo-pure-1.0", /Requires-Python: >=3\.7/],
    ["scripts", "pa-demo-scripts-1.0", /Name: pa-demo-scripts/],
    ["pyproject-only", "pa-demo-pyproject-1.0", /Requires-Python: >=3\.8\nProvides-Extra: extra/],
    ["in-tree-backend", "pa_demo_intree-1.0", /Name: pa-demo-intree/],
    ["cext", "pa-demo-cext-1.0", /Name: pa-demo-cext/],
  ];
  for (const [project, stem, pkgInfo] of cases) {
    test(`${project}: a real sdist with PKG-INFO`, async () => {
      const built = await buildSdist(project, out.path);
      assert.equal(built.filename, `${stem}.tar.gz`);
      assert.equal(path.dirname(built.path), out.path);
      assert.match(memberText(built.path, `${stem}/PKG-INFO`) ?? "", pkgInfo);
    });
  }

  test("a pyproject-only project gets a setup.py shim; setuptools egg-info carries extras", async () => {
    const pyproject = await buildSdist("pyproject-only");
    assert.match(memberText(pyproject.path, "pa-demo-pyproject-1.0/setup.py") ?? "", /setuptools\.setup\(\)/);
    const pure = await buildSdist("pure");
    assert.match(memberText(pure.path, "pa-demo-pure-1.0/pa_demo_pure.egg-info/requires.txt") ?? "", /\[extra\]\npa-deps-b/);
    const cext = await buildSdist("cext");
    assert.ok(memberNames(cext.path).includes("pa-demo-cext-1.0/pa_demo_cext/_speedup.c"));
  });

  test("the second build is a fast cache hit; editing the tree rebuilds", async () => {
    const cacheDir = tempDir("sdist-cache");
    const tree = tempDir("tree");
    try {
      cpSync(projectPath("deps-c"), tree.path, { recursive: true });
      const first = await buildSdist(tree.path, undefined, { cacheDir: cacheDir.path });
      assert.equal(first.cached, false);
      const start = performance.now();
      const second = await buildSdist(tree.path, undefined, { cacheDir: cacheDir.path });
      const elapsed = performance.now() - start;
      assert.equal(second.cached, true);
      assert.equal(second.path, first.path);
      assert.ok(elapsed < 200, `cache hit took ${elapsed} ms`);
      const before = treeHash(tree.path);
      writeFileSync(path.join(tree.path, "pa_deps_c", "__init__.py"), 'NAME = "changed"\n');
      assert.notEqual(treeHash(tree.path), before);
      const third = await buildSdist(tree.path, undefined, { cacheDir: cacheDir.path });
      assert.equal(third.cached, false);
      assert.notEqual(third.path, first.path);
      assert.ok(existsSync(first.path), "the old entry stays");
    } finally {
      cacheDir.cleanup();
      tree.cleanup();
    }
  });

  test("a failing build reports Python's output and leaves no cache entry", async () => {
    const cacheDir = tempDir("sdist-cache-fail");
    const tree = tempDir("broken-tree");
    try {
      writeFileSync(path.join(tree.path, "setup.py"), "raise SystemExit('pa-broken-setup-py')\n");
      await assert.rejects(buildSdist(tree.path, undefined, { cacheDir: cacheDir.path }), /pa-broken-setup-py/);
      assert.deepEqual(readdir(path.join(cacheDir.path, "sdists")), []);
    } finally {
      cacheDir.cleanup();
      tree.cleanup();
    }
  });
});

function readdir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

test("treeHash ignores build outputs and notices executable bits", () => {
  const tree = tempDir("hash");
  try {
    writeFileSync(path.join(tree.path, "setup.py"), "x");
    const base = treeHash(tree.path);
    cpSync(path.join(tree.path, "setup.py"), path.join(tree.path, "build", "junk"), { recursive: true });
    assert.equal(treeHash(tree.path), base);
    chmodSync(path.join(tree.path, "setup.py"), 0o755);
    assert.notEqual(treeHash(tree.path), base);
    assert.notEqual(treeHash(tree.path, "other python"), base);
    assert.equal(readFileSync(path.join(tree.path, "setup.py"), "utf8"), "x");
  } finally {
    tree.cleanup();
  }
});
