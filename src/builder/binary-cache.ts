/**
 * The binary cache: `<cacheDir>/binaries-v1/<name>/<key>.tar.gz` (a
 * pip-accel binary archive) or `<key>.whl` (from a PEP 517 backend), each
 * committed by a `<key>.json` entry record written last:
 *
 *     {"formatVersion": 1, "key": {…}, "file": "<key>.tar.gz", "kind": "binary",
 *      "sha256": "<hex>", "size": 1234, "created": "<ISO time>"}
 *
 * Writes are atomic (temp file + rename, the record after the file). `get`
 * checks the file against the record's size and sha256: a missing record,
 * a partial or corrupt file counts as a miss and the leftovers are removed,
 * so the caller rebuilds. The interface (`get`/`put`/`has`/`list`/`remove`)
 * leaves room for remote backends.
 */
import { sha256Hex } from "../archive/digest.js";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binaryKeyString, type BinaryKey } from "./binary-key.js";

export const BINARY_BUCKET = "binaries-v1";
const RECORD_VERSION = 1;

export type CachedKind = "binary" | "wheel";

export interface CachedBinary {
  key: BinaryKey;
  /** Absolute path of the archive. */
  path: string;
  kind: CachedKind;
  sha256: string;
  size: number;
  created: string;
}

interface EntryRecord {
  formatVersion: number;
  key: BinaryKey;
  file: string;
  kind: CachedKind;
  sha256: string;
  size: number;
  created: string;
}

export interface BinaryCacheBackend {
  get(key: BinaryKey): CachedBinary | null;
  has(key: BinaryKey): boolean;
  put(key: BinaryKey, file: string, kind: CachedKind): CachedBinary;
}

export class BinaryCache implements BinaryCacheBackend {
  readonly root: string;

  constructor(cacheDir: string) {
    this.root = join(cacheDir, BINARY_BUCKET);
  }

  /** The verified entry for `key`, or null (a corrupt or partial entry is removed and reported as missing). */
  get(key: BinaryKey): CachedBinary | null {
    const dir = join(this.root, key.name);
    const base = binaryKeyString(key);
    return this.readEntry(dir, `${base}.json`, true);
  }

  /** Where the record of `key` lives (also the name a cross-process build lock is taken on). */
  recordPath(key: BinaryKey): string {
    return join(this.root, key.name, `${binaryKeyString(key)}.json`);
  }

  has(key: BinaryKey): boolean {
    return this.get(key) !== null;
  }

  /** Copies `file` into the cache under `key`, atomically, and returns the entry. */
  put(key: BinaryKey, file: string, kind: CachedKind): CachedBinary {
    const dir = join(this.root, key.name);
    mkdirSync(dir, { recursive: true });
    const base = binaryKeyString(key);
    const fileName = `${base}${kind === "wheel" ? ".whl" : ".tar.gz"}`;
    const data = readFileSync(file);
    const record: EntryRecord = {
      formatVersion: RECORD_VERSION, key, file: fileName, kind, sha256: sha256Hex(data), size: data.length, created: new Date().toISOString(),
    };
    atomicWrite(join(dir, fileName), (tmp) => copyFileSync(file, tmp));
    atomicWrite(join(dir, `${base}.json`), (tmp) => writeFileSync(tmp, JSON.stringify(record, null, 1)));
    return toCached(dir, record);
  }

  /** Every valid entry (corrupt ones are skipped, not removed). */
  list(): CachedBinary[] {
    if (!existsSync(this.root)) return [];
    const out: CachedBinary[] = [];
    for (const name of readdirSync(this.root).sort()) {
      const dir = join(this.root, name);
      if (!statSync(dir).isDirectory()) continue;
      for (const file of readdirSync(dir).sort()) {
        if (!file.endsWith(".json")) continue;
        const entry = this.readEntry(dir, file, false);
        if (entry !== null) out.push(entry);
      }
    }
    return out;
  }

  /** Removes the entry for `key` (archive and record). */
  remove(entry: CachedBinary): void {
    rmSync(entry.path, { force: true });
    rmSync(join(this.root, entry.key.name, `${binaryKeyString(entry.key)}.json`), { force: true });
  }

  private readEntry(dir: string, recordName: string, removeBad: boolean): CachedBinary | null {
    const recordPath = join(dir, recordName);
    let record: EntryRecord;
    try {
      record = JSON.parse(readFileSync(recordPath, "utf8")) as EntryRecord;
    } catch {
      return null;
    }
    const archive = join(dir, record.file ?? "");
    const ok = record.formatVersion === RECORD_VERSION && typeof record.file === "string" && !record.file.includes("/")
      && existsSync(archive) && statSync(archive).size === record.size && sha256Hex(readFileSync(archive)) === record.sha256;
    if (ok) return toCached(dir, record);
    if (removeBad) {
      rmSync(recordPath, { force: true });
      if (typeof record.file === "string" && !record.file.includes("/")) rmSync(archive, { force: true });
    }
    return null;
  }
}

function toCached(dir: string, record: EntryRecord): CachedBinary {
  return { key: record.key, path: join(dir, record.file), kind: record.kind, sha256: record.sha256, size: record.size, created: record.created };
}

function atomicWrite(target: string, write: (tmp: string) => void): void {
  const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    write(tmp);
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

