import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { writeZip } from "../../src/archive/zip-writer.js";
import { exactMemberSpan, locateDirectory, openZip, readCentralDirectory, readMember } from "../../src/archive/zip-reader.js";

/** Offsets in a writeZip archive of stored members. */
function centralStart(buf: Buffer): number {
  return buf.readUInt32LE(buf.length - 22 + 16);
}

function tamper(buf: Buffer, edit: (b: Buffer) => void): Buffer {
  const copy = Buffer.from(buf);
  edit(copy);
  return copy;
}

/** Drops the last central-directory record, leaving its local entry unaccounted for. */
function hideLastEntry(buf: Buffer, lastName: string): Buffer {
  const cd = centralStart(buf);
  const eocd = buf.length - 22;
  const recordLen = 46 + Buffer.byteLength(lastName);
  const end = Buffer.from(buf.subarray(eocd));
  end.writeUInt16LE(end.readUInt16LE(8) - 1, 8);
  end.writeUInt16LE(end.readUInt16LE(10) - 1, 10);
  end.writeUInt32LE(end.readUInt32LE(12) - recordLen, 12);
  return Buffer.concat([buf.subarray(0, eocd - recordLen), end]);
}

const good = writeZip([
  { path: "pkg/__init__.py", data: "x = 1\n", deflate: false },
  { path: "pkg/data.txt", data: "hello world hello world\n" },
]);

describe("openZip: valid archives", () => {
  it("lists entries and reads them with CRC checks", () => {
    const zip = openZip(good, "good.whl");
    assert.deepEqual(zip.entries.map((e) => e.name), ["pkg/__init__.py", "pkg/data.txt"]);
    assert.equal(zip.read(zip.entries[1]!).toString(), "hello world hello world\n");
    assert.equal(zip.entries[0]!.mode, 0o644);
  });

  it("keeps the executable bit from the external attributes", () => {
    const zip = openZip(writeZip([{ path: "bin/tool", data: "#!python\n", mode: 0o100755 }]));
    assert.equal(zip.entries[0]!.mode, 0o755);
  });
});

const refused: Array<[string, () => Buffer, RegExp, string]> = [
  ["path traversal", () => writeZip([{ path: "../evil.py", data: "x" }]), /'\.' or '\.\.' segment/, "unsafe-archive"],
  ["nested traversal", () => writeZip([{ path: "pkg/../../evil.py", data: "x" }]), /'\.' or '\.\.' segment/, "unsafe-archive"],
  ["absolute path", () => writeZip([{ path: "/tmp/evil.py", data: "x" }]), /absolute path/, "unsafe-archive"],
  ["backslash", () => writeZip([{ path: "pkg\\..\\evil.py", data: "x" }]), /backslash/, "unsafe-archive"],
  ["NUL in name", () => writeZip([{ path: "pkg/a\u0000.py", data: "x" }]), /control character/, "unsafe-archive"],
  ["drive letter", () => writeZip([{ path: "C:/evil.py", data: "x" }]), /drive letter/, "unsafe-archive"],
  ["duplicate entry", () => writeZip([{ path: "a.py", data: "1" }, { path: "a.py", data: "2" }]), /duplicate entry/, "unsafe-archive"],
  ["symlink entry", () => writeZip([{ path: "link", data: "/etc/passwd", mode: 0o120777 }]), /symbolic link/, "unsafe-archive"],
  ["local name differs from central", () => tamper(good, (b) => b.write("q", 30 + "pkg/".length)), /local header name differs/, "unsafe-archive"],
  ["local CRC differs from central", () => tamper(good, (b) => b.writeUInt32LE(0x12345678, 14)), /CRC or sizes differ/, "unsafe-archive"],
  ["local size differs from central", () => tamper(good, (b) => b.writeUInt32LE(99, 22)), /CRC or sizes differ/, "unsafe-archive"],
  ["local method differs", () => tamper(good, (b) => b.writeUInt16LE(8, 8)), /method differs/, "unsafe-archive"],
  ["encrypted entry", () => tamper(good, (b) => { b.writeUInt16LE(0x0801, 6); b.writeUInt16LE(0x0801, centralStart(b) + 8); }), /encrypted/, "unsafe-archive"],
  ["entry hidden from the central directory", () => hideLastEntry(good, "pkg/data.txt"), /unaccounted data/, "unsafe-archive"],
  ["junk before the first entry", () => tamper(good, (b) => {
    const cd = centralStart(b);
    b.writeUInt32LE(4, cd + 42); // first entry claims to start at 4
  }), /unaccounted data|missing local header/, "corrupt-archive|unsafe-archive"],
  ["overlapping entries", () => tamper(good, (b) => {
    const cd = centralStart(b);
    const second = cd + 46 + "pkg/__init__.py".length;
    b.writeUInt32LE(0, second + 42); // second entry points at the first one's header
  }), /overlaps|local header name differs/, "unsafe-archive"],
  ["not a zip", () => Buffer.from("definitely not a zip file, just some text here"), /no end of central directory/, "corrupt-archive"],
  ["trailing garbage after the end record", () => Buffer.concat([good, Buffer.from("xx")]), /no end of central directory/, "corrupt-archive"],
];

describe("openZip refuses malicious or broken archives", () => {
  for (const [what, make, message, code] of refused) {
    it(what, () => {
      assert.throws(() => openZip(make(), "bad.whl"), (error: Error & { code?: string }) => {
        assert.match(error.message, message);
        assert.match(error.code ?? "", new RegExp(`^(${code})$`));
        return true;
      });
    });
  }
});

describe("ZipArchive.read verifies data", () => {
  it("refuses a stored member whose bytes do not match the CRC", () => {
    const bad = tamper(good, (b) => b.write("y", 30 + "pkg/__init__.py".length)); // "x = 1" -> "y = 1"
    const zip = openZip(bad, "bad.whl");
    assert.throws(() => zip.read(zip.entries[0]!), /CRC-32 mismatch/);
  });

  it("refuses a deflated member that inflates beyond its declared size (zip bomb guard)", () => {
    // a member declared as 10 bytes whose deflate stream is much longer
    const archive = writeZip([{ path: "a.txt", data: "a".repeat(100_000) }]);
    const patched = tamper(archive, (b) => { b.writeUInt32LE(10, 22); b.writeUInt32LE(10, centralStart(b) + 24); });
    const z2 = openZip(patched, "bomb.whl");
    assert.throws(() => z2.read(z2.entries[0]!), /larger than declared|size mismatch/);
  });
});

describe("range reads apply the same rules as openZip", () => {
  /** Reads member `name` from pieces: the tail (central directory) and the member's own bytes. */
  function readPiecewise(archive: Buffer, name: string): Buffer {
    const dir = locateDirectory(archive.subarray(archive.length - 200), archive.length, "piece.whl");
    const entries = readCentralDirectory(archive.subarray(dir.offset, dir.end), dir, "piece.whl");
    const entry = entries.find((e) => e.name === name)!;
    const head = archive.subarray(entry.localOffset, entry.localOffset + 30);
    const span = exactMemberSpan(head, entry.localOffset, entry, dir)!;
    return readMember(archive.subarray(entry.localOffset, entry.localOffset + span), entry.localOffset, entry, dir, "piece.whl");
  }

  it("reads a member from the tail and the member's bytes only", () => {
    assert.equal(readPiecewise(good, "pkg/data.txt").toString(), "hello world hello world\n");
    assert.equal(readPiecewise(good, "pkg/__init__.py").toString(), "x = 1\n");
  });

  it("refuses a local header that differs from the central directory (uv CVE-2025-54368 family)", () => {
    const bad = tamper(good, (b) => b.write("q", 30 + "pkg/".length));
    assert.throws(() => readPiecewise(bad, "pkg/__init__.py"), { code: "unsafe-archive", message: /local header name differs/ });
  });

  it("refuses a traversal name in the central directory before any member is read", () => {
    const evil = writeZip([{ path: "../evil.py", data: "x" }]);
    assert.throws(() => readPiecewise(evil, "../evil.py"), { code: "unsafe-archive", message: /'\.' or '\.\.' segment/ });
  });

  it("refuses a piece that is too short, as a truncated archive", () => {
    const dir = locateDirectory(good, good.length, "short.whl");
    const entry = readCentralDirectory(good.subarray(dir.offset, dir.end), dir, "short.whl")[1]!;
    const piece = good.subarray(entry.localOffset, entry.localOffset + 40);
    assert.throws(() => readMember(piece, entry.localOffset, entry, dir, "short.whl"), { code: "corrupt-archive", message: /truncated/ });
  });

  it("refuses a bad CRC-32 in a piece", () => {
    const bad = tamper(good, (b) => b.write("y", 30 + "pkg/__init__.py".length));
    assert.throws(() => readPiecewise(bad, "pkg/__init__.py"), { code: "corrupt-archive", message: /CRC-32 mismatch/ });
  });
});
