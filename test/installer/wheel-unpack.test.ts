import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { writeZip } from "../../src/archive/zip-writer.js";
import { Store } from "../../src/installer/store.js";
import { unpackWheel } from "../../src/installer/wheel-unpack.js";
import { makeWheel, removeDir, tempDir, wheelMembers, type WheelSpec } from "./support.js";

const base: WheelSpec = { name: "demo", version: "1.0", files: { "demo/__init__.py": "x = 1\n" } };

describe("unpackWheel", () => {
  let root: string;
  before(() => { root = tempDir(); });
  after(() => removeDir(root));

  it("unpacks into a scheme-keyed tree with a manifest", async () => {
    const store = new Store(join(root, "store-a"));
    const wheel = join(root, "a.whl");
    writeFileSync(wheel, makeWheel({ ...base, purelib: false, files: { ...base.files, "demo-1.0.data/scripts/run": "#!python\nprint(1)\n" } }));
    const entry = await unpackWheel(wheel, store);
    assert.equal(entry.unpacked, true);
    assert.equal(entry.manifest.rootScheme, "platlib");
    const paths = entry.manifest.files.map((f) => `${f.scheme}/${f.path}`).sort();
    assert.deepEqual(paths, ["platlib/demo-1.0.dist-info/METADATA", "platlib/demo-1.0.dist-info/WHEEL", "platlib/demo/__init__.py", "scripts/run"]);
    assert.equal(entry.manifest.files.find((f) => f.path === "run")?.rewrite, "python-shebang");
    assert.equal(statSync(join(entry.dir, "platlib/demo/__init__.py")).mode & 0o777, 0o644);
  });

  it("the store's sha256 of every file is its content's, for sha256 and sha512 RECORD rows alike", async () => {
    const files = { "demo/__init__.py": "x = 1\n", "demo/data.bin": "\u0000\u0001 binary-ish\n" };
    const members = wheelMembers({ ...base, files });
    const record = members.find((m) => m.path.endsWith("/RECORD"))!;
    // The data file's row uses sha512: the store must still hash it with sha256 itself.
    const sha512 = `sha512=${createHash("sha512").update(files["demo/data.bin"]).digest("base64url")}`;
    record.data = String(record.data).replace(/^demo\/data\.bin,[^,]+,/m, `demo/data.bin,${sha512},`);
    const wheel = join(root, "hashes.whl");
    writeFileSync(wheel, writeZip(members));
    const entry = await unpackWheel(wheel, new Store(join(root, "store-hashes")));
    for (const f of entry.manifest.files) {
      const stored = readFileSync(join(entry.dir, f.scheme, f.path));
      assert.equal(f.sha256, createHash("sha256").update(stored).digest("hex"), `${f.path}'s manifest sha256`);
    }
    assert.ok(String(record.data).includes("sha512="), "the wheel really has a sha512 row");
  });

  it("unpacks an archive only once: the second call is a no-op", async () => {
    const store = new Store(join(root, "store-b"));
    const wheel = join(root, "b.whl");
    writeFileSync(wheel, makeWheel(base));
    const first = await unpackWheel(wheel, store);
    const mtime = statSync(join(first.dir, "purelib/demo/__init__.py")).mtimeMs;
    const second = await unpackWheel(wheel, store);
    assert.equal(second.unpacked, false);
    assert.equal(second.dir, first.dir);
    assert.equal(statSync(join(second.dir, "purelib/demo/__init__.py")).mtimeMs, mtime);
    const third = await unpackWheel(wheel, store, { sha256: first.manifest.archiveSha256 });
    assert.equal(third.unpacked, false);
  });

  const bad: Array<[string, () => Buffer, RegExp]> = [
    ["a RECORD hash mismatch", () => writeZip(wheelMembers(base).map((m) => (m.path === "demo/__init__.py" ? { ...m, data: "x = 2\n" } : m))), /does not match its RECORD hash/],
    ["a file missing from RECORD", () => writeZip([{ path: "demo/extra.py", data: "evil\n" }, ...wheelMembers(base)]), /not listed in RECORD/],
    ["two .dist-info directories", () => writeZip([...wheelMembers(base), ...wheelMembers({ ...base, name: "other", files: { "other/__init__.py": "" } })]), /exactly one \.dist-info/],
    ["Wheel-Version 2.0", () => writeZip(wheelMembers(base).map((m) => (m.path.endsWith("/WHEEL") ? { ...m, data: "Wheel-Version: 2.0\nRoot-Is-Purelib: true\n" } : m))), /WHEEL|Wheel-Version|RECORD/],
    ["an unknown .data key", () => makeWheel({ ...base, files: { ...base.files, "demo-1.0.data/etc/passwd": "x" } }), /is not under one of/],
    ["a traversal member", () => writeZip([...wheelMembers(base).slice(0, -1), { path: "../../outside.py", data: "x" }, wheelMembers(base).at(-1)!]), /segment/],
  ];
  for (const [what, make, message] of bad) {
    it(`refuses ${what} and leaves nothing in the store`, async () => {
      const store = new Store(join(root, `store-${what.replace(/\W+/g, "-")}`));
      const wheel = join(root, "bad.whl");
      writeFileSync(wheel, make());
      await assert.rejects(unpackWheel(wheel, store), message);
      assert.deepEqual(readdirSync(store.root), []);
    });
  }

  it("checks the expected project name", async () => {
    const store = new Store(join(root, "store-name"));
    const wheel = join(root, "c.whl");
    writeFileSync(wheel, makeWheel(base));
    await assert.rejects(unpackWheel(wheel, store, { expectedName: "something-else" }), /expected "something-else"/);
  });
});
