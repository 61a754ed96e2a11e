/**
 * pip-accel's cached binary form: a `.tar.gz` whose members are
 * `purelib/…`, `platlib/…`, `scripts/…`, `headers/…` and `data/…` (paths
 * inside the scheme directories, `headers/` already inside the
 * distribution's own include directory) plus `pip-accel-manifest.json` at
 * the root:
 *
 *     {"format": "pip-accel-binary", "formatVersion": 1,
 *      "name": "demo", "version": "1.0",
 *      "files": [{"path": "purelib/demo/__init__.py", "sha256": "<hex>",
 *                 "size": 12, "mode": 420}]}
 *
 * `mode` is 0o755 for executables and 0o644 otherwise. The metadata is the
 * build's `.egg-info` (or a `.dist-info`) inside purelib or platlib. The
 * builder writes this with `writeBinaryArchive`; the installer reads it with
 * `readBinaryArchive`, which treats it as untrusted: only regular files and
 * directories, safe names, no duplicates, and every file listed in the
 * manifest with a matching sha256.
 */
import { lstatSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256Hex } from "./digest.js";
import { SCHEME_KEYS } from "./scheme-keys.js";
import { InvalidBinaryArchiveError, UnsafeArchiveError } from "./errors.js";
import { readTarEntries, TarParseError } from "./tar-entries.js";
import { checkMemberName } from "./member-path.js";

export const BINARY_MANIFEST = "pip-accel-manifest.json";
export const BINARY_FORMAT = "pip-accel-binary";
export const BINARY_FORMAT_VERSION = 1;

export interface BinaryFile {
  /** `<scheme>/<path>`. */
  path: string;
  sha256: string;
  size: number;
  mode: number;
}

export interface BinaryManifest {
  format: typeof BINARY_FORMAT;
  formatVersion: number;
  name: string;
  version: string;
  files: BinaryFile[];
}

/**
 * Packs `sourceDir` (which holds some of `purelib/ platlib/ scripts/
 * headers/ data/` and nothing else) into `outFile`. Writes
 * `pip-accel-manifest.json` into `sourceDir` first; the archive appears
 * atomically (temp file + rename). Symlinks are refused.
 */
export async function writeBinaryArchive(sourceDir: string, outFile: string, meta: { name: string; version: string }): Promise<BinaryManifest> {
  const tops = readdirSync(sourceDir).filter((n) => n !== BINARY_MANIFEST).sort();
  for (const top of tops) {
    if (!(SCHEME_KEYS as readonly string[]).includes(top)) throw new InvalidBinaryArchiveError(`${sourceDir}: unexpected top-level entry ${top}`);
  }
  const files: BinaryFile[] = [];
  for (const top of tops) collectFiles(sourceDir, top, files);
  const manifest: BinaryManifest = { format: BINARY_FORMAT, formatVersion: BINARY_FORMAT_VERSION, name: meta.name, version: meta.version, files };
  writeFileSync(join(sourceDir, BINARY_MANIFEST), JSON.stringify(manifest, null, 1));
  const tmp = `${outFile}.${process.pid}.tmp`;
  try {
    const { create } = await import("tar");
    await create({ gzip: true, file: tmp, cwd: sourceDir, portable: true }, [BINARY_MANIFEST, ...tops]);
    renameSync(tmp, outFile);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  return manifest;
}

function collectFiles(root: string, rel: string, out: BinaryFile[]): void {
  const full = join(root, rel);
  const st = lstatSync(full);
  if (st.isSymbolicLink()) throw new InvalidBinaryArchiveError(`${full}: symbolic links are not allowed in a binary archive`);
  if (st.isDirectory()) {
    for (const name of readdirSync(full).sort()) collectFiles(root, `${rel}/${name}`, out);
    return;
  }
  if (!st.isFile()) throw new InvalidBinaryArchiveError(`${full}: not a regular file`);
  const data = readFileSync(full);
  out.push({ path: rel, sha256: sha256Hex(data), size: data.length, mode: (st.mode & 0o100) !== 0 ? 0o755 : 0o644 });
}

export interface BinaryArchive {
  manifest: BinaryManifest;
  /** Contents by `<scheme>/<path>`, every one verified against the manifest. */
  files: Map<string, Buffer>;
}

/** Reads and verifies a binary archive completely (in memory). */
export async function readBinaryArchive(file: string): Promise<BinaryArchive> {
  const members = await readTarMembers(file);
  const manifestData = members.get(BINARY_MANIFEST);
  if (manifestData === undefined) throw new InvalidBinaryArchiveError(`${file}: no ${BINARY_MANIFEST}`);
  members.delete(BINARY_MANIFEST);
  const manifest = parseManifest(manifestData, file);
  const listed = new Set<string>();
  for (const entry of manifest.files) {
    checkMemberName(entry.path, file);
    if (!(SCHEME_KEYS as readonly string[]).includes(entry.path.split("/")[0] as string) || !entry.path.includes("/")) {
      throw new InvalidBinaryArchiveError(`${file}: ${entry.path} is not inside a scheme directory`);
    }
    const data = members.get(entry.path);
    if (data === undefined) throw new InvalidBinaryArchiveError(`${file}: ${entry.path} is in the manifest but not in the archive`);
    if (data.length !== entry.size || sha256Hex(data) !== entry.sha256) throw new InvalidBinaryArchiveError(`${file}: ${entry.path} does not match its sha256`);
    listed.add(entry.path);
  }
  for (const path of members.keys()) {
    if (!listed.has(path)) throw new InvalidBinaryArchiveError(`${file}: ${path} is not listed in the manifest`);
  }
  return { manifest, files: members };
}

function parseManifest(data: Buffer, file: string): BinaryManifest {
  let manifest: BinaryManifest;
  try {
    manifest = JSON.parse(data.toString("utf8")) as BinaryManifest;
  } catch (cause) {
    throw new InvalidBinaryArchiveError(`${file}: ${BINARY_MANIFEST} is not valid JSON`, { cause });
  }
  if (manifest.format !== BINARY_FORMAT || manifest.formatVersion !== BINARY_FORMAT_VERSION || !Array.isArray(manifest.files)
    || typeof manifest.name !== "string" || typeof manifest.version !== "string") {
    throw new InvalidBinaryArchiveError(`${file}: unsupported binary archive format`);
  }
  return manifest;
}

/** Regular-file members by name; directories are skipped; links, devices and duplicates are refused. */
async function readTarMembers(file: string): Promise<Map<string, Buffer>> {
  const seen = new Set<string>();
  const accept = (entry: { path: string; type: string }): boolean => {
    checkMemberName(entry.path, file);
    if (entry.type === "Directory") return false;
    if (entry.type !== "File" && entry.type !== "OldFile" && entry.type !== "ContiguousFile") {
      throw new UnsafeArchiveError(`${file}: refusing ${entry.type} member ${JSON.stringify(entry.path)}`);
    }
    if (seen.has(entry.path)) throw new UnsafeArchiveError(`${file}: duplicate member ${JSON.stringify(entry.path)}`);
    seen.add(entry.path);
    return true;
  };
  try {
    const entries = await readTarEntries(readFileSync(file), file, { strict: true, accept });
    return new Map(entries.map((e) => [e.path, e.data]));
  } catch (error) {
    if (error instanceof TarParseError) throw new InvalidBinaryArchiveError(`${file}: ${error.message}`, { cause: error });
    throw error;
  }
}
