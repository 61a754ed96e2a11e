/**
 * Reads chosen regular-file members of a tar (optionally gzip, bzip2 is not
 * supported) in memory: ustar and GNU headers, pax `path` records and GNU
 * long names. Only members the `want` predicate accepts are copied out;
 * everything else is skipped by its size.
 */
import { gunzipSync } from "node:zlib";
import { BOMB_FLOOR_BYTES, MAX_EXPANSION } from "../archive/limits.js";
import { AccelError } from "../report/errors.js";

export class BadTar extends AccelError {
  constructor(label: string, message: string) {
    super("corrupt-archive", `${label}: ${message}`);
    this.name = "BadTar";
  }
}

/** Largest tar (after decompression) read into memory; sdists are far smaller. */
export const MAX_TAR_SIZE = 512 * 1024 * 1024;

function field(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul < 0 ? raw.length : nul).toString("utf8");
}

function octal(block: Buffer, offset: number, length: number, label: string): number {
  if (block[offset]! & 0x80) return Number(block.readBigUInt64BE(offset + length - 8)); // GNU base-256
  const text = field(block, offset, length).trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw new BadTar(label, `bad number '${text}' in a header`);
  return parseInt(text, 8);
}

function paxPath(data: Buffer): string | null {
  let p = 0;
  let path: string | null = null;
  while (p < data.length) {
    const space = data.indexOf(0x20, p);
    if (space < 0) break;
    const length = Number(data.subarray(p, space).toString("ascii"));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, p + length - 1).toString("utf8");
    const eq = record.indexOf("=");
    if (record.slice(0, eq) === "path") path = record.slice(eq + 1);
    p += length;
  }
  return path;
}

/** Decompresses a `.tar.gz`/`.tgz` (or passes a plain tar through). */
export function tarBytes(archive: Buffer, label: string): Buffer {
  if (archive[0] === 0x1f && archive[1] === 0x8b) {
    try {
      // Capped as every archive reader is (archive/limits.ts): past the floor, 200 times the archive.
      return gunzipSync(archive, { maxOutputLength: Math.min(MAX_TAR_SIZE, Math.max(BOMB_FLOOR_BYTES, MAX_EXPANSION * archive.length)) });
    } catch (error) {
      throw new BadTar(label, (error as Error).message);
    }
  }
  return archive;
}

/** The regular-file members whose path `want` accepts, by path. */
export function readTarMembers(archive: Buffer, label: string, want: (path: string) => boolean): Map<string, Buffer> {
  const tar = tarBytes(archive, label);
  const out = new Map<string, Buffer>();
  let p = 0;
  let longName: string | null = null;
  while (p + 512 <= tar.length) {
    const block = tar.subarray(p, p + 512);
    if (block.every((b) => b === 0)) break;
    const size = octal(block, 124, 12, label);
    const type = String.fromCharCode(block[156] || 0x30);
    const prefix = field(block, 257, 6).startsWith("ustar") ? field(block, 345, 155) : "";
    const name = longName ?? (prefix === "" ? field(block, 0, 100) : `${prefix}/${field(block, 0, 100)}`);
    const dataStart = p + 512;
    if (dataStart + size > tar.length) throw new BadTar(label, `member ${name} is truncated`);
    const data = tar.subarray(dataStart, dataStart + size);
    longName = null;
    if (type === "L") longName = data.toString("utf8").replace(/\0+$/, "");
    else if (type === "x") longName = paxPath(data);
    else if ((type === "0" || type === "7") && want(name)) out.set(name, Buffer.from(data));
    p = dataStart + Math.ceil(size / 512) * 512;
  }
  return out;
}
