import assert from "node:assert/strict";
import { lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { clearDestination, placeFile } from "../../src/installer/link.js";
import { removeDir, tempDir } from "./support.js";

describe("placeFile", () => {
  let root: string;
  let source: string;
  before(() => {
    root = tempDir();
    source = join(root, "store-file");
    writeFileSync(source, "stored\n");
  });
  after(() => removeDir(root));

  for (const mode of ["hardlink", "copy"] as const) {
    it(`${mode}: places a new file, replaces an existing file, replaces a symlink without following it`, () => {
      const dest = join(root, `${mode}-dest`);
      assert.equal(placeFile(source, dest, mode), mode);
      assert.equal(readFileSync(dest, "utf8"), "stored\n");
      assert.equal(statSync(dest).nlink >= 2, mode === "hardlink");

      const existing = join(root, `${mode}-existing`);
      writeFileSync(existing, "old\n");
      assert.equal(placeFile(source, existing, mode), mode);
      assert.equal(readFileSync(existing, "utf8"), "stored\n");

      const victim = join(root, `${mode}-victim`);
      writeFileSync(victim, "untouched\n");
      const link = join(root, `${mode}-link`);
      symlinkSync(victim, link);
      placeFile(source, link, mode);
      assert.equal(lstatSync(link).isSymbolicLink(), false);
      assert.equal(readFileSync(link, "utf8"), "stored\n");
      assert.equal(readFileSync(victim, "utf8"), "untouched\n", "the symlink's target is not written");
    });

    it(`${mode}: refuses a directory in the way and a store member that is not a regular file`, () => {
      const dir = join(root, `${mode}-dir`);
      mkdirSync(dir);
      assert.throws(() => placeFile(source, dir, mode), /a directory is in the way/);
      const storeLink = join(root, `${mode}-store-link`);
      symlinkSync(source, storeLink);
      assert.throws(() => placeFile(storeLink, join(root, `${mode}-x`), mode), /not a regular file/);
    });
  }

  it("clearDestination ignores a missing path", () => {
    assert.doesNotThrow(() => clearDestination(join(root, "missing")));
  });
});
