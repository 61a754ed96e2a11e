/**
 * Unpacking an untrusted sdist (`.tar.gz`, `.tar`, `.tgz` or `.zip`) into a
 * private directory.
 *
 * Every member is read into memory and checked before anything is written:
 * names are normalised (a leading `./` is dropped) and must stay inside the
 * directory (no `..`, no absolute path). Symbolic and hard links are never
 * created on disk: a link whose target stays inside the tree becomes a copy
 * of that target, a link pointing out is refused. With no link on disk the
 * "symlink, then a file through it" trick (pip's CVE-2025-8869) has nothing
 * to write through. pip's rule for the top-level directory applies: when
 * every member sits under one leading directory, it is stripped.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { readTarEntries, TarParseError, type TarEntry } from "../archive/tar-entries.js";
import { dirname, posix } from "node:path";
import { containedJoin } from "../archive/member-path.js";
import { openZip } from "../archive/index.js";
import { InvalidSdistError, UnsafeSdistError } from "./errors.js";

interface Member {
  name: string;
  kind: "file" | "dir" | "symlink" | "hardlink";
  data: Buffer;
  mode: number;
  /** Link target (symlink: relative to the link's directory; hardlink: archive path). */
  target: string;
}

/** Unpacks `archive` into `dest` (which must exist and be empty). Returns the number of files written. */
export async function unpackSdist(archive: string, dest: string): Promise<number> {
  const members = archive.toLowerCase().endsWith(".zip") ? readZipMembers(archive) : await readTarMembers(archive);
  const normalised = members.map((m) => ({ ...m, name: normaliseName(m.name, archive) })).filter((m) => m.name !== "");
  const byFull = new Map(normalised.map((m) => [m.name, m]));
  const strip = leadingDir(normalised.map((m) => m.name));
  const byName = new Map<string, { m: Member; data: Buffer | null }>();
  for (const m of normalised) {
    const name = strip === null ? m.name : m.name.slice(strip.length + 1);
    if (name === "") continue;
    const data = contentOf(m, byFull, archive, 0);
    const earlier = byName.get(name);
    if (earlier !== undefined && earlier.m.kind !== "dir" && !(earlier.data !== null && data !== null && earlier.data.equals(data))) {
      throw new UnsafeSdistError(`${archive}: member ${JSON.stringify(m.name)} appears twice with different content`);
    }
    byName.set(name, { m: { ...m, name }, data });
  }
  let written = 0;
  for (const { m, data } of byName.values()) {
    if (m.kind === "dir") { mkdirSync(containedJoin(dest, m.name), { recursive: true }); continue; }
    if (data === null) continue;
    const path = containedJoin(dest, m.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data, { mode: (m.mode & 0o111) !== 0 ? 0o755 : 0o644, flag: "wx" });
    written++;
  }
  return written;
}

function normaliseName(raw: string, archive: string): string {
  if (raw.startsWith("/") || /^[A-Za-z]:/.test(raw) || raw.includes("\\") || raw.includes("\0")) {
    throw new UnsafeSdistError(`${archive}: refusing member ${JSON.stringify(raw)}: absolute or non-portable path`);
  }
  if (raw.includes("\ufffd")) throw new UnsafeSdistError(`${archive}: refusing member ${JSON.stringify(raw)}: name is not valid UTF-8`);
  const parts = raw.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) throw new UnsafeSdistError(`${archive}: refusing member ${JSON.stringify(raw)}: '..' segment`);
  return parts.join("/");
}

/** pip's `has_leading_dir`: the single first component shared by every member, or null. */
function leadingDir(names: string[]): string | null {
  let common: string | null = null;
  for (const name of names) {
    const slash = name.indexOf("/");
    const first = slash < 0 ? name : name.slice(0, slash);
    if (slash < 0 && names.some((n) => n.startsWith(`${name}/`)) === false) return null;
    if (common === null) common = first;
    else if (common !== first) return null;
  }
  return common;
}

/** The bytes a member should have on disk: links resolve to their in-tree target. */
function contentOf(m: Member, byName: Map<string, Member>, archive: string, depth: number): Buffer | null {
  if (m.kind === "file") return m.data;
  if (m.kind === "dir") return null;
  if (depth > 16) throw new UnsafeSdistError(`${archive}: link loop at ${m.name}`);
  const target = m.kind === "symlink" ? posix.normalize(posix.join(posix.dirname(m.name), m.target)) : posix.normalize(m.target);
  const inside = !m.target.startsWith("/") && target !== ".." && !target.startsWith("../");
  if (!inside) throw new UnsafeSdistError(`${archive}: refusing link ${JSON.stringify(m.name)} -> ${JSON.stringify(m.target)}: it points outside the sdist`);
  const found = byName.get(target);
  if (found === undefined || found.kind === "dir") return null;
  return contentOf(found, byName, archive, depth + 1);
}

function readZipMembers(archive: string): Member[] {
  let zip;
  try {
    zip = openZip(readFileSync(archive), archive);
  } catch (cause) {
    if ((cause as { code?: string }).code === "unsafe-archive") throw new UnsafeSdistError((cause as Error).message, { cause });
    throw new InvalidSdistError(`${archive}: not a readable zip archive`, { cause });
  }
  return zip.entries.map((e) => ({
    name: e.name, kind: e.isDirectory ? "dir" : "file", data: e.isDirectory ? Buffer.alloc(0) : zip.read(e), mode: e.mode, target: "",
  }));
}

async function readTarMembers(archive: string): Promise<Member[]> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(archive);
  } catch (cause) {
    throw new InvalidSdistError(`${archive}: cannot read the archive`, { cause });
  }
  const accept = (entry: { path: string; type: string }): boolean => {
    if (entryKind(entry.type) === null) {
      throw new UnsafeSdistError(`${archive}: refusing ${entry.type} member ${JSON.stringify(entry.path)}: sdists hold files, directories and links only`);
    }
    return true;
  };
  let entries: TarEntry[];
  try {
    entries = await readTarEntries(bytes, archive, { strict: true, accept });
  } catch (error) {
    if (error instanceof TarParseError) throw new InvalidSdistError(`${archive}: ${error.message}`, { cause: error });
    if (error instanceof UnsafeSdistError) throw error;
    throw new UnsafeSdistError((error as Error).message, { cause: error });
  }
  return entries.map((e) => ({ name: e.path, kind: entryKind(e.type)!, data: e.data, mode: e.mode, target: e.linkpath }));
}

function entryKind(type: string): Member["kind"] | null {
  if (type === "File" || type === "OldFile" || type === "ContiguousFile") return "file";
  if (type === "Directory") return "dir";
  if (type === "SymbolicLink") return "symlink";
  if (type === "Link") return "hardlink";
  return null;
}
