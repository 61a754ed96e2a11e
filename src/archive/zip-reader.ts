/**
 * The one ZIP reader, strict, for untrusted wheels and zip sdists: from a
 * whole archive in memory (`openZip`) or from pieces of one (`locateDirectory`,
 * `readCentralDirectory`, `readMember`), so a remote wheel's METADATA can be
 * read with HTTP range requests by the same rules.
 *
 * It reads the end-of-central-directory record (and ZIP64), walks the
 * central directory and cross-checks every local header it reads against
 * it (name, method, flags, CRC and sizes, data descriptor), so that a
 * streaming reader and a central-directory reader cannot see different
 * files (the ZIP-differential attacks behind uv's CVE-2025-54368). It
 * refuses: duplicate names, encrypted entries, methods other than
 * stored/deflate, symlink and special-file entries, and names that are
 * absolute or contain `..`, backslashes, control characters or invalid
 * UTF-8. `openZip` also requires the entries to tile the file from offset 0
 * up to the central directory: no overlap, no unaccounted bytes.
 *
 * Reading a member inflates with node's zlib, capped at the declared size,
 * and verifies the size and CRC-32.
 */
import { crc32, inflateRawSync } from "node:zlib";
import { checkMemberName } from "./member-path.js";
import { CorruptArchiveError, UnsafeArchiveError } from "./errors.js";
import { checkExpansion, checkMemberCount } from "./limits.js";

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
  /** Offset of the (compressed) data; -1 until the local header has been checked. */
  dataOffset: number;
}

export interface ZipArchive {
  entries: ZipEntry[];
  /** Decompresses one entry and verifies its size and CRC-32. */
  read(entry: ZipEntry): Buffer;
}

/** Where the central directory is, from the end-of-central-directory record. */
export interface ZipDirectory {
  count: number;
  offset: number;
  size: number;
  /** Where the central directory must end (start of the ZIP64 end record or of the end record). */
  end: number;
}

/** Largest member `readMember` inflates from a piece of an archive (metadata files are small). */
export const MAX_MEMBER_SIZE = 64 * 1024 * 1024;

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

/**
 * Bytes `[base, base + buf.length)` of an archive, read at absolute offsets;
 * a read outside them is a truncated (or lying) archive.
 */
class Window {
  constructor(readonly buf: Buffer, readonly base: number, readonly label: string) {}
  get end(): number { return this.base + this.buf.length; }
  holds(pos: number, length: number): boolean { return pos >= this.base && pos + length <= this.end; }
  private at(pos: number, length: number): number {
    if (!this.holds(pos, length)) throw corrupt(this.label, `truncated archive (needs bytes ${pos}..${pos + length})`);
    return pos - this.base;
  }
  u16(pos: number): number { return this.buf.readUInt16LE(this.at(pos, 2)); }
  u32(pos: number): number { return this.buf.readUInt32LE(this.at(pos, 4)); }
  u64(pos: number): number {
    const value = this.buf.readBigUInt64LE(this.at(pos, 8));
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt(this.label, "64-bit value out of range");
    return Number(value);
  }
  bytes(pos: number, length: number): Buffer { const i = this.at(pos, length); return this.buf.subarray(i, i + length); }
}

/** Validates the whole archive structure. `label` names the archive in errors. */
export function openZip(buf: Buffer, label = "archive"): ZipArchive {
  const dir = locateDirectory(buf, buf.length, label);
  checkMemberCount(label, dir.count);
  const entries = readCentralDirectory(buf.subarray(dir.offset, dir.end), dir, label);
  checkExpansion(label, entries.reduce((sum, e) => sum + e.size, 0), buf.length);
  checkLayout(entries, dir, new Window(buf, 0, label));
  return { entries, read: (entry) => readEntryData(new Window(buf, 0, label), entry) };
}

function corrupt(label: string, message: string): CorruptArchiveError {
  return new CorruptArchiveError(`${label}: ${message}`);
}

function unsafe(label: string, message: string): UnsafeArchiveError {
  return new UnsafeArchiveError(`${label}: ${message}`);
}

/**
 * Finds the central directory from the last bytes of a file of `fileSize`
 * bytes: `tail` holds bytes `[fileSize - tail.length, fileSize)`. The end
 * record must end the file (no trailing bytes).
 */
export function locateDirectory(tail: Buffer, fileSize: number, label: string): ZipDirectory {
  const win = new Window(tail, fileSize - tail.length, label);
  const min = Math.max(win.base, fileSize - (22 + U16_MAX));
  for (let pos = fileSize - 22; pos >= min; pos--) {
    if (win.u32(pos) !== EOCD_SIG) continue;
    if (pos + 22 + win.u16(pos + 20) !== fileSize) continue;
    const dir = parseEocd(win, pos);
    if (dir.offset + dir.size !== dir.end) throw unsafe(label, "central directory does not end where the end record starts");
    return dir;
  }
  throw corrupt(label, "not a ZIP file (no end of central directory record)");
}

function parseEocd(win: Window, pos: number): ZipDirectory {
  const disk = win.u16(pos + 4);
  const cdDisk = win.u16(pos + 6);
  const countHere = win.u16(pos + 8);
  const count = win.u16(pos + 10);
  const size = win.u32(pos + 12);
  const offset = win.u32(pos + 16);
  const needs64 = count === U16_MAX || size === U32_MAX || offset === U32_MAX;
  const locator = pos - 20;
  if (locator >= 0 && win.holds(locator, 4) && win.u32(locator) === ZIP64_LOCATOR_SIG) return parseZip64(win, locator);
  if (needs64) throw corrupt(win.label, "ZIP64 values without a ZIP64 locator");
  if (disk !== 0 || cdDisk !== 0 || countHere !== count) throw unsafe(win.label, "multi-disk archives are not supported");
  return { count, size, offset, end: pos };
}

function parseZip64(win: Window, locator: number): ZipDirectory {
  const label = win.label;
  const recordOffset = win.u64(locator + 8);
  if (win.u32(locator + 4) !== 0 || win.u32(locator + 16) > 1) throw unsafe(label, "multi-disk archives are not supported");
  if (recordOffset + 56 > locator || win.u32(recordOffset) !== ZIP64_EOCD_SIG) throw corrupt(label, "bad ZIP64 end of central directory");
  const recordSize = win.u64(recordOffset + 4);
  if (recordOffset + 12 + recordSize !== locator) throw corrupt(label, "ZIP64 end of central directory has a wrong size");
  const countHere = win.u64(recordOffset + 24);
  const count = win.u64(recordOffset + 32);
  if (win.u32(recordOffset + 16) !== 0 || win.u32(recordOffset + 20) !== 0 || countHere !== count) {
    throw unsafe(label, "multi-disk archives are not supported");
  }
  return { count, size: win.u64(recordOffset + 40), offset: win.u64(recordOffset + 48), end: recordOffset };
}

/** Parses the central directory: `bytes` are exactly the file's bytes `[dir.offset, dir.end)`. */
export function readCentralDirectory(bytes: Buffer, dir: ZipDirectory, label: string): ZipEntry[] {
  if (bytes.length !== dir.end - dir.offset) throw corrupt(label, "central directory is truncated");
  const win = new Window(bytes, dir.offset, label);
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let pos = dir.offset;
  for (let i = 0; i < dir.count; i++) {
    if (pos + 46 > dir.end || win.u32(pos) !== CENTRAL_SIG) throw corrupt(label, `bad central directory entry #${i}`);
    const [entry, next] = parseCentralEntry(win, pos, dir.end);
    const key = entry.name.endsWith("/") ? entry.name.slice(0, -1) : entry.name;
    if (names.has(key)) throw unsafe(label, `duplicate entry ${JSON.stringify(entry.name)}`);
    names.add(key);
    entries.push(entry);
    pos = next;
  }
  if (pos !== dir.end) throw unsafe(label, "central directory holds more data than its entry count says");
  return entries;
}

function parseCentralEntry(win: Window, pos: number, end: number): [ZipEntry, number] {
  const label = win.label;
  const madeBy = win.u16(pos + 4);
  const flags = win.u16(pos + 8);
  const method = win.u16(pos + 10);
  const nameLen = win.u16(pos + 28);
  const extraLen = win.u16(pos + 30);
  const commentLen = win.u16(pos + 32);
  const next = pos + 46 + nameLen + extraLen + commentLen;
  if (next > end) throw corrupt(label, "central directory entry runs past its end");
  const name = decodeName(win.bytes(pos + 46, nameLen), flags, label);
  checkMemberName(name, label);
  checkFlags(flags, method, name, label);
  const sizes = applyZip64(
    { size: win.u32(pos + 24), compressedSize: win.u32(pos + 20), localOffset: win.u32(pos + 42) },
    win.bytes(pos + 46 + nameLen, extraLen),
    label,
  );
  const diskStart = win.u16(pos + 34);
  if (diskStart !== 0 && diskStart !== U16_MAX) throw unsafe(label, "multi-disk archives are not supported");
  const unixMode = (madeBy >> 8) === 3 ? win.u32(pos + 38) >>> 16 : 0;
  const fileType = unixMode & 0o170000;
  if (fileType === 0o120000) throw unsafe(label, `symbolic link entry ${JSON.stringify(name)}`);
  if (fileType !== 0 && fileType !== 0o100000 && fileType !== 0o040000) throw unsafe(label, `special file entry ${JSON.stringify(name)}`);
  const isDirectory = name.endsWith("/");
  if (isDirectory && sizes.size !== 0) throw corrupt(label, `directory entry ${JSON.stringify(name)} has data`);
  const entry: ZipEntry = {
    name, isDirectory, mode: unixMode & 0o7777, method, flags, crc32: win.u32(pos + 16),
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
  const win = new Window(extra, 0, label);
  for (let pos = 0; pos + 4 <= extra.length; ) {
    const tag = win.u16(pos);
    const len = win.u16(pos + 2);
    if (pos + 4 + len > extra.length) break;
    if (tag === 0x0001) {
      if (len < wanted.length * 8) throw corrupt(label, "ZIP64 extra field too short");
      const out = { ...sizes };
      wanted.forEach((key, i) => (out[key] = win.u64(pos + 4 + i * 8)));
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
function checkLayout(entries: ZipEntry[], dir: ZipDirectory, win: Window): void {
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  let expected = 0;
  for (const entry of byOffset) {
    if (entry.localOffset !== expected) {
      throw unsafe(win.label, entry.localOffset < expected ? `entry ${JSON.stringify(entry.name)} overlaps another entry` : `unaccounted data before ${JSON.stringify(entry.name)}`);
    }
    expected = checkLocalHeader(win, entry, dir.offset);
  }
  if (expected !== dir.offset) throw unsafe(win.label, "unaccounted data between the last entry and the central directory");
}

/**
 * Checks `entry`'s local header against the central directory and sets
 * `entry.dataOffset`. Returns the offset just past its data (and data
 * descriptor); `limit` is where the central directory starts.
 */
function checkLocalHeader(win: Window, entry: ZipEntry, limit: number): number {
  const label = win.label;
  const pos = entry.localOffset;
  const what = JSON.stringify(entry.name);
  if (pos + 30 > limit || !win.holds(pos, 30) || win.u32(pos) !== LOCAL_SIG) throw corrupt(label, `missing local header for ${what}`);
  const flags = win.u16(pos + 6);
  const nameLen = win.u16(pos + 26);
  const extraLen = win.u16(pos + 28);
  if (!win.bytes(pos + 30, nameLen).equals(Buffer.from(entry.name, "utf8"))) throw unsafe(label, `local header name differs from the central directory for ${what}`);
  if (win.u16(pos + 8) !== entry.method) throw unsafe(label, `local header method differs for ${what}`);
  const mustAgree = FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED_HEADERS | FLAG_DESCRIPTOR;
  if ((flags & mustAgree) !== (entry.flags & mustAgree)) throw unsafe(label, `local header flags differ from the central directory for ${what}`);
  const dataOffset = pos + 30 + nameLen + extraLen;
  const dataEnd = dataOffset + entry.compressedSize;
  if (dataEnd > limit) throw corrupt(label, `data of ${what} runs into the central directory`);
  const localCrc = win.u32(pos + 14);
  const local = applyZip64({ size: win.u32(pos + 22), compressedSize: win.u32(pos + 18), localOffset: 0 }, win.bytes(pos + 30 + nameLen, extraLen), label);
  const zeroed = localCrc === 0 && local.size === 0 && local.compressedSize === 0;
  const matches = localCrc === entry.crc32 && local.size === entry.size && local.compressedSize === entry.compressedSize;
  const descriptor = (flags & FLAG_DESCRIPTOR) !== 0;
  if (!matches && !(descriptor && zeroed)) {
    throw unsafe(label, `local header CRC or sizes differ from the central directory for ${what}`);
  }
  entry.dataOffset = dataOffset;
  return descriptor ? checkDescriptor(win, entry, dataEnd, limit) : dataEnd;
}

/** Data descriptor after the data: optional signature, CRC, then 32- or 64-bit sizes. */
function checkDescriptor(win: Window, entry: ZipEntry, at: number, limit: number): number {
  const label = win.label;
  let pos = at;
  if (pos + 4 <= limit && win.u32(pos) === DESCRIPTOR_SIG) pos += 4;
  const what = JSON.stringify(entry.name);
  const big = entry.size >= U32_MAX || entry.compressedSize >= U32_MAX;
  const len = big ? 20 : 12;
  if (pos + len > limit) throw corrupt(label, `missing data descriptor for ${what}`);
  const crc = win.u32(pos);
  const csize = big ? win.u64(pos + 4) : win.u32(pos + 4);
  const size = big ? win.u64(pos + 12) : win.u32(pos + 8);
  if (crc !== entry.crc32 || csize !== entry.compressedSize || size !== entry.size) {
    throw unsafe(label, `data descriptor differs from the central directory for ${what}`);
  }
  return pos + len;
}

function readEntryData(win: Window, entry: ZipEntry): Buffer {
  const label = win.label;
  if (entry.isDirectory) return Buffer.alloc(0);
  if (entry.dataOffset < 0) throw new Error(`${label}: ${entry.name} was read before its local header was checked`);
  const raw = win.bytes(entry.dataOffset, entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) {
    data = Buffer.from(raw);
  } else {
    try {
      // One output buffer of the declared size (+1, so zlib ends without asking for another):
      // the default 16 KiB chunks are concatenated into a fresh copy, which doubles the pages touched.
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size), chunkSize: Math.max(64, entry.size + 1) });
    } catch (cause) {
      throw new CorruptArchiveError(`${label}: cannot inflate ${JSON.stringify(entry.name)} (or it is larger than declared)`, { cause });
    }
  }
  if (data.length !== entry.size) throw corrupt(label, `size mismatch for ${JSON.stringify(entry.name)}`);
  if ((crc32(data) >>> 0) !== entry.crc32) throw corrupt(label, `CRC-32 mismatch for ${JSON.stringify(entry.name)}`);
  return data;
}

/** A first guess of the bytes from `entry.localOffset` that hold the member (local extra fields are usually short). */
export function memberSpan(entry: ZipEntry): number {
  return 30 + Buffer.byteLength(entry.name) + 1024 + entry.compressedSize + descriptorSpan(entry);
}

/** The most bytes a data descriptor after `entry`'s data can take (none without the flag). */
function descriptorSpan(entry: ZipEntry): number {
  if ((entry.flags & FLAG_DESCRIPTOR) === 0) return 0;
  return 4 + (entry.size >= U32_MAX || entry.compressedSize >= U32_MAX ? 20 : 12);
}

/**
 * The bytes from `entry.localOffset` that reading the member needs (header,
 * data, and room for a data descriptor), once its local header is in
 * `chunk`; null if it is not. Capped at the central directory's start.
 */
export function exactMemberSpan(chunk: Buffer, chunkOffset: number, entry: ZipEntry, dir: ZipDirectory): number | null {
  const at = entry.localOffset - chunkOffset;
  if (at < 0 || at + 30 > chunk.length) return null;
  const span = 30 + chunk.readUInt16LE(at + 26) + chunk.readUInt16LE(at + 28) + entry.compressedSize + descriptorSpan(entry);
  return Math.min(span, Math.max(0, dir.offset - entry.localOffset));
}

/**
 * Reads one member from a piece of the archive: `chunk` holds the file's
 * bytes from `chunkOffset`. The local header is cross-checked as `openZip`
 * does; the member must lie before the central directory (`dir.offset`).
 */
export function readMember(chunk: Buffer, chunkOffset: number, entry: ZipEntry, dir: ZipDirectory, label: string): Buffer {
  if (entry.size > MAX_MEMBER_SIZE) throw corrupt(label, `${JSON.stringify(entry.name)} is too large to read (${entry.size} bytes)`);
  const win = new Window(chunk, chunkOffset, label);
  checkLocalHeader(win, entry, dir.offset);
  return readEntryData(win, entry);
}
