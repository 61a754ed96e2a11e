/**
 * Writes tar archives member by member, exactly as given: paths are NOT
 * sanitised, so `../x`, `/etc/x`, symlinks pointing anywhere and duplicate
 * names all come out as written (that is the point, for security tests).
 * Headers are encoded by the `tar` package (ustar, with a PAX header when a
 * path or link is too long). Timestamps and owners are fixed, so output is
 * byte-for-byte reproducible.
 */
import { gzipSync } from "node:zlib";
import { Header, Pax } from "tar";

export type TarMemberType = "file" | "dir" | "symlink" | "hardlink" | "fifo" | "chardev";

export interface TarMember {
  path: string;
  type?: TarMemberType;
  data?: string | Buffer;
  /** Permission bits, e.g. 0o755. Default 0o644 for files and hardlinks, 0o755 for dirs, 0o777 for symlinks. */
  mode?: number;
  /** Target of a symlink or hardlink. */
  linkpath?: string;
}

const TYPE_NAMES: Record<TarMemberType, "File" | "Directory" | "SymbolicLink" | "Link" | "FIFO" | "CharacterDevice"> = {
  file: "File", dir: "Directory", symlink: "SymbolicLink", hardlink: "Link", fifo: "FIFO", chardev: "CharacterDevice",
};

const DEFAULT_MODES: Record<TarMemberType, number> = { file: 0o644, dir: 0o755, symlink: 0o777, hardlink: 0o644, fifo: 0o644, chardev: 0o600 };

/** 1980-01-01, the same fixed epoch as the zip writer. */
export const FIXED_MTIME = new Date(Date.UTC(1980, 0, 1));

function headerBlock(member: TarMember, size: number): Buffer {
  const type = member.type ?? "file";
  const data = {
    path: member.path, mode: member.mode ?? DEFAULT_MODES[type], size, mtime: FIXED_MTIME,
    type: TYPE_NAMES[type], linkpath: member.linkpath, uid: 0, gid: 0, uname: "root", gname: "root",
  };
  const block = Buffer.alloc(512);
  const header = new Header(data);
  header.encode(block, 0);
  if (!header.needPax) return block;
  const pax = new Pax({ path: member.path, linkpath: member.linkpath, mtime: FIXED_MTIME });
  return Buffer.concat([pax.encode(), block]);
}

function padded(data: Buffer): Buffer[] {
  const rest = data.length % 512;
  return rest === 0 ? [data] : [data, Buffer.alloc(512 - rest)];
}

/** An uncompressed tar of `members`, in order, with the two zero end blocks. */
export function writeTar(members: TarMember[]): Buffer {
  const chunks: Buffer[] = [];
  for (const member of members) {
    const type = member.type ?? "file";
    const data = type === "file" ? Buffer.from(member.data ?? "") : Buffer.alloc(0);
    chunks.push(headerBlock(member, data.length), ...padded(data));
  }
  chunks.push(Buffer.alloc(1024));
  return Buffer.concat(chunks);
}

/** A gzip-compressed tar (the gzip header carries no timestamp, so output is reproducible). */
export function writeTarGz(members: TarMember[]): Buffer {
  return gzipSync(writeTar(members));
}

/**
 * Directory members for every parent of the given file paths, in sorted order (so an archive
 * looks like one made by `tar` from a real tree). `./` prefixes are kept.
 */
export function parentDirs(paths: string[]): TarMember[] {
  const dirs = new Set<string>();
  for (const p of paths) {
    const parts = p.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (dir !== "" && dir !== ".") dirs.add(`${dir}/`);
    }
  }
  return [...dirs].sort().map((dir) => ({ path: dir, type: "dir" as const }));
}
