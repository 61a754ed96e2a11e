/**
 * A minimal ZIP reader for tests (stored and deflated members, no ZIP64):
 * enough to look inside the wheels the kit builds, or unzip one to import it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { inflateRawSync } from "node:zlib";

export interface ZipEntry {
  path: string;
  data: Buffer;
  /** Unix mode from the external attributes (0 when the archive was not made on Unix). */
  mode: number;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) return i;
  }
  throw new Error("readZip: no end of central directory record");
}

/** The members of a ZIP archive, in central-directory order. */
export function readZip(zip: Buffer): ZipEntry[] {
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error("readZip: bad central directory entry");
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const external = zip.readUInt32LE(offset + 38);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString("utf8", offset + 46, offset + 46 + nameLength);
    const localStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const body = zip.subarray(localStart, localStart + compressedSize);
    const data = method === 8 ? inflateRawSync(body) : method === 0 ? Buffer.from(body) : null;
    if (!data) throw new Error(`readZip: unsupported compression method ${method} for ${name}`);
    entries.push({ path: name, data, mode: external >>> 16 });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Unpacks a ZIP into `dir` (trusting its paths: for the kit's own archives only). */
export function unzipTo(zip: Buffer, dir: string): void {
  for (const entry of readZip(zip)) {
    const target = path.join(dir, entry.path);
    if (entry.path.endsWith("/")) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, entry.data, { mode: entry.mode & 0o777 || 0o644 });
  }
}
