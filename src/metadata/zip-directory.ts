/**
 * Just enough zip reading to take one member out of an archive, from the
 * whole file or from pieces of it (the tail with the central directory, then
 * the member's bytes), so a wheel's METADATA can be read with HTTP range
 * requests. The installer's full validating reader (`src/installer/zip.ts`)
 * stays where it is: the resolver library may not reach the installer.
 *
 * Checks: signatures, bounds, stored/deflate only, no encryption, inflated
 * size and CRC-32 as the central directory says, and a size cap.
 */
import { crc32, inflateRawSync } from "node:zlib";
import { AccelError } from "../report/errors.js";

export class BadZip extends AccelError {
  constructor(label: string, message: string) {
    super("corrupt-archive", `${label}: ${message}`);
    this.name = "BadZip";
  }
}

export interface ZipDirectoryEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/** Where the central directory is, from the end-of-central-directory record. */
export interface ZipDirectoryLocation {
  readonly offset: number;
  readonly size: number;
  readonly count: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Largest member read into memory (metadata files are small). */
export const MAX_MEMBER_SIZE = 64 * 1024 * 1024;

/**
 * Finds the central directory from the last bytes of the file.
 * `tail` holds bytes `[fileSize - tail.length, fileSize)`.
 */
export function locateDirectory(tail: Buffer, fileSize: number, label: string): ZipDirectoryLocation {
  const base = fileSize - tail.length;
  for (let i = tail.length - 22; i >= 0 && i >= tail.length - 22 - 0xffff; i--) {
    if (tail.readUInt32LE(i) !== EOCD) continue;
    let count = tail.readUInt16LE(i + 10);
    let size = tail.readUInt32LE(i + 12);
    let offset = tail.readUInt32LE(i + 16);
    if (i >= 20 && tail.readUInt32LE(i - 20) === ZIP64_LOCATOR) {
      const z = Number(tail.readBigUInt64LE(i - 12)) - base;
      if (z < 0 || z + 56 > tail.length || tail.readUInt32LE(z) !== ZIP64_EOCD) throw new BadZip(label, "ZIP64 end record out of reach");
      count = Number(tail.readBigUInt64LE(z + 32));
      size = Number(tail.readBigUInt64LE(z + 40));
      offset = Number(tail.readBigUInt64LE(z + 48));
    }
    if (offset + size > fileSize) throw new BadZip(label, "central directory beyond the end of the file");
    return { offset, size, count };
  }
  throw new BadZip(label, "no end of central directory record");
}

/** Parses the central directory bytes (exactly `location.size` of them). */
export function readDirectory(dir: Buffer, location: ZipDirectoryLocation, label: string): ZipDirectoryEntry[] {
  const entries: ZipDirectoryEntry[] = [];
  let p = 0;
  for (let n = 0; n < location.count; n++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) throw new BadZip(label, "bad central directory entry");
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    const flags = dir.readUInt16LE(p + 8);
    const name = dir.subarray(p + 46, p + 46 + nameLength).toString(flags & 0x800 ? "utf8" : "latin1");
    const sizes = zip64Sizes(dir.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength), {
      size: dir.readUInt32LE(p + 24), compressedSize: dir.readUInt32LE(p + 20), localOffset: dir.readUInt32LE(p + 42),
    });
    entries.push({ name, method: dir.readUInt16LE(p + 10), flags, crc32: dir.readUInt32LE(p + 16), ...sizes });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

type Sizes = { size: number; compressedSize: number; localOffset: number };

function zip64Sizes(extra: Buffer, sizes: Sizes): Sizes {
  const out = { ...sizes };
  for (let p = 0; p + 4 <= extra.length;) {
    const id = extra.readUInt16LE(p);
    const length = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      for (const key of ["size", "compressedSize", "localOffset"] as const) {
        if (out[key] === 0xffffffff && q + 8 <= p + 4 + length) { out[key] = Number(extra.readBigUInt64LE(q)); q += 8; }
      }
    }
    p += 4 + length;
  }
  return out;
}

/** A first guess of the bytes from `entry.localOffset` that hold the member (local extra fields are usually short). */
export function memberSpan(entry: ZipDirectoryEntry): number {
  return 30 + Buffer.byteLength(entry.name) + 1024 + entry.compressedSize;
}

/** The exact bytes from `entry.localOffset` the member needs, once its local header is in `chunk`; null if it is not. */
export function exactMemberSpan(chunk: Buffer, chunkOffset: number, entry: ZipDirectoryEntry): number | null {
  const at = entry.localOffset - chunkOffset;
  if (at < 0 || at + 30 > chunk.length) return null;
  return 30 + chunk.readUInt16LE(at + 26) + chunk.readUInt16LE(at + 28) + entry.compressedSize;
}

/** Reads a member from `chunk`, which holds file bytes starting at `chunkOffset`. */
export function readMember(chunk: Buffer, chunkOffset: number, entry: ZipDirectoryEntry, label: string): Buffer {
  const at = entry.localOffset - chunkOffset;
  if (at < 0 || at + 30 > chunk.length || chunk.readUInt32LE(at) !== LOCAL) throw new BadZip(label, `no local header for ${entry.name}`);
  if (entry.flags & 0x41) throw new BadZip(label, `${entry.name} is encrypted`);
  if (entry.size > MAX_MEMBER_SIZE) throw new BadZip(label, `${entry.name} is too large (${entry.size} bytes)`);
  const start = at + 30 + chunk.readUInt16LE(at + 26) + chunk.readUInt16LE(at + 28);
  if (start + entry.compressedSize > chunk.length) throw new BadZip(label, `${entry.name} is truncated`);
  const raw = chunk.subarray(start, start + entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) data = Buffer.from(raw);
  else if (entry.method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(entry.size, 1) });
    } catch (error) {
      throw new BadZip(label, `${entry.name}: ${(error as Error).message}`);
    }
  } else throw new BadZip(label, `${entry.name} uses unsupported compression method ${entry.method}`);
  if (data.length !== entry.size) throw new BadZip(label, `${entry.name}: size ${data.length}, expected ${entry.size}`);
  if ((crc32(data) >>> 0) !== entry.crc32) throw new BadZip(label, `${entry.name}: CRC-32 mismatch`);
  return data;
}

/** The central directory of a whole archive in memory. */
export function listZip(buf: Buffer, label: string): ZipDirectoryEntry[] {
  const tail = buf.subarray(Math.max(0, buf.length - 22 - 0xffff - 20));
  const location = locateDirectory(tail, buf.length, label);
  return readDirectory(buf.subarray(location.offset, location.offset + location.size), location, label);
}
