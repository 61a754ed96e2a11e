/**
 * A small ZIP writer (stored or deflated members, no ZIP64), used to make
 * wheels in tests and fixtures. Members are written in the order given.
 */
import { crc32, deflateRawSync } from "node:zlib";

export interface ZipMemberInput {
  /** Archive path with `/` separators. A trailing `/` makes a directory entry. */
  path: string;
  data?: Uint8Array | string;
  /** Unix mode, e.g. 0o100755 for an executable file. Default 0o100644 (0o40755 for dirs). */
  mode?: number;
  /** Compress with deflate (default true). */
  deflate?: boolean;
}

const DOS_EPOCH_DATE = (1980 - 1980) << 9 | 1 << 5 | 1; // 1980-01-01, reproducible

/** Builds a ZIP archive in memory from its members. */
export function writeZip(members: ZipMemberInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const name = Buffer.from(member.path, "utf8");
    const isDir = member.path.endsWith("/");
    const raw = typeof member.data === "string" ? Buffer.from(member.data, "utf8") : Buffer.from(member.data ?? []);
    const useDeflate = !isDir && member.deflate !== false;
    const body = useDeflate ? deflateRawSync(raw) : raw;
    const crc = crc32(raw) >>> 0;
    const method = useDeflate ? 8 : 0;
    const mode = member.mode ?? (isDir ? 0o40755 : 0o100644);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_EPOCH_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(DOS_EPOCH_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE((((mode & 0xffff) << 16) | (isDir ? 0x10 : 0)) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
