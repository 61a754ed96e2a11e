/**
 * Installing an unpacked store entry into a scheme.
 *
 * Every stored file is hard-linked (or copied) to `scheme[file.scheme]`;
 * files that must change (`#!python` scripts, a binary's build-time
 * shebang) are written instead. Entry-point scripts are generated. The
 * `.dist-info` gets INSTALLER (`pip-accel`), REQUESTED (when requested),
 * `direct_url.json` (when given) and a RECORD listing every file with its
 * sha256 and size, relative to the root site directory and sorted.
 *
 * Every install is a `Transaction` (transaction.ts): the `.dist-info` is
 * written inside it and renamed into place last, and `replaces` (an upgrade,
 * downgrade or reinstall) is stashed there first. If anything fails, the
 * files this call created are removed and the old version is moved back
 * before the error propagates; after a kill -9 the next run does the same
 * from the journal. A failed install leaves no half distribution.
 */
import { chmodSync, mkdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type { Scheme } from "../python/scheme.js";
import { containedJoin } from "../archive/member-path.js";
import { compileBytecode, pycPath } from "./compile.js";
import type { InstalledDistribution } from "./environment.js";
import { UninstallError } from "./errors.js";
import { placeFile, clearDestination, type LinkMode } from "./link.js";
import { formatRecord, recordHash, recordHashFromHex, type RecordEntry } from "./record.js";
import { entryPointScript, rewriteShebang } from "./scripts.js";
import { storePath, type StoreEntry, type StoreFile } from "./store.js";
import { Transaction } from "./transaction.js";
import { removalPaths, type UninstallOptions } from "./uninstall.js";

/** The interpreter facts an install needs (a subset of `InterpreterInfo`). */
export interface TargetPython {
  /** Goes into shebangs (`sys.executable` of the target environment). */
  executable: string;
  /** `sys.implementation.cache_tag`, for `.pyc` names when compiling. */
  cacheTag?: string | null;
  platform?: NodeJS.Platform;
}

/** PEP 610 data; written with sorted keys. */
export type DirectUrl = Record<string, unknown> & { url: string };

export interface InstallReporter {
  /** Called after each file is placed (absolute path). Throwing aborts and rolls back the install. */
  onFile?(path: string): void;
}

export interface InstallOptions {
  python: TargetPython;
  /** The user asked for this distribution directly: write REQUESTED. */
  requested?: boolean;
  directUrl?: DirectUrl;
  /** Default `hardlink` (falls back to copy by itself). */
  linkMode?: LinkMode;
  /** Byte-compile the installed `.py` files (default false). */
  compile?: boolean;
  reporter?: InstallReporter;
  /** The installed version this install replaces (stashed first, restored on failure). */
  replaces?: InstalledDistribution | null;
  /** How `replaces` is removed. */
  uninstall?: UninstallOptions;
}

export interface InstallResult {
  /** Absolute path of the installed `.dist-info`. */
  distInfoDir: string;
  records: RecordEntry[];
  /** Counts of how files were placed. */
  linked: number;
  copied: number;
  written: number;
  /** Milliseconds spent byte-compiling (0 when not asked). */
  compileMs: number;
}

/** Installs `entry` into `scheme`, replacing `options.replaces` if given. */
export async function installFromStore(entry: StoreEntry, scheme: Scheme, options: InstallOptions): Promise<InstallResult> {
  const { manifest } = entry;
  const old = options.replaces ?? null;
  const removal = old === null ? { paths: [] } : removalPaths(old, options.uninstall);
  const site = scheme[manifest.rootScheme];
  const planned = [
    ...manifest.files.filter((f) => !inDistInfo(manifest, f.scheme, f.path)).map((f) => containedJoin(scheme[f.scheme], f.path)),
    ...manifest.entryPoints.map((ep) => containedJoin(scheme.scripts, ep.name)),
  ];
  mkdirSync(site, { recursive: true });
  const txn = Transaction.begin(site, {
    label: `${manifest.name} ${manifest.version}${old === null ? "" : ` replacing ${old.version}`}`,
    distInfo: containedJoin(site, manifest.distInfo), old: removal.paths, planned, stops: Object.values(scheme),
  });
  try {
    txn.stashOld(options.uninstall?.allowedRoots);
  } catch (error) {
    txn.rollback(false);
    throw old === null ? error : new UninstallError(`Uninstalling ${old.name} ${old.version} failed; nothing was removed`, { cause: error });
  }
  const writer = new SchemeWriter(scheme, options, manifest, txn.newDistInfo);
  try {
    for (const file of manifest.files) writer.placeStored(entry.dir, file);
    for (const ep of manifest.entryPoints) {
      writer.writeGenerated("scripts", ep.name, entryPointScript(ep, options.python.executable, options.python.platform), 0o755);
    }
    const result = await writer.finish(entry);
    txn.commit();
    return result;
  } catch (error) {
    writer.undo();
    txn.rollback(false);
    throw error;
  }
}

/** Whether a manifest path lies in the distribution's own `.dist-info`. */
function inDistInfo(manifest: Pick<StoreEntry["manifest"], "rootScheme" | "distInfo">, scheme: keyof Scheme, path: string): boolean {
  return scheme === manifest.rootScheme && path.startsWith(`${manifest.distInfo}/`);
}

class SchemeWriter {
  private readonly created: string[] = [];
  private readonly dirs = new Set<string>();
  private readonly records: RecordEntry[] = [];
  private readonly counts = { linked: 0, copied: 0, written: 0 };

  /**
   * `distInfo` files are written under `newDistInfo` (the transaction's) and
   * recorded under their final name.
   */
  constructor(
    private readonly scheme: Scheme,
    private readonly options: InstallOptions,
    private readonly manifest: Pick<StoreEntry["manifest"], "rootScheme" | "distInfo">,
    private readonly newDistInfo: string,
  ) {}

  placeStored(entryDir: string, file: StoreFile): void {
    const [dest, recorded] = this.destination(file.scheme, file.path);
    if (file.rewrite !== undefined) {
      const data = rewriteShebang(readFileSync(storePath(entryDir, file)), this.options.python.executable, this.options.python.platform);
      this.write(dest, recorded, data, file.mode);
      return;
    }
    // Every file of a StoreEntry is a regular file: `Store.get` checked it, or `Store.ensure` just wrote it.
    const how = placeFile(storePath(entryDir, file), dest, this.options.linkMode ?? "hardlink", true);
    this.created.push(dest);
    if (how === "hardlink") this.counts.linked++;
    else {
      this.counts.copied++;
      chmodSync(dest, file.mode);
    }
    this.records.push({ path: recorded, hash: recordHashFromHex(file.sha256), size: file.size });
    this.options.reporter?.onFile?.(dest);
  }

  writeGenerated(scheme: keyof Scheme, path: string, content: string | Buffer, mode: number): void {
    const [dest, recorded] = this.destination(scheme, path);
    this.write(dest, recorded, typeof content === "string" ? Buffer.from(content, "utf8") : content, mode);
  }

  private write(dest: string, recorded: string, data: Buffer, mode: number): void {
    clearDestination(dest);
    writeFileSync(dest, data, { mode });
    chmodSync(dest, mode);
    this.created.push(dest);
    this.counts.written++;
    this.records.push({ path: recorded, hash: recordHash(data), size: data.length });
    this.options.reporter?.onFile?.(dest);
  }

  /** Where a file is written now, and the path its RECORD row names (they differ inside the `.dist-info`). */
  private destination(scheme: keyof Scheme, path: string): [string, string] {
    const recorded = containedJoin(this.scheme[scheme], path);
    const dest = inDistInfo(this.manifest, scheme, path) ? containedJoin(this.newDistInfo, path.slice(this.manifest.distInfo.length + 1)) : recorded;
    const parent = dirname(dest);
    if (!this.dirs.has(parent)) {
      this.mkdirs(parent);
      this.dirs.add(parent);
    }
    return [dest, recorded];
  }

  /** mkdir -p that remembers which directories it created, for undo. */
  private mkdirs(dir: string): void {
    const first = mkdirSync(dir, { recursive: true });
    if (first === undefined) return;
    for (let d = dir; ; d = dirname(d)) {
      this.created.push(d + sep);
      if (d === first || dirname(d) === d) break;
    }
  }

  async finish(entry: StoreEntry): Promise<InstallResult> {
    const { manifest } = entry;
    const site = this.scheme[manifest.rootScheme];
    const distInfo = `${manifest.distInfo}`;
    const meta = (name: string, content: string): void => this.writeGenerated(manifest.rootScheme, `${distInfo}/${name}`, content, 0o644);
    meta("INSTALLER", "pip-accel\n");
    if (this.options.requested === true) meta("REQUESTED", "");
    if (this.options.directUrl !== undefined) meta("direct_url.json", JSON.stringify(sortKeys(this.options.directUrl)));
    let compileMs = 0;
    if (this.options.compile === true) compileMs = await this.compile();
    const rows = this.records.map((r) => ({ ...r, path: recordPath(site, r.path) }));
    rows.push({ path: recordPath(site, containedJoin(site, `${distInfo}/RECORD`)), hash: "", size: null });
    const [recordFile] = this.destination(manifest.rootScheme, `${distInfo}/RECORD`);
    clearDestination(recordFile);
    writeFileSync(recordFile, formatRecord(rows), { mode: 0o644 });
    this.created.push(recordFile);
    return { distInfoDir: join(site, distInfo), records: rows, ...this.counts, compileMs };
  }

  private async compile(): Promise<number> {
    const sources = this.records.map((r) => r.path).filter((p) => p.endsWith(".py") && (p.startsWith(this.scheme.purelib + sep) || p.startsWith(this.scheme.platlib + sep)));
    const started = Date.now();
    await compileBytecode(sources, this.options.python.executable);
    const tag = this.options.python.cacheTag;
    if (tag !== undefined && tag !== null) {
      for (const source of sources) this.records.push({ path: pycPath(source, tag), hash: "", size: null });
    }
    return Date.now() - started;
  }

  /** Removes every file and directory this writer created (newest first). */
  undo(): void {
    for (const path of [...this.created].reverse()) {
      try {
        if (path.endsWith(sep)) rmdirSync(path);
        else unlinkSync(path);
      } catch {
        // already gone or not empty: leave it
      }
    }
  }
}

/** A RECORD path: relative to the site directory, `/`-separated (`../../../bin/x` for scripts). */
export function recordPath(site: string, path: string): string {
  const prefix = site.endsWith(sep) ? site : site + sep;
  const rel = path.startsWith(prefix) ? path.slice(prefix.length) : relative(site, path); // inside the site: no relative() needed
  return sep === "/" ? rel : rel.split(sep).join("/");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

