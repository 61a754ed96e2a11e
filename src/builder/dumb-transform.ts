/**
 * From a `setup.py bdist_dumb` tarball to pip-accel's cached binary form.
 *
 * The tarball holds the files as installed under the build interpreter's
 * prefix, rooted at `/` (`./usr/lib/python3.11/site-packages/…`,
 * `./usr/bin/tool`). Each member is made relative to that prefix
 * (`sys.prefix`, `sys.base_prefix` or `sys.exec_prefix`, longest first),
 * a leading `local/` is dropped (Debian builds under `/usr/local`), then
 * mapped onto a scheme key by the interpreter's own layout, tolerating
 * `lib64` and `dist-packages` spellings:
 * `lib/pythonX.Y/site-packages/…` → `purelib/…` (or `platlib/…` when the
 * distribution holds extension modules), `bin/…` → `scripts/…`,
 * `include/pythonX.Y/<dist>/…` → `headers/…`, anything else under the
 * prefix → `data/…`. Files outside the prefix (absolute `data_files`) are
 * dropped and reported. The `.egg-info` becomes a `.dist-info` (METADATA
 * from PKG-INFO plus `requires.txt`, entry_points.txt, top_level.txt,
 * namespace_packages.txt), so the cache holds what a wheel would.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import { readTarEntries, TarParseError } from "../archive/tar-entries.js";
import { writeBinaryArchive, type BinaryManifest } from "../archive/index.js";
import { getFirst, getAll, parseCoreMetadata, type CoreMetadata } from "../metadata/core-metadata.js";
import { convertEggRequires } from "../metadata/egg-requires.js";
import { distInfoName } from "../filenames/index.js";
import type { InterpreterInfo } from "../python/interpreter.js";
import type { SchemeKey } from "../python/scheme.js";
import { InvalidSdistError } from "./errors.js";

export interface TransformResult {
  name: string;
  version: string;
  manifest: BinaryManifest;
  /** Human-readable notes: dropped members and why. */
  notes: string[];
}

interface RawFile {
  path: string;
  data: Buffer;
  executable: boolean;
}

/** Converts the dumb tarball `raw` (built with `info`) into a binary archive at `outFile`. */
export async function transformDumbTarball(raw: string, info: InterpreterInfo, outFile: string): Promise<TransformResult> {
  const { files, notes } = await readDumbTarball(raw);
  const mapped = mapToScheme(files, info, notes);
  const egg = convertMetadata(mapped, raw);
  const staging = mkdtempSync(join(dirname(outFile), ".staging-"));
  try {
    for (const f of egg.files) writeStaged(staging, f);
    const manifest = await writeBinaryArchive(staging, outFile, { name: egg.name, version: egg.version });
    return { name: egg.name, version: egg.version, manifest, notes };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function writeStaged(staging: string, f: RawFile): void {
  const target = join(staging, ...f.path.split("/"));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, f.data);
  chmodSync(target, f.executable ? 0o755 : 0o644);
}

async function readDumbTarball(raw: string): Promise<{ files: RawFile[]; notes: string[] }> {
  const notes: string[] = [];
  const accept = (entry: { path: string; type: string }): boolean => {
    if (entry.type === "Directory") return false;
    if (entry.type === "File" || entry.type === "OldFile" || entry.type === "ContiguousFile") return true;
    notes.push(`skipped ${entry.type} member ${entry.path}`);
    return false;
  };
  try {
    const entries = await readTarEntries(readFileSync(raw), raw, { accept });
    const files = entries.map((e) => ({ path: posix.normalize(`/${e.path}`), data: e.data, executable: (e.mode & 0o100) !== 0 }));
    return { files, notes };
  } catch (error) {
    if (error instanceof TarParseError) throw new InvalidSdistError(`${raw}: unreadable build output: ${error.message}`, { cause: error });
    throw new InvalidSdistError(`unsafe build output: ${(error as Error).message}`, { cause: error });
  }
}

interface Root {
  rel: string;
  scheme: SchemeKey;
}

/** `lib/python3.11/site-packages` and its `lib64`/`dist-packages` spellings. */
function libVariants(rel: string): string[] {
  const out = new Set([rel, rel.replace(/^lib\//, "lib64/"), rel.replace(/^lib64\//, "lib/")]);
  for (const r of [...out]) out.add(r.replace(/site-packages$/, "dist-packages"));
  out.add("lib/python3/dist-packages");
  return [...out];
}

function schemeRoots(info: InterpreterInfo, hasExtensions: boolean): Root[] {
  const paths = info.schemes.default;
  // Relative to the prefix, without the `local/` that Debian's default scheme adds (members lose it too).
  const rel = (key: string): string | null => (paths[key] === undefined ? null : relative(info.prefix, paths[key] as string).split("\\").join("/").replace(/^local\//, ""));
  const roots: Root[] = [];
  const purelib = rel("purelib");
  const platlib = rel("platlib");
  const include = rel("include");
  const scripts = rel("scripts");
  if (include !== null) roots.push({ rel: include, scheme: "headers" });
  if (platlib !== null && platlib !== purelib) for (const v of libVariants(platlib)) roots.push({ rel: v, scheme: "platlib" });
  if (purelib !== null) for (const v of libVariants(purelib)) roots.push({ rel: v, scheme: platlib === purelib && hasExtensions ? "platlib" : "purelib" });
  if (scripts !== null) roots.push({ rel: scripts, scheme: "scripts" });
  return roots.filter((r) => r.rel !== "" && !r.rel.startsWith(".."));
}

function mapToScheme(files: RawFile[], info: InterpreterInfo, notes: string[]): RawFile[] {
  const prefixes = [...new Set([info.prefix, info.basePrefix, info.execPrefix])].sort((a, b) => b.length - a.length);
  const hasExtensions = files.some((f) => /\.(so|pyd|dylib)$/.test(f.path));
  const roots = schemeRoots(info, hasExtensions);
  const out: RawFile[] = [];
  for (const f of files) {
    const prefix = prefixes.find((p) => f.path.startsWith(`${p.replace(/\/$/, "")}/`));
    if (prefix === undefined) { notes.push(`dropped ${f.path}: outside the install prefix`); continue; }
    let rel = f.path.slice(prefix.replace(/\/$/, "").length + 1);
    if (rel.startsWith("local/")) rel = rel.slice("local/".length);
    const root = roots.find((r) => rel.startsWith(`${r.rel}/`));
    if (root === undefined) { out.push({ ...f, path: `data/${rel}` }); continue; }
    let inner = rel.slice(root.rel.length + 1);
    if (root.scheme === "headers" && inner.includes("/")) inner = inner.slice(inner.indexOf("/") + 1);
    out.push({ ...f, path: `${root.scheme}/${inner}` });
  }
  return out;
}

/** Replaces the `.egg-info` files by a generated `.dist-info`; returns the name and version too. */
function convertMetadata(files: RawFile[], label: string): { files: RawFile[]; name: string; version: string } {
  const eggDirs = new Set<string>();
  const distDirs = new Set<string>();
  for (const f of files) {
    const [scheme, dir] = f.path.split("/");
    if ((scheme === "purelib" || scheme === "platlib") && dir !== undefined && f.path.split("/").length > 2) {
      if (dir.endsWith(".egg-info")) eggDirs.add(`${scheme}/${dir}`);
      if (dir.endsWith(".dist-info")) distDirs.add(`${scheme}/${dir}`);
    }
  }
  if (eggDirs.size + distDirs.size !== 1) {
    throw new InvalidSdistError(`${label}: the build output has ${eggDirs.size + distDirs.size} metadata directories, expected one .egg-info`);
  }
  if (distDirs.size === 1) {
    const dir = [...distDirs][0] as string;
    const meta = parseCoreMetadata(files.find((f) => f.path === `${dir}/METADATA`)?.data.toString("utf8") ?? "");
    return { files, name: getFirst(meta, "Name") ?? "UNKNOWN", version: getFirst(meta, "Version") ?? "0" };
  }
  const egg = [...eggDirs][0] as string;
  const get = (n: string): string | null => files.find((f) => f.path === `${egg}/${n}`)?.data.toString("utf8") ?? null;
  const pkgInfo = get("PKG-INFO");
  if (pkgInfo === null) throw new InvalidSdistError(`${label}: ${egg} has no PKG-INFO`);
  const parsed = parseCoreMetadata(pkgInfo);
  const name = getFirst(parsed, "Name");
  const version = getFirst(parsed, "Version");
  if (name === null || version === null) throw new InvalidSdistError(`${label}: ${egg}/PKG-INFO lacks Name or Version`);
  const distInfo = `${egg.split("/")[0]}/${distInfoName(name, version)}`;
  const kept = files.filter((f) => !f.path.startsWith(`${egg}/`));
  const add = (fileName: string, text: string | Buffer): void => {
    kept.push({ path: `${distInfo}/${fileName}`, data: typeof text === "string" ? Buffer.from(text, "utf8") : text, executable: false });
  };
  add("METADATA", withRequires(pkgInfo, parsed, get("requires.txt")));
  for (const keep of ["entry_points.txt", "top_level.txt", "namespace_packages.txt"]) {
    const text = get(keep);
    if (text !== null) add(keep, text);
  }
  return { files: kept, name, version };
}

/** PKG-INFO plus Provides-Extra/Requires-Dist from requires.txt (unless it already has Requires-Dist). */
function withRequires(pkgInfo: string, parsed: CoreMetadata, requires: string | null): string {
  if (requires === null || getAll(parsed, "Requires-Dist").length > 0) return pkgInfo;
  const converted = convertEggRequires(requires);
  const known = new Set(getAll(parsed, "Provides-Extra").map((e) => e.toLowerCase()));
  const extra = [...converted.providesExtra.filter((e) => !known.has(e)).map((e) => `Provides-Extra: ${e}`), ...converted.requiresDist.map((r) => `Requires-Dist: ${r}`)];
  if (extra.length === 0) return pkgInfo;
  const split = pkgInfo.search(/\r?\n\r?\n/);
  const head = split < 0 ? pkgInfo.replace(/\s*$/, "") : pkgInfo.slice(0, split);
  const body = split < 0 ? "\n" : pkgInfo.slice(split);
  return `${head}\n${extra.join("\n")}${body}`;
}
