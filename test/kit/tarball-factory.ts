/**
 * Tarballs written directly in TypeScript (no Python): metadata-only sdists,
 * malicious archives for security tests, and `bdist_dumb`-shaped binary
 * tarballs for installer and builder tests.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { writeZip } from "../../src/archive/zip-writer.js";
import { parentDirs, writeTar, writeTarGz, type TarMember } from "./tar-writer.js";
import { escapeWheelName, formatCoreMetadata, formatEntryPoints, type Content, type CoreMetadataSpec } from "./wheel-factory.js";

export interface BuiltArchive {
  path: string;
  filename: string;
  sha256: string;
}

function writeArchive(outDir: string, filename: string, bytes: Buffer): BuiltArchive {
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, filename);
  writeFileSync(file, bytes);
  return { path: file, filename, sha256: createHash("sha256").update(bytes).digest("hex") };
}

export interface SdistFilesSpec {
  name: string;
  version: string;
  /** Files under the `<name>-<version>/` top directory, e.g. `setup.py`, `pyproject.toml`. */
  files?: Record<string, Content>;
  /**
   * `PKG-INFO` at the top: a string is written as-is, an object is formatted as core metadata
   * (default: Metadata-Version 2.1 with just Name and Version), `false` leaves it out.
   */
  pkgInfo?: string | CoreMetadataSpec | false;
  /**
   * Files of `<name>.egg-info/` (e.g. `{"requires.txt": "idna\n\n[socks:python_version < \"3.12\"]\nPySocks\n"}`);
   * its PKG-INFO is a copy of the top one unless given.
   */
  eggInfo?: Record<string, Content>;
  /** Top directory name; default `<escaped name>-<version>` as setuptools writes it. */
  topDir?: string;
}

/** A `.tar.gz` sdist from a file map, written into `outDir`. */
export function makeSdistFromFiles(spec: SdistFilesSpec, outDir: string): BuiltArchive {
  const stem = spec.topDir ?? `${escapeWheelName(spec.name)}-${spec.version}`;
  const files: [string, Content][] = Object.entries(spec.files ?? {});
  const pkgInfo = spec.pkgInfo === false ? undefined
    : typeof spec.pkgInfo === "string" ? spec.pkgInfo : formatCoreMetadata(spec.name, spec.version, spec.pkgInfo);
  if (pkgInfo !== undefined) files.push(["PKG-INFO", pkgInfo]);
  if (spec.eggInfo) {
    const eggDir = `${escapeWheelName(spec.name)}.egg-info`;
    const egg = { ...(pkgInfo === undefined ? {} : { "PKG-INFO": pkgInfo }), ...spec.eggInfo };
    for (const [p, c] of Object.entries(egg)) files.push([`${eggDir}/${p}`, c]);
  }
  const fileMembers: TarMember[] = files.map(([p, data]) => ({ path: `${stem}/${p}`, data }));
  const members = [{ path: `${stem}/`, type: "dir" as const }, ...parentDirs(fileMembers.map((m) => m.path)).filter((d) => d.path !== `${stem}/`), ...fileMembers];
  return writeArchive(outDir, `${stem}.tar.gz`, writeTarGz(members));
}

/** The kinds of hostile archive `makeMaliciousSdist` can write. */
export type MaliciousKind =
  /** a member `<top>/../../escaped.txt` */
  | "dotdot"
  /** a member `/tmp/pip-accel-absolute-<n>.txt` */
  | "absolute"
  /** a symlink `<top>/link -> ../../..` (outside) plus a normal file */
  | "symlink-out"
  /** a symlink `<top>/evil -> /tmp` then a file `<top>/evil/planted.txt` written through it */
  | "symlink-then-file"
  /** a hardlink `<top>/hard` to `/etc/passwd` */
  | "hardlink-out";

/**
 * A hostile sdist (`.tar.gz`, or `.zip` for `dotdot`/`absolute` when `format: "zip"`).
 * Each one also carries a valid `PKG-INFO` and `setup.py`, so only path handling stops it.
 */
export function makeMaliciousSdist(kind: MaliciousKind, outDir: string, options: { name?: string; version?: string; format?: "tar.gz" | "zip" } = {}): BuiltArchive {
  const name = options.name ?? "pa-evil";
  const version = options.version ?? "1.0";
  const top = `${escapeWheelName(name)}-${version}`;
  const base: TarMember[] = [
    { path: `${top}/`, type: "dir" },
    { path: `${top}/PKG-INFO`, data: formatCoreMetadata(name, version) },
    { path: `${top}/setup.py`, data: `from setuptools import setup\nsetup(name=${JSON.stringify(name)}, version=${JSON.stringify(version)})\n` },
  ];
  const hostile: Record<MaliciousKind, TarMember[]> = {
    dotdot: [{ path: `${top}/../../escaped.txt`, data: "escaped\n" }],
    absolute: [{ path: `/tmp/pip-accel-absolute-${process.pid}.txt`, data: "absolute\n" }],
    "symlink-out": [{ path: `${top}/link`, type: "symlink", linkpath: "../../.." }, { path: `${top}/ok.txt`, data: "ok\n" }],
    "symlink-then-file": [{ path: `${top}/evil`, type: "symlink", linkpath: "/tmp" }, { path: `${top}/evil/planted.txt`, data: "planted\n" }],
    "hardlink-out": [{ path: `${top}/hard`, type: "hardlink", linkpath: "/etc/passwd" }],
  };
  const members = [...base, ...hostile[kind]];
  if (options.format === "zip") {
    if (members.some((m) => m.type === "symlink" || m.type === "hardlink")) throw new Error(`makeMaliciousSdist: ${kind} needs a tar`);
    const zip = writeZip(members.map((m) => ({ path: m.path, data: m.data ?? "" })));
    return writeArchive(outDir, `${top}.zip`, zip);
  }
  return writeArchive(outDir, `${top}.tar.gz`, writeTarGz(members));
}

export interface DumbTarballSpec {
  name: string;
  version: string;
  /** The build-time `sys.prefix` the paths are rooted at (default `/opt/pa-build/venv`). */
  prefix?: string;
  /** `X.Y` of the lib dir (default `3.11`). */
  pythonVersion?: string;
  /** Files under `site-packages/`, e.g. `{"pa_demo/__init__.py": "..."}`. */
  files?: Record<string, Content>;
  /** Files under `bin/` (mode 0755), e.g. `{"pa-demo": "#!/opt/pa-build/venv/bin/python\n..."}`. */
  scripts?: Record<string, Content>;
  /** Other files relative to the prefix, e.g. `{"share/pa-demo/data.txt": "..."}`. */
  data?: Record<string, Content>;
  /** Core metadata for the egg-info `PKG-INFO`. */
  metadata?: CoreMetadataSpec;
  entryPoints?: Record<string, Record<string, string>>;
  /** `requires.txt` text of the egg-info dir. */
  requiresTxt?: string;
  /** `"raw"` (default): `./<prefix>/...` as `bdist_dumb` writes it; `"cached"`: prefix stripped (`lib/...`, `bin/...`). */
  layout?: "raw" | "cached";
  /** Default true: gzip (`.tar.gz`); false writes a plain `.tar` as `bdist_dumb --format=tar`. */
  gzip?: boolean;
  /** Default: `<name>-<version>.linux-x86_64.tar[.gz]`. */
  filename?: string;
}

/** The `[path, content, mode]` triples of a dumb tarball, relative to the install prefix. */
function dumbEntries(spec: DumbTarballSpec): [string, Content, number][] {
  const py = spec.pythonVersion ?? "3.11";
  const site = `lib/python${py}/site-packages`;
  const stem = `${escapeWheelName(spec.name)}-${spec.version}`;
  const egg = `${site}/${stem}-py${py}.egg-info`;
  const files = Object.keys(spec.files ?? {});
  const topLevel = [...new Set(files.map((f) => f.split("/")[0]!.replace(/\.py$/, "")))].sort();
  const entries: [string, Content, number][] = [];
  for (const [p, c] of Object.entries(spec.scripts ?? {})) entries.push([`bin/${p}`, c, 0o755]);
  for (const [p, c] of Object.entries(spec.files ?? {})) entries.push([`${site}/${p}`, c, 0o644]);
  entries.push([`${egg}/PKG-INFO`, formatCoreMetadata(spec.name, spec.version, spec.metadata), 0o644]);
  entries.push([`${egg}/SOURCES.txt`, `${["setup.py", ...files].join("\n")}\n`, 0o644]);
  entries.push([`${egg}/dependency_links.txt`, "\n", 0o644]);
  entries.push([`${egg}/top_level.txt`, `${topLevel.join("\n")}\n`, 0o644]);
  if (spec.entryPoints) entries.push([`${egg}/entry_points.txt`, formatEntryPoints(spec.entryPoints), 0o644]);
  if (spec.requiresTxt !== undefined) entries.push([`${egg}/requires.txt`, spec.requiresTxt, 0o644]);
  for (const [p, c] of Object.entries(spec.data ?? {})) entries.push([p, c, 0o644]);
  return entries;
}

/** A `bdist_dumb`-shaped binary tarball, written into `outDir`. */
export function makeDumbTarball(spec: DumbTarballSpec, outDir: string): BuiltArchive {
  const prefix = (spec.prefix ?? "/opt/pa-build/venv").replace(/^\/+|\/+$/g, "");
  const lead = spec.layout === "cached" ? "" : `./${prefix}/`;
  const fileMembers: TarMember[] = dumbEntries(spec).map(([p, data, mode]) => ({ path: lead + p, data, mode }));
  const dirs = parentDirs(fileMembers.map((m) => m.path));
  const members = spec.layout === "cached" ? fileMembers : [{ path: "./", type: "dir" as const }, ...dirs, ...fileMembers];
  const gzip = spec.gzip !== false;
  const filename = spec.filename ?? `${escapeWheelName(spec.name)}-${spec.version}.linux-x86_64.tar${gzip ? ".gz" : ""}`;
  return writeArchive(outDir, filename, gzip ? writeTarGz(members) : writeTar(members));
}
