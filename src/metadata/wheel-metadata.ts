/**
 * A wheel's `<name>-<version>.dist-info/METADATA`, from the whole file or
 * through a reader of byte ranges (HTTP Range requests on a remote wheel).
 */
import { canonicalizeName } from "../pep508/index.js";
import { parseCoreMetadata, type CoreMetadata } from "./core-metadata.js";
import { CorruptArchiveError } from "../archive/errors.js";
import { exactMemberSpan, locateDirectory, memberSpan, openZip, readCentralDirectory, readMember, type ZipEntry } from "../archive/zip-reader.js";

/** The project name a wheel file name states (`foo_bar-1.0-py3-none-any.whl` -> `foo-bar`). */
function wheelProject(filename: string): string {
  return canonicalizeName(filename.split("-")[0] ?? "");
}

/** The METADATA member: the single top-level `.dist-info` directory, or the one named after the project. */
export function findMetadataEntry(entries: readonly ZipEntry[], filename: string): ZipEntry {
  const found = entries.filter((e) => /^[^/]+\.dist-info\/METADATA$/.test(e.name));
  if (found.length === 1) return found[0]!;
  const project = wheelProject(filename);
  const named = found.filter((e) => canonicalizeName(e.name.split("-")[0]!.replace(/\.dist-info\/METADATA$/, "")) === project);
  if (named.length === 1) return named[0]!;
  throw new CorruptArchiveError(`${filename}: ${found.length === 0 ? "no .dist-info/METADATA in the wheel" : "more than one .dist-info directory"}`);
}

/** METADATA of a wheel held in memory. */
export function readWheelMetadata(wheel: Buffer, filename: string): CoreMetadata {
  const zip = openZip(wheel, filename);
  return parseCoreMetadata(zip.read(findMetadataEntry(zip.entries, filename)).toString("utf8"));
}

/** Reads `length` bytes at `offset` (a Range request); may return more, starting at `start`. */
export type RangeReader = (offset: number, length: number) => Promise<{ start: number; data: Buffer }>;

/** Bytes fetched first from the end: enough for the central directory of most wheels. */
export const TAIL_GUESS = 64 * 1024;

/**
 * METADATA of a remote wheel of `size` bytes with range reads: the tail (the
 * central directory, a second read if it is larger than the guess), then the
 * member. Usually two requests.
 */
export async function readWheelMetadataByRanges(read: RangeReader, size: number, filename: string): Promise<CoreMetadata> {
  const tailLength = Math.min(size, TAIL_GUESS);
  const tail = await read(size - tailLength, tailLength);
  const tailBuf = tail.data.subarray(size - tailLength - tail.start);
  const location = locateDirectory(tailBuf, size, filename);
  const haveFrom = size - tailBuf.length;
  const dirBuf = location.offset >= haveFrom
    ? tailBuf.subarray(location.offset - haveFrom, location.end - haveFrom)
    : await slice(read, location.offset, location.end - location.offset);
  const entry = findMetadataEntry(readCentralDirectory(dirBuf, location, filename), filename);
  let chunk = tailBuf;
  let chunkOffset = haveFrom;
  let need = exactMemberSpan(chunk, chunkOffset, entry, location);
  if (need === null || entry.localOffset + need > chunkOffset + chunk.length) {
    chunkOffset = entry.localOffset;
    chunk = await slice(read, chunkOffset, Math.min(memberSpan(entry), size - chunkOffset));
    need = exactMemberSpan(chunk, chunkOffset, entry, location);
    if (need !== null && need > chunk.length) chunk = await slice(read, chunkOffset, Math.min(need, size - chunkOffset));
  }
  return parseCoreMetadata(readMember(chunk, chunkOffset, entry, location, filename).toString("utf8"));
}

async function slice(read: RangeReader, offset: number, length: number): Promise<Buffer> {
  const got = await read(offset, length);
  return got.data.subarray(offset - got.start, offset - got.start + length);
}
