import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { list } from "tar";
import { isInstallableTree, packTree, treeFiles, treeHash } from "../../src/source-tree/index.js";
import { tempDir } from "../kit/repo.js";

function project(root: string): void {
  mkdirSync(join(root, "pkg", "__pycache__"), { recursive: true });
  writeFileSync(join(root, "setup.py"), "from setuptools import setup\nsetup()\n");
  writeFileSync(join(root, "pkg", "__init__.py"), "X = 1\n");
  writeFileSync(join(root, "pkg", "__pycache__", "x.pyc"), "stale");
  for (const skipped of [".git", "build", "dist", "node_modules", "pkg.egg-info", ".tox", "venv"]) {
    mkdirSync(join(root, skipped), { recursive: true });
    writeFileSync(join(root, skipped, "f"), "ignored");
  }
  writeFileSync(join(root, "venv", "pyvenv.cfg"), "home = /usr\n");
  mkdirSync(join(root, "pkg", "build"));
  writeFileSync(join(root, "pkg", "build", "kept.py"), "# a package named build is a source\n");
  symlinkSync("pkg/__init__.py", join(root, "link.py"));
}

test("treeFiles lists sources only: VCS metadata, caches, venvs, egg-info and top-level build/dist are left out", () => {
  const dir = tempDir("tree");
  try {
    project(dir.path);
    assert.deepEqual(treeFiles(dir.path).map((f) => `${f.kind}:${f.path}`), ["symlink:link.py", "file:pkg/__init__.py", "file:pkg/build/kept.py", "file:setup.py"]);
    assert.equal(isInstallableTree(dir.path), true);
    assert.equal(isInstallableTree(join(dir.path, "pkg")), false);
  } finally { dir.cleanup(); }
});

test("treeHash: content mode sees any edit and ignores mtimes and excluded files; mtime mode reads no content", () => {
  const dir = tempDir("tree");
  try {
    project(dir.path);
    const init = join(dir.path, "pkg", "__init__.py");
    const first = treeHash(dir.path);
    writeFileSync(join(dir.path, "build", "f"), "changed output");
    writeFileSync(join(dir.path, ".git", "f"), "changed");
    utimesSync(init, new Date(1_000_000_000_000), new Date(1_000_000_000_000));
    assert.equal(treeHash(dir.path), first, "outputs, VCS metadata and times do not count");
    writeFileSync(init, "X = 2\n");
    utimesSync(init, new Date(1_000_000_000_000), new Date(1_000_000_000_000));
    assert.notEqual(treeHash(dir.path), first, "an edit does");

    const byTime = treeHash(dir.path, "mtime");
    assert.notEqual(byTime, treeHash(dir.path), "the two modes never share a key");
    writeFileSync(init, "X = 3\n"); // same size
    utimesSync(init, new Date(1_000_000_000_000), new Date(1_000_000_000_000));
    assert.equal(treeHash(dir.path, "mtime"), byTime, "mtime mode trusts an unchanged size and mtime");
    utimesSync(init, new Date(1_000_000_500_000), new Date(1_000_000_500_000));
    assert.notEqual(treeHash(dir.path, "mtime"), byTime, "and sees a touched file");
  } finally { dir.cleanup(); }
});

test("packTree gives the same bytes for the same files, under one top directory, and only the listed files", async () => {
  const dir = tempDir("tree");
  try {
    const src = join(dir.path, "src");
    project(src);
    await packTree(src, join(dir.path, "a.tar.gz"), "proj-1.0/");
    utimesSync(join(src, "setup.py"), new Date(1_500_000_000_000), new Date(1_500_000_000_000));
    await packTree(src, join(dir.path, "b.tar.gz"), "proj-1.0/");
    assert.deepEqual(readFileSync(join(dir.path, "a.tar.gz")), readFileSync(join(dir.path, "b.tar.gz")));
    const members: string[] = [];
    await list({ file: join(dir.path, "a.tar.gz"), onReadEntry: (e) => { members.push(e.path); } });
    assert.deepEqual(members, ["proj-1.0/link.py", "proj-1.0/pkg/__init__.py", "proj-1.0/pkg/build/kept.py", "proj-1.0/setup.py"]);
  } finally { dir.cleanup(); }
});

test("packTree of an empty tree is an error and leaves no file", async () => {
  const dir = tempDir("tree");
  try {
    mkdirSync(join(dir.path, "empty"));
    await assert.rejects(packTree(join(dir.path, "empty"), join(dir.path, "x.tar.gz"), "x/"), /has no files to build/);
    assert.throws(() => readFileSync(join(dir.path, "x.tar.gz")));
  } finally { dir.cleanup(); }
});
