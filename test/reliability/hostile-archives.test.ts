/**
 * Hostile archives against every reader that unpacks untrusted bytes: sdists (tar.gz and
 * zip, `unpackSdist`), pip-accel's binary tarballs (`unpackBinaryArchive`), wheels
 * (`unpackWheel`) and setup.py's build output (`transformDumbTarball`). Each case must be
 * refused with an error naming the archive and its fault, and the filesystem around the
 * staging directory must be exactly as before (listed, recursively, before and after).
 * The figure, how many archives were tried and refused, is printed at the end.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { randomBytes } from "node:crypto";
import { readBinaryArchive, writeBinaryArchive } from "../../src/archive/binary-format.js";
import { writeZip, type ZipMemberInput } from "../../src/archive/zip-writer.js";
import { MAX_ARCHIVE_MEMBERS } from "../../src/archive/limits.js";
import { unpackSdist } from "../../src/builder/sdist-unpack.js";
import { transformDumbTarball } from "../../src/builder/dumb-transform.js";
import { unpackBinaryArchive } from "../../src/installer/binary-unpack.js";
import { unpackWheel } from "../../src/installer/wheel-unpack.js";
import { Store } from "../../src/installer/store.js";
import { AccelError } from "../../src/report/errors.js";
import { writeTar, writeTarGz, type TarMember } from "../kit/tar-writer.js";
import { pythonAvailable, tempDir } from "../kit/repo.js";
import { wheelMembers, type WheelSpec } from "../installer/support.js";
import { testInterpreter } from "../builder/helpers.js";

const work = tempDir("hostile");
after(() => work.cleanup());
let tried = 0;

/** Every path under `root` with its type and size: what "nothing changed" is checked against. */
function listing(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const st = lstatSync(join(dir, name));
      out.push(`${rel}${name} ${st.isDirectory() ? "d" : st.isSymbolicLink() ? "l" : `f${st.size}`}`);
      if (st.isDirectory()) walk(join(dir, name), `${rel}${name}/`);
    }
  };
  walk(root, "");
  return out;
}

type Reader = "sdist" | "binary" | "wheel" | "dumb";

/** Runs `reader` on `bytes` in a fresh sandbox; asserts refusal matching `reason` and an unchanged sandbox. */
async function refuses(reader: Reader, fileName: string, bytes: Buffer, reason: RegExp): Promise<void> {
  tried++;
  const box = join(work.path, `case-${tried}`);
  const stage = join(box, "stage");
  mkdirSync(join(box, "outside"), { recursive: true });
  mkdirSync(stage);
  writeFileSync(join(box, "outside", "sentinel.txt"), "keep\n");
  const archive = join(box, fileName);
  writeFileSync(archive, bytes);
  const before = listing(box);
  const run = async (): Promise<unknown> => {
    if (reader === "sdist") return unpackSdist(archive, stage);
    if (reader === "binary") return unpackBinaryArchive(archive, new Store(stage));
    if (reader === "wheel") return unpackWheel(archive, new Store(stage));
    return transformDumbTarball(archive, (await testInterpreter()).info, join(stage, "out.tar.gz"));
  };
  await assert.rejects(run(), (error: unknown) => {
    assert.ok(error instanceof AccelError, `an AccelError, not ${String(error)}`);
    assert.match(error.message, reason);
    assert.ok(error.message.includes(archive) || error.message.includes(fileName), `the archive is named: ${error.message}`);
    return true;
  });
  const left = listing(box).filter((line) => !/^stage\/\.tmp-/.test(line));
  assert.deepEqual(left, before, "nothing was written, inside or outside the staging dir");
  assert.equal(existsSync("/tmp/pip-accel-planted.txt"), false);
}

// ---- tar members -------------------------------------------------------------------

const OUT = "../../outside/escaped.txt";
const TAR_ATTACKS: Record<string, { members: TarMember[]; sdist: RegExp; binary: RegExp }> = {
  "a ../ path": { members: [{ path: `p-1/${OUT}`, data: "x" }], sdist: /'\.\.' segment/, binary: /'\.' or '\.\.' segment/ },
  "an absolute path": { members: [{ path: "/tmp/pip-accel-planted.txt", data: "x" }], sdist: /absolute/, binary: /absolute path/ },
  "a symlink pointing out": { members: [{ path: "p-1/evil", type: "symlink", linkpath: OUT }], sdist: /points outside/, binary: /SymbolicLink/ },
  "a symlink to / then a file through it": {
    members: [{ path: "p-1/d", type: "symlink", linkpath: "/tmp" }, { path: "p-1/d/pip-accel-planted.txt", data: "x" }], sdist: /points outside/, binary: /SymbolicLink/,
  },
  "a hardlink pointing out": { members: [{ path: "p-1/h", type: "hardlink", linkpath: "../../etc/passwd" }], sdist: /points outside/, binary: /Link/ },
  "a fifo": { members: [{ path: "p-1/fifo", type: "fifo" }], sdist: /FIFO member/, binary: /FIFO/ },
  "a character device": { members: [{ path: "p-1/tty", type: "chardev" }], sdist: /CharacterDevice member/, binary: /CharacterDevice/ },
  "a duplicate member with other content": {
    members: [{ path: "p-1/setup.py", data: "good" }, { path: "p-1/setup.py", data: "evil" }], sdist: /appears twice/, binary: /duplicate member/,
  },
};

/** Replaces the first header's name (same byte length) with raw bytes and fixes its checksum. */
function patchTarName(tar: Buffer, from: string, to: Buffer): Buffer {
  const out = Buffer.from(tar);
  const at = out.indexOf(from, 0, "latin1");
  to.copy(out, at);
  const header = Math.floor(at / 512) * 512;
  out.fill(0x20, header + 148, header + 156);
  let sum = 0;
  for (let i = header; i < header + 512; i++) sum += out[i]!;
  out.write(`${sum.toString(8).padStart(6, "0")}\0 `, header + 148, "latin1");
  return out;
}

const nonUtf8Tar = (): Buffer => gzipSync(patchTarName(writeTar([{ path: "p-1/setup.py", data: "x" }, { path: "p-1/XXXX.py", data: "y" }]), "XXXX", Buffer.from([0xff, 0xfe, 0x41, 0x42])));
const manyMembersTar = (): Buffer => writeTarGz(Array.from({ length: MAX_ARCHIVE_MEMBERS + 1 }, (_, i) => ({ path: `p-1/${i}` })));
const bombTar = (): Buffer => gzipSync(writeTar([{ path: "p-1/setup.py", data: "" }, { path: "p-1/zeros", data: Buffer.alloc(96 * 1024 ** 2) }]), { level: 9 });

for (const [what, attack] of Object.entries(TAR_ATTACKS)) {
  test(`sdist tar: ${what} is refused`, async () => {
    await refuses("sdist", "p-1.tar.gz", writeTarGz([{ path: "p-1/setup.py", data: "ok" }, ...attack.members]), attack.sdist);
  });
  test(`binary tarball: ${what} is refused`, async () => {
    const members = attack.members.map((m) => ({ ...m, path: m.path.replace(/^p-1\//, "purelib/") }));
    await refuses("binary", "p-1.tar.gz", writeTarGz([{ path: "pip-accel-manifest.json", data: "{}" }, ...members]), attack.binary);
  });
}

test("tar: a non-UTF-8 member name, 100,001 members and a 96 MiB gzip bomb are refused by every tar reader", { timeout: 120_000 }, async () => {
  const cases: Array<[string, () => Buffer, RegExp]> = [
    ["non-UTF-8", nonUtf8Tar, /not valid UTF-8/],
    ["members", manyMembersTar, /100001 members, more than the 100000/],
    ["bomb", bombTar, /compression bomb/],
  ];
  for (const [, make, reason] of cases) {
    const bytes = make();
    await refuses("sdist", "p-1.tar.gz", bytes, reason);
    await refuses("binary", "p-1.tar.gz", bytes, reason);
    if (pythonAvailable() && reason.source !== "not valid UTF-8") await refuses("dumb", "p-1.linux-x86_64.tar", bytes, reason);
  }
});

// ---- zip members -------------------------------------------------------------------

const base: WheelSpec = { name: "demo", version: "1.0", files: { "demo/__init__.py": "x = 1\n" } };
/** A valid wheel's members with `extra` inserted before RECORD (so RECORD is still last). */
const wheelWith = (extra: ZipMemberInput[]): ZipMemberInput[] => {
  const members = wheelMembers(base);
  return [...members.slice(0, -1), ...extra, members.at(-1)!];
};

/** Moves every member `by` bytes later, filling the gap at the start with `junk` (offsets fixed up). */
function prependData(zip: Buffer, junk: Buffer): Buffer {
  const out = Buffer.concat([junk, zip]);
  const eocd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const cdOffset = out.readUInt32LE(eocd + 16) + junk.length;
  out.writeUInt32LE(cdOffset, eocd + 16);
  for (let pos = cdOffset; out.readUInt32LE(pos) === 0x02014b50; pos += 46 + out.readUInt16LE(pos + 28) + out.readUInt16LE(pos + 30) + out.readUInt16LE(pos + 32)) {
    out.writeUInt32LE(out.readUInt32LE(pos + 42) + junk.length, pos + 42);
  }
  return out;
}

/** Replaces the bytes of `from` (all occurrences: local header and central directory) with `to`. */
function patchAll(zip: Buffer, from: Buffer, to: Buffer, only?: "local"): Buffer {
  const out = Buffer.from(zip);
  for (let at = out.indexOf(from); at >= 0; at = out.indexOf(from, at + 1)) {
    to.copy(out, at);
    if (only === "local") break;
  }
  return out;
}

/** Sets the CRC-32 of the member named `name` in both headers (they agree; the data does not). */
function lieCrc(zip: Buffer, name: string): Buffer {
  const out = Buffer.from(zip);
  const needle = Buffer.from(name);
  for (let at = out.indexOf(needle); at >= 0; at = out.indexOf(needle, at + 1)) {
    if (out.readUInt32LE(at - 30) === 0x04034b50) out.writeUInt32LE(0xdeadbeef, at - 30 + 14);
    else if (out.readUInt32LE(at - 46) === 0x02014b50) out.writeUInt32LE(0xdeadbeef, at - 46 + 16);
  }
  return out;
}

const bombZip = (): Buffer => writeZip(wheelWith([{ path: "demo/zeros.bin", data: Buffer.alloc(96 * 1024 ** 2) }]));

/**
 * The archive with a ZIP64 end record (and locator) that claims `count` entries; the
 * classic end record defers to it (0xFFFF). A reader must refuse before walking them.
 */
function claimEntries(zip: Buffer, count: number): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const cdSize = zip.readUInt32LE(eocd + 12);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(cdSize), 40);
  record.writeBigUInt64LE(BigInt(cdOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(eocd), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.from(zip.subarray(eocd));
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  return Buffer.concat([zip.subarray(0, eocd), record, locator, end]);
}

const ZIP_CASES: Array<[string, () => Buffer, RegExp]> = [
  ["a ../ path", () => writeZip(wheelWith([{ path: OUT, data: "x" }])), /'\.' or '\.\.' segment/],
  ["an absolute path", () => writeZip(wheelWith([{ path: "/tmp/pip-accel-planted.txt", data: "x" }])), /absolute path/],
  ["a symlink entry", () => writeZip(wheelWith([{ path: "demo/link", data: "/etc/passwd", mode: 0o120777 }])), /symbolic link entry/],
  ["a device entry", () => writeZip(wheelWith([{ path: "demo/dev", data: "", mode: 0o020600 }])), /special file entry/],
  ["duplicate entries", () => writeZip(wheelWith([{ path: "demo/__init__.py", data: "evil = 1\n" }])), /duplicate entry/],
  ["a local header name that differs from the central directory", () => patchAll(writeZip(wheelWith([{ path: "demo/aaaa.py", data: "x" }])), Buffer.from("demo/aaaa.py"), Buffer.from("demo/bbbb.py"), "local"), /local header name differs/],
  ["data before the first local header", () => prependData(writeZip(wheelMembers(base)), Buffer.from("#!/bin/sh\necho hidden\n")), /unaccounted data before/],
  ["a bad CRC-32", () => lieCrc(writeZip(wheelMembers(base)), "demo/__init__.py"), /CRC-32 mismatch/],
  ["a non-UTF-8 name", () => patchAll(writeZip(wheelWith([{ path: "demo/XXXX.py", data: "x" }])), Buffer.from("XXXX"), Buffer.from([0xff, 0xfe, 0x41, 0x42])), /not valid UTF-8/],
  ["an end record claiming 100,001 entries (ZIP64)", () => claimEntries(writeZip(wheelMembers(base)), MAX_ARCHIVE_MEMBERS + 1), /100001 members, more than the 100000/],
  ["a 96 MiB deflate bomb", bombZip, /compression bomb/],
  ["RECORD with a wrong hash", () => writeZip(wheelMembers(base).map((m) => (m.path === "demo/__init__.py" ? { ...m, data: "x = 2\n" } : m))), /does not match its RECORD hash/],
  ["a file RECORD does not list", () => writeZip([{ path: "demo/extra.py", data: "evil\n" }, ...wheelMembers(base)]), /not listed in RECORD/],
  ["RECORD naming a path outside the wheel", () => writeZip(wheelMembers(base).map((m) => (m.path.endsWith("/RECORD") ? { ...m, data: `${String(m.data)}../../../etc/passwd,sha256=AAAA,1\n` } : m))), /RECORD/],
];

for (const [what, make, reason] of ZIP_CASES) {
  test(`wheel: ${what} is refused`, { timeout: 60_000 }, async () => {
    await refuses("wheel", "demo-1.0-py3-none-any.whl", make(), reason);
  });
}

test("zip sdists are read by the same strict reader: a ../ path and a bad CRC are refused", async () => {
  await refuses("sdist", "p-1.zip", writeZip([{ path: "p-1/setup.py", data: "ok" }, { path: `p-1/${OUT}`, data: "x" }]), /'\.' or '\.\.' segment|not a readable zip/);
  await refuses("sdist", "p-1.zip", lieCrc(writeZip([{ path: "p-1/setup.py", data: "ok" }]), "p-1/setup.py"), /CRC-32 mismatch|not a readable zip/);
});

test("the control: an honest binary tarball with a 72 MiB member of incompressible data is read whole", { timeout: 60_000 }, async () => {
  const src = join(work.path, "honest", "purelib", "big");
  mkdirSync(src, { recursive: true });
  const data = randomBytes(72 * 1024 ** 2);
  writeFileSync(join(src, "blob.bin"), data);
  const out = join(work.path, "honest.tar.gz");
  await writeBinaryArchive(join(work.path, "honest"), out, { name: "big", version: "1.0" });
  const archive = await readBinaryArchive(out);
  assert.ok(archive.files.get("purelib/big/blob.bin")?.equals(data));
});

test("the figure: hostile archives tried, every one refused with nothing written", () => {
  const expected = Object.keys(TAR_ATTACKS).length * 2 + 3 * 2 + (pythonAvailable() ? 2 : 0) + ZIP_CASES.length + 2;
  assert.equal(tried, expected);
  console.log(`hostile archives: ${tried} tried, ${tried} refused, 0 files written outside staging`);
});
