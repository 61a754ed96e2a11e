/**
 * What is installed: the `.dist-info` and `.egg-info` entries in a scheme's
 * site directories (uv's `InstalledDist`), with their core metadata, the
 * installer, the REQUESTED flag and PEP 610 data. Reading only; the
 * dependency check lives in check.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { getFirst, getAll, parseCoreMetadata, type CoreMetadata } from "../metadata/core-metadata.js";
import { convertEggRequires } from "../metadata/egg-requires.js";
import { canonicalizeName } from "../filenames/index.js";
import { isTransactionEntry } from "./transaction.js";

export interface InstalledDistribution {
  name: string;
  /** PEP 503 normalised name. */
  canonicalName: string;
  version: string;
  kind: "dist-info" | "egg-info";
  /** The site directory that holds the metadata directory. */
  location: string;
  /** Absolute path of the `.dist-info` directory, or the `.egg-info` directory or file. */
  infoPath: string;
  metadata: CoreMetadata;
  /** Requires-Dist values (for egg-info, converted from requires.txt when PKG-INFO has none). */
  requiresDist: string[];
  providesExtra: string[];
  /** Contents of INSTALLER (trimmed), or null. */
  installer: string | null;
  /** REQUESTED exists. */
  requested: boolean;
  /** Parsed direct_url.json, or null. */
  directUrl: unknown;
}

/** Lists every distribution in `siteDirs` (missing directories are skipped), sorted by canonical name. */
export function listDistributions(siteDirs: string[]): InstalledDistribution[] {
  const out: InstalledDistribution[] = [];
  const seen = new Set<string>();
  for (const dir of siteDirs) {
    if (seen.has(dir) || !existsSync(dir)) continue;
    seen.add(dir);
    for (const entry of readdirSync(dir).sort()) {
      const dist = readDistribution(dir, entry);
      if (dist !== null) out.push(dist);
    }
  }
  return out.sort((a, b) => (a.canonicalName < b.canonicalName ? -1 : a.canonicalName > b.canonicalName ? 1 : 0));
}

/** What a `.dist-info` directory's name says: the project and its version (PEP 427 makes them match METADATA). */
export type NamedDistribution = Pick<InstalledDistribution, "name" | "canonicalName" | "version">;

/**
 * Every `.dist-info` in `siteDirs` from the directory names alone, no file
 * read (sorted by canonical name); null when some entry cannot be told that
 * way (an `.egg-info`, a name without a version), so the caller reads
 * metadata instead.
 */
export function distInfoNames(siteDirs: string[]): NamedDistribution[] | null {
  const out: NamedDistribution[] = [];
  const seen = new Set<string>();
  for (const dir of siteDirs) {
    if (seen.has(dir) || !existsSync(dir)) continue;
    seen.add(dir);
    for (const entry of readdirSync(dir)) {
      if (entry.endsWith(".egg-info")) return null;
      if (!entry.endsWith(".dist-info")) continue;
      const [name, version] = splitInfoName(entry, ".dist-info");
      if (name === "" || version === "") return null;
      out.push({ name, canonicalName: canonicalizeName(name), version });
    }
  }
  return out.sort((a, b) => (a.canonicalName < b.canonicalName ? -1 : a.canonicalName > b.canonicalName ? 1 : 0));
}

/**
 * A fingerprint of what `listDistributions(siteDirs)` would read, from
 * directory listings and one `stat` per `.dist-info`: each entry's name and
 * its METADATA's inode, size, mtime and ctime (a rewrite that restores the
 * mtime still moves the ctime). Installing, removing or rewriting a
 * distribution changes it. Null when some entry is an
 * `.egg-info` (its requires.txt can change beside an unchanged PKG-INFO).
 */
export function siteStamp(siteDirs: string[]): string | null {
  const parts: string[] = [];
  const seen = new Set<string>();
  for (const dir of siteDirs) {
    if (seen.has(dir)) continue;
    seen.add(dir);
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      parts.push(`${dir}\u0000-`);
      continue;
    }
    parts.push(dir);
    for (const entry of entries) {
      if (entry.endsWith(".egg-info")) return null;
      if (!entry.endsWith(".dist-info")) continue;
      const stat = statSync(join(dir, entry, "METADATA"), { throwIfNoEntry: false });
      parts.push(stat === undefined ? `${entry}\u0000-` : `${entry}\u0000${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`);
    }
  }
  return parts.join("\n");
}

/**
 * The paths whose state decides what `listDistributions(siteDirs)` reads:
 * each site directory (an entry added, removed or renamed moves its mtime
 * and ctime) and each `.dist-info`'s METADATA. Null where a stamp of them
 * would not be enough: an `.egg-info` (its requires.txt sits beside
 * PKG-INFO), or an install or removal in progress in the directory.
 */
export function siteInputs(siteDirs: string[]): string[] | null {
  const paths: string[] = [];
  for (const dir of new Set(siteDirs)) {
    paths.push(dir);
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.endsWith(".egg-info") || isTransactionEntry(entry)) return null;
      if (entry.endsWith(".dist-info")) paths.push(join(dir, entry, "METADATA"));
    }
  }
  return paths;
}

/** The installed distribution called `name` (any spelling), or null. The first site directory wins. */
export function findDistribution(siteDirs: string[], name: string): InstalledDistribution | null {
  const wanted = canonicalizeName(name);
  return listDistributions(siteDirs).find((d) => d.canonicalName === wanted) ?? null;
}

/** Reads one directory entry of a site directory, or returns null when it is not distribution metadata. */
export function readDistribution(location: string, entry: string): InstalledDistribution | null {
  const infoPath = join(location, entry);
  if (entry.endsWith(".dist-info")) return readDistInfo(location, infoPath, entry);
  if (entry.endsWith(".egg-info")) return readEggInfo(location, infoPath, entry);
  return null;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

function readDistInfo(location: string, infoPath: string, entry: string): InstalledDistribution | null {
  const text = readText(join(infoPath, "METADATA"));
  if (text === null) return null;
  const metadata = parseCoreMetadata(text);
  const [fallbackName, fallbackVersion] = splitInfoName(entry, ".dist-info");
  const name = getFirst(metadata, "Name") ?? fallbackName;
  const directText = readText(join(infoPath, "direct_url.json"));
  let directUrl: unknown = null;
  try {
    directUrl = directText === null ? null : JSON.parse(directText);
  } catch {
    directUrl = null;
  }
  return {
    name, canonicalName: canonicalizeName(name), version: getFirst(metadata, "Version") ?? fallbackVersion,
    kind: "dist-info", location, infoPath, metadata,
    requiresDist: getAll(metadata, "Requires-Dist"), providesExtra: getAll(metadata, "Provides-Extra"),
    installer: readText(join(infoPath, "INSTALLER"))?.trim() ?? null,
    requested: existsSync(join(infoPath, "REQUESTED")), directUrl,
  };
}

function readEggInfo(location: string, infoPath: string, entry: string): InstalledDistribution | null {
  const isDir = statSync(infoPath).isDirectory();
  const text = readText(isDir ? join(infoPath, "PKG-INFO") : infoPath);
  if (text === null) return null;
  const metadata = parseCoreMetadata(text);
  const [fallbackName, fallbackVersion] = splitInfoName(entry.replace(/-py\d+(\.\d+)*(-[^-]+)?\.egg-info$/, ".egg-info"), ".egg-info");
  const name = getFirst(metadata, "Name") ?? fallbackName;
  let requiresDist = getAll(metadata, "Requires-Dist");
  let providesExtra = getAll(metadata, "Provides-Extra");
  const requiresTxt = isDir ? readText(join(infoPath, "requires.txt")) : null;
  if (requiresDist.length === 0 && requiresTxt !== null) {
    const converted = convertEggRequires(requiresTxt);
    requiresDist = converted.requiresDist;
    providesExtra = converted.providesExtra;
  }
  return {
    name, canonicalName: canonicalizeName(name), version: getFirst(metadata, "Version") ?? fallbackVersion,
    kind: "egg-info", location, infoPath, metadata, requiresDist, providesExtra,
    installer: isDir ? readText(join(infoPath, "INSTALLER"))?.trim() ?? null : null,
    requested: isDir && existsSync(join(infoPath, "REQUESTED")), directUrl: null,
  };
}

function splitInfoName(entry: string, suffix: string): [string, string] {
  const stem = entry.slice(0, -suffix.length);
  const dash = stem.indexOf("-");
  return dash < 0 ? [stem, ""] : [stem.slice(0, dash), stem.slice(dash + 1)];
}
