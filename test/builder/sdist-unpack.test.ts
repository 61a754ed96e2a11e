import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { UnsafeSdistError } from "../../src/builder/errors.js";
import { unpackSdist } from "../../src/builder/sdist-unpack.js";
import { makeMaliciousSdist, makeSdistFromFiles, type MaliciousKind } from "../kit/tarball-factory.js";
import { writeTarGz } from "../kit/tar-writer.js";
import { tempDir } from "../kit/repo.js";

describe("unpackSdist", () => {
  const work = tempDir("unpack");
  after(() => work.cleanup());
  let n = 0;
  const fresh = (): string => { const d = join(work.path, `dest-${n++}`); mkdirSync(d); return d; };

  it("strips the single top-level directory and keeps the executable bit", async () => {
    const sdist = makeSdistFromFiles({ name: "pa-x", version: "1.0", files: { "setup.py": "print(1)\n", "pkg/__init__.py": "" } }, work.path);
    const dest = fresh();
    assert.equal(await unpackSdist(sdist.path, dest), 3);
    assert.deepEqual(readdirSync(dest).sort(), ["PKG-INFO", "pkg", "setup.py"]);
    assert.equal(readFileSync(join(dest, "setup.py"), "utf8"), "print(1)\n");
  });

  it("keeps the layout when members do not share one top directory", async () => {
    const file = join(work.path, "flat.tar.gz");
    writeFileSync(file, writeTarGz([{ path: "setup.py", data: "x" }, { path: "pkg/a.py", data: "y", mode: 0o755 }]));
    const dest = fresh();
    await unpackSdist(file, dest);
    assert.deepEqual(readdirSync(dest).sort(), ["pkg", "setup.py"]);
    assert.equal(statSync(join(dest, "pkg/a.py")).mode & 0o777, 0o755);
  });

  it("turns an in-tree symlink into a copy, never a link", async () => {
    const file = join(work.path, "link.tar.gz");
    writeFileSync(file, writeTarGz([
      { path: "p-1/setup.py", data: "setup" }, { path: "p-1/docs/README", data: "readme" },
      { path: "p-1/README", type: "symlink", linkpath: "docs/README" },
    ]));
    const dest = fresh();
    await unpackSdist(file, dest);
    assert.equal(readFileSync(join(dest, "README"), "utf8"), "readme");
    assert.ok(!statSync(join(dest, "README"), { throwIfNoEntry: true }).isSymbolicLink());
  });

  const hostile: MaliciousKind[] = ["dotdot", "absolute", "symlink-out", "symlink-then-file", "hardlink-out"];
  for (const kind of hostile) {
    it(`refuses ${kind} and writes nothing outside`, async () => {
      const sdist = makeMaliciousSdist(kind, join(work.path, kind));
      const dest = fresh();
      await assert.rejects(unpackSdist(sdist.path, dest), UnsafeSdistError);
      assert.equal(existsSync(join(dest, "..", "escaped.txt")), false);
      assert.equal(existsSync("/tmp/planted.txt"), false);
      assert.deepEqual(readdirSync(dest), [], "nothing is written when any member is refused");
    });
  }

  it("refuses .. in a zip sdist", async () => {
    const sdist = makeMaliciousSdist("dotdot", join(work.path, "zip"), { format: "zip" });
    await assert.rejects(unpackSdist(sdist.path, fresh()), UnsafeSdistError);
  });
});
