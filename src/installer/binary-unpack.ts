/**
 * Unpacking a cached binary archive (binary-format.ts) into the store, once.
 *
 * The build's `.egg-info` becomes a `.dist-info` in the store (METADATA from
 * PKG-INFO plus Requires-Dist/Provides-Extra converted from requires.txt,
 * entry_points.txt, top_level.txt, namespace_packages.txt), so installs of
 * binaries and wheels look the same to pip and importlib.metadata. Scripts
 * that carry the build-time `#!/…/python…` shebang are marked for rewriting
 * at install time; setuptools' entry-point wrappers are dropped because the
 * installer regenerates them with the target interpreter.
 */
import { sha256Hex } from "../archive/digest.js";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { SchemeKey } from "../python/scheme.js";
import { readBinaryArchive, type BinaryArchive } from "../archive/binary-format.js";
import { InvalidBinaryArchiveError } from "./errors.js";
import { getAll, parseCoreMetadata } from "../metadata/core-metadata.js";
import { convertEggRequires } from "../metadata/egg-requires.js";
import { distInfoName } from "../filenames/index.js";
import { hasBuildShebang, isEntryPointWrapper, parseEntryPoints, type EntryPoint } from "./scripts.js";
import { Store, STORE_FORMAT, writeStoreFile, type StoreEntry, type StoreFile, type StoreManifest } from "./store.js";

/** Unpacks `tarGzPath` into `store` unless it is there already. */
export async function unpackBinaryArchive(tarGzPath: string, store: Store, options: { sha256?: string } = {}): Promise<StoreEntry> {
  const known = options.sha256 === undefined ? null : store.get(options.sha256);
  if (known !== null) return known;
  const sha = options.sha256 ?? sha256Hex(await readFile(tarGzPath));
  return store.ensure(sha, async (tmp) => extractBinary(await readBinaryArchive(tarGzPath), basename(tarGzPath), tmp, sha));
}

interface MetadataDir {
  scheme: "purelib" | "platlib";
  /** Directory name, e.g. `demo-1.0-py3.11.egg-info`. */
  dir: string;
  kind: "egg-info" | "dist-info";
}

function findMetadataDir(archive: BinaryArchive, label: string): MetadataDir {
  const found = new Map<string, MetadataDir>();
  for (const path of archive.files.keys()) {
    const [scheme, dir] = path.split("/");
    if ((scheme !== "purelib" && scheme !== "platlib") || dir === undefined) continue;
    if (dir.endsWith(".egg-info") || dir.endsWith(".dist-info")) {
      found.set(`${scheme}/${dir}`, { scheme, dir, kind: dir.endsWith(".egg-info") ? "egg-info" : "dist-info" });
    }
  }
  if (found.size !== 1) {
    throw new InvalidBinaryArchiveError(`${label}: expected exactly one .egg-info or .dist-info, found ${found.size === 0 ? "none" : [...found.keys()].join(", ")}`);
  }
  return [...found.values()][0] as MetadataDir;
}

/** The files of the generated `.dist-info`, from an egg-info's files. */
function convertEggInfo(files: Map<string, Buffer>, prefix: string, name: string, version: string): Map<string, Buffer> {
  const get = (n: string): string | null => files.get(`${prefix}/${n}`)?.toString("utf8") ?? null;
  const pkgInfo = get("PKG-INFO") ?? `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`;
  const out = new Map<string, Buffer>();
  const requires = get("requires.txt");
  let metadata = pkgInfo;
  if (requires !== null && getAll(parseCoreMetadata(pkgInfo), "Requires-Dist").length === 0) {
    const converted = convertEggRequires(requires);
    const extra = [...converted.providesExtra.map((e) => `Provides-Extra: ${e}`), ...converted.requiresDist.map((r) => `Requires-Dist: ${r}`)];
    const split = pkgInfo.search(/\r?\n\r?\n/);
    const head = split < 0 ? pkgInfo.replace(/\s*$/, "") : pkgInfo.slice(0, split);
    const body = split < 0 ? "" : pkgInfo.slice(split);
    metadata = `${head}\n${extra.join("\n")}${body === "" ? "\n" : body}`;
  }
  out.set("METADATA", Buffer.from(metadata, "utf8"));
  for (const keep of ["entry_points.txt", "top_level.txt", "namespace_packages.txt"]) {
    const data = files.get(`${prefix}/${keep}`);
    if (data !== undefined) out.set(keep, data);
  }
  return out;
}

function extractBinary(archive: BinaryArchive, label: string, tmp: string, sha: string): StoreManifest {
  const { name, version } = archive.manifest;
  const meta = findMetadataDir(archive, label);
  const prefix = `${meta.scheme}/${meta.dir}`;
  const distInfo = meta.kind === "dist-info" ? meta.dir : distInfoName(name, version);
  const generated = meta.kind === "egg-info" ? convertEggInfo(archive.files, prefix, name, version) : new Map<string, Buffer>();
  const epData = meta.kind === "egg-info" ? generated.get("entry_points.txt") : archive.files.get(`${prefix}/entry_points.txt`);
  const entryPoints: EntryPoint[] = epData === undefined ? [] : parseEntryPoints(epData.toString("utf8"), `${label}: entry_points.txt`);
  const modes = new Map(archive.manifest.files.map((f) => [f.path, f.mode]));
  const files: StoreFile[] = [];
  const dirs = new Set<string>();
  for (const [path, data] of archive.files) {
    if (meta.kind === "egg-info" && path.startsWith(`${prefix}/`)) continue;
    const slash = path.indexOf("/");
    const scheme = path.slice(0, slash) as SchemeKey;
    const rel = path.slice(slash + 1);
    if (scheme === "scripts" && isEntryPointWrapper(basename(rel), entryPoints)) continue;
    const file = writeStoreFile(tmp, scheme, rel, data, ((modes.get(path) ?? 0o644) & 0o111) !== 0, dirs);
    if (scheme === "scripts" && hasBuildShebang(data)) file.rewrite = "build-shebang";
    files.push(file);
  }
  for (const [fileName, data] of generated) files.push(writeStoreFile(tmp, meta.scheme, `${distInfo}/${fileName}`, data, false, dirs));
  return {
    storeFormat: STORE_FORMAT, kind: "binary", archiveSha256: sha, name, version,
    distInfo, rootScheme: meta.scheme, files, entryPoints,
  };
}
