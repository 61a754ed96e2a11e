/**
 * A hardened ZIP reader for untrusted wheels.
 *
 * `openZip(buffer)` reads the end-of-central-directory record (and ZIP64),
 * walks the central directory and cross-checks every local header against
 * it (name, method, flags, CRC and sizes, data descriptor), so that a
 * streaming reader and a central-directory reader cannot see different
 * files (the ZIP-differential attacks behind uv's CVE-2025-54368). It
 * refuses: duplicate names, overlapping entries, bytes between or before
 * entries that the central directory does not account for, encrypted
 * entries, methods other than stored/deflate, symlink entries, and names
 * that are absolute or contain `..`, backslashes or NUL.
 *
 * `read(entry)` inflates with node's zlib, capped at the declared size, and
 * verifies the size and CRC-32. All validation happens in `openZip` except
 * the CRC check, which needs the data.
 */
import { crc32, inflateRawSync } from "node:zlib";
import { checkMemberName } from "./archive-path.js";
import { CorruptArchiveError, UnsafeArchiveError } from "./errors.js";

export interface ZipEntry {
  name: string;
  isDirectory: boolean;
  /** Unix permission bits from the external attributes (0 when not made on Unix). */
  mode: number;
  method: number;
  /** General-purpose bit flags from the central directory. */
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  /** Offset of the local header. */
  localOffset: number;
  /** Offset of the (compressed) data. */
  dataOffset: number;
}

export interface ZipArchive {
  entries: ZipEntry[];
  /** Decompresses one entry and verifies its size and CRC-32. */
  read(entry: ZipEntry): Buffer;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const DESCRIPTOR_SIG = 0x08074b50;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_UTF8 = 0x0800;
const FLAG_MASKED_HEADERS = 0x2000;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;

interface Directory {
  count: number;
  offset: number;
  size: number;
  /** Where the central directory must end (start of ZIP64 EOCD or EOCD). */
  end: number;
}

/** Validates the whole archive structure. `label` names the archive in errors. */
export function openZip(buf: Buffer, label = "archive"): ZipArchive {
  const dir = readEndOfCentralDirectory(buf, label);
  const entries = readCentralDirectory(buf, dir, label);
  checkLayout(entries, dir, buf, label);
  return { entries, read: (entry) => readEntry(buf, entry, label) };
}

function corrupt(label: string, message: string): CorruptArchiveError {
  return new CorruptArchiveError(`${label}: ${message}`);
}

function unsafe(label: string, message: string): UnsafeArchiveError {
  return new UnsafeArchiveError(`${label}: ${message}`);
}

function readEndOfCentralDirectory(buf: Buffer, label: string): Directory {
  const min = Math.max(0, buf.length - (22 + U16_MAX));
  for (let pos = buf.length - 22; pos >= min; pos--) {
    if (buf.readUInt32LE(pos) !== EOCD_SIG) continue;
    if (pos + 22 + buf.readUInt16LE(pos + 20) !== buf.length) continue;
    return parseEocd(buf, pos, label);
  }
  throw corrupt(label, "not a ZIP file (no end of central directory record)");
}

function parseEocd(buf: Buffer, pos: number, label: string): Directory {
  const disk = buf.readUInt16LE(pos + 4);
  const cdDisk = buf.readUInt16LE(pos + 6);
  const countHere = buf.readUInt16LE(pos + 8);
  const count = buf.readUInt16LE(pos + 10);
  const size = buf.readUInt32LE(pos + 12);
  const offset = buf.readUInt32LE(pos + 16);
  const needs64 = count === U16_MAX || size === U32_MAX || offset === U32_MAX;
  const locator = pos - 20;
  if (locator >= 0 && buf.readUInt32LE(locator) === ZIP64_LOCATOR_SIG) return parseZip64(buf, locator, label);
  if (needs64) throw corrupt(label, "ZIP64 values without a ZIP64 locator");
  if (disk !== 0 || cdDisk !== 0 || countHere !== count) throw unsafe(label, "multi-disk archives are not supported");
  return { count, size, offset, end: pos };
}

function parseZip64(buf: Buffer, locator: number, label: string): Directory {
  const recordOffset = readU64(buf, locator + 8, label);
  if (buf.readUInt32LE(locator + 4) !== 0 || buf.readUInt32LE(locator + 16) > 1) throw unsafe(label, "multi-disk archives are not supported");
  if (recordOffset + 56 > locator || buf.readUInt32LE(recordOffset) !== ZIP64_EOCD_SIG) throw corrupt(label, "bad ZIP64 end of central directory");
  const recordSize = readU64(buf, recordOffset + 4, label);
  if (recordOffset + 12 + recordSize !== locator) throw corrupt(label, "ZIP64 end of central directory has a wrong size");
  const countHere = readU64(buf, recordOffset + 24, label);
  const count = readU64(buf, recordOffset + 32, label);
  if (buf.readUInt32LE(recordOffset + 16) !== 0 || buf.readUInt32LE(recordOffset + 20) !== 0 || countHere !== count) {
    throw unsafe(label, "multi-disk archives are not supported");
  }
  return { count, size: readU64(buf, recordOffset + 40, label), offset: readU64(buf, recordOffset + 48, label), end: recordOffset };
}

function readU64(buf: Buffer, pos: number, label: string): number {
  const value = buf.readBigUInt64LE(pos);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt(label, "64-bit value out of range");
  return Number(value);
}

function readCentralDirectory(buf: Buffer, dir: Directory, label: string): ZipEntry[] {
  if (dir.offset + dir.size !== dir.end) throw unsafe(label, "central directory does not end where the end record starts");
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let pos = dir.offset;
  for (let i = 0; i < dir.count; i++) {
    if (pos + 46 > dir.end || buf.readUInt32LE(pos) !== CENTRAL_SIG) throw corrupt(label, `bad central directory entry #${i}`);
    const [entry, next] = parseCentralEntry(buf, pos, dir.end, label);
    const key = entry.name.endsWith("/") ? entry.name.slice(0, -1) : entry.name;
    if (names.has(key)) throw unsafe(label, `duplicate entry ${JSON.stringify(entry.name)}`);
    names.add(key);
    entries.push(entry);
    pos = next;
  }
  if (pos !== dir.end) throw unsafe(label, "central directory holds more data than its entry count says");
  return entries;
}

function parseCentralEntry(buf: Buffer, pos: number, end: number, label: string): [ZipEntry, number] {
  const madeBy = buf.readUInt16LE(pos + 4);
  const flags = buf.readUInt16LE(pos + 8);
  const method = buf.readUInt16LE(pos + 10);
  const nameLen = buf.readUInt16LE(pos + 28);
  const extraLen = buf.readUInt16LE(pos + 30);
  const commentLen = buf.readUInt16LE(pos + 32);
  const next = pos + 46 + nameLen + extraLen + commentLen;
  if (next > end) throw corrupt(label, "central directory entry runs past its end");
  const nameBytes = buf.subarray(pos + 46, pos + 46 + nameLen);
  const name = decodeName(nameBytes, flags, label);
  checkMemberName(name, label);
  checkFlags(flags, method, name, label);
  const extra = buf.subarray(pos + 46 + nameLen, pos + 46 + nameLen + extraLen);
  const sizes = applyZip64(
    { size: buf.readUInt32LE(pos + 24), compressedSize: buf.readUInt32LE(pos + 20), localOffset: buf.readUInt32LE(pos + 42) },
    extra,
    label,
  );
  if (buf.readUInt16LE(pos + 34) !== 0 && buf.readUInt16LE(pos + 34) !== U16_MAX) throw unsafe(label, "multi-disk archives are not supported");
  const unixMode = (madeBy >> 8) === 3 ? buf.readUInt32LE(pos + 38) >>> 16 : 0;
  const fileType = unixMode & 0o170000;
  if (fileType === 0o120000) throw unsafe(label, `symbolic link entry ${JSON.stringify(name)}`);
  if (fileType !== 0 && fileType !== 0o100000 && fileType !== 0o040000) throw unsafe(label, `special file entry ${JSON.stringify(name)}`);
  const isDirectory = name.endsWith("/");
  if (isDirectory && sizes.size !== 0) throw corrupt(label, `directory entry ${JSON.stringify(name)} has data`);
  const entry: ZipEntry = {
    name, isDirectory, mode: unixMode & 0o7777, method, flags, crc32: buf.readUInt32LE(pos + 16),
    compressedSize: sizes.compressedSize, size: sizes.size, localOffset: sizes.localOffset, dataOffset: -1,
  };
  return [entry, next];
}

function decodeName(bytes: Buffer, flags: number, label: string): string {
  const ascii = bytes.every((b) => b < 0x80);
  if (!ascii && (flags & FLAG_UTF8) === 0) throw unsafe(label, "non-ASCII member name without the UTF-8 flag");
  const name = bytes.toString("utf8");
  if (!Buffer.from(name, "utf8").equals(bytes)) throw unsafe(label, "member name is not valid UTF-8");
  return name;
}

function checkFlags(flags: number, method: number, name: string, label: string): void {
  if ((flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED_HEADERS)) !== 0) {
    throw unsafe(label, `encrypted entry ${JSON.stringify(name)}`);
  }
  if (method !== 0 && method !== 8) throw unsafe(label, `unsupported compression method ${method} for ${JSON.stringify(name)}`);
}

interface Sizes {
  size: number;
  compressedSize: number;
  localOffset: number;
}

/** Fills 0xFFFFFFFF fields from the ZIP64 extra field (tag 0x0001), in the spec's order. */
function applyZip64(sizes: Sizes, extra: Buffer, label: string): Sizes {
  const wanted = (["size", "compressedSize", "localOffset"] as const).filter((k) => sizes[k] === U32_MAX);
  if (wanted.length === 0) return sizes;
  for (let pos = 0; pos + 4 <= extra.length; ) {
    const tag = extra.readUInt16LE(pos);
    const len = extra.readUInt16LE(pos + 2);
    if (pos + 4 + len > extra.length) break;
    if (tag === 0x0001) {
      if (len < wanted.length * 8) throw corrupt(label, "ZIP64 extra field too short");
      const out = { ...sizes };
      wanted.forEach((key, i) => (out[key] = readU64(extra, pos + 4 + i * 8, label)));
      return out;
    }
    pos += 4 + len;
  }
  throw corrupt(label, "ZIP64 sizes without a ZIP64 extra field");
}

/**
 * Cross-checks each local header and requires the entries to tile the
 * archive from offset 0 up to the central directory: no gaps, no overlap.
 */
function checkLayout(entries: ZipEntry[], dir: Directory, buf: Buffer, label: string): void {
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  let expected = 0;
  for (const entry of byOffset) {
    if (entry.localOffset !== expected) {
      throw unsafe(label, entry.localOffset < expected ? `entry ${JSON.stringify(entry.name)} overlaps another entry` : `unaccounted data before ${JSON.stringify(entry.name)}`);
    }
    expected = checkLocalHeader(buf, entry, dir.offset, label);
  }
  if (expected !== dir.offset) throw unsafe(label, "unaccounted data between the last entry and the central directory");
}

/** Returns the offset just past this entry's data (and data descriptor). */
function checkLocalHeader(buf: Buffer, entry: ZipEntry, limit: number, label: string): number {
  const pos = entry.localOffset;
  const what = JSON.stringify(entry.name);
  if (pos + 30 > limit || buf.readUInt32LE(pos) !== LOCAL_SIG) throw corrupt(label, `missing local header for ${what}`);
  const flags = buf.readUInt16LE(pos + 6);
  const nameLen = buf.readUInt16LE(pos + 26);
  const extraLen = buf.readUInt16LE(pos + 28);
  const localName = buf.subarray(pos + 30, pos + 30 + nameLen);
  if (!localName.equals(Buffer.from(entry.name, "utf8"))) throw unsafe(label, `local header name differs from the central directory for ${what}`);
  if (buf.readUInt16LE(pos + 8) !== entry.method) throw unsafe(label, `local header method differs for ${what}`);
  const mustAgree = FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED_HEADERS | FLAG_DESCRIPTOR;
  if ((flags & mustAgree) !== (entry.flags & mustAgree)) throw unsafe(label, `local header flags differ from the central directory for ${what}`);
  entry.dataOffset = pos + 30 + nameLen + extraLen;
  const dataEnd = entry.dataOffset + entry.compressedSize;
  if (dataEnd > limit) throw corrupt(label, `data of ${what} runs into the central directory`);
  const extra = buf.subarray(pos + 30 + nameLen, entry.dataOffset);
  const localCrc = buf.readUInt32LE(pos + 14);
  const local = applyZip64(
    { size: buf.readUInt32LE(pos + 22), compressedSize: buf.readUInt32LE(pos + 18), localOffset: 0 },
    extra,
    label,
  );
  const zeroed = localCrc === 0 && local.size === 0 && local.compressedSize === 0;
  const matches = localCrc === entry.crc32 && local.size === entry.size && local.compressedSize === entry.compressedSize;
  const descriptor = (flags & FLAG_DESCRIPTOR) !== 0;
  if (!matches && !(descriptor && zeroed)) {
    throw unsafe(label, `local header CRC or sizes differ from the central directory for ${what}`);
  }
  return descriptor ? checkDescriptor(buf, entry, dataEnd, limit, label) : dataEnd;
}

/** Data descriptor after the data: optional signature, CRC, then 32- or 64-bit sizes. */
function checkDescriptor(buf: Buffer, entry: ZipEntry, at: number, limit: number, label: string): number {
  let pos = at;
  if (pos + 4 <= limit && buf.readUInt32LE(pos) === DESCRIPTOR_SIG) pos += 4;
  const what = JSON.stringify(entry.name);
  const big = entry.size >= U32_MAX || entry.compressedSize >= U32_MAX;
  const len = big ? 20 : 12;
  if (pos + len > limit) throw corrupt(label, `missing data descriptor for ${what}`);
  const crc = buf.readUInt32LE(pos);
  const csize = big ? readU64(buf, pos + 4, label) : buf.readUInt32LE(pos + 4);
  const size = big ? readU64(buf, pos + 12, label) : buf.readUInt32LE(pos + 8);
  if (crc !== entry.crc32 || csize !== entry.compressedSize || size !== entry.size) {
    throw unsafe(label, `data descriptor differs from the central directory for ${what}`);
  }
  return pos + len;
}

function readEntry(buf: Buffer, entry: ZipEntry, label: string): Buffer {
  if (entry.isDirectory) return Buffer.alloc(0);
  const raw = buf.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) {
    data = raw;
  } else {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
    } catch (cause) {
      throw new CorruptArchiveError(`${label}: cannot inflate ${JSON.stringify(entry.name)} (or it is larger than declared)`, { cause });
    }
  }
  if (data.length !== entry.size) throw corrupt(label, `size mismatch for ${JSON.stringify(entry.name)}`);
  if ((crc32(data) >>> 0) !== entry.crc32) throw corrupt(label, `CRC-32 mismatch for ${JSON.stringify(entry.name)}`);
  return data;
}
