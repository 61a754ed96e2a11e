/**
 * The content-addressed store of unpacked archives:
 * `<cacheDir>/store-v1/<sha256 of the archive>/` holding a scheme-keyed tree
 * (`purelib/`, `platlib/`, `scripts/`, `headers/`, `data/`) and
 * `manifest.json` (a `StoreManifest`).
 *
 * An entry is built in a temporary sibling directory and renamed into place
 * atomically, so readers see either nothing or a complete entry; a second
 * `ensure` for the same key is a no-op (no archive is unpacked twice).
 * Installs hard-link from the tree, so files in the store must never be
 * modified in place.
 *
 * Entries are checked on use (`get`): each file's size and modification time
 * against the manifest (one `lstat` a file; the times are stamped when the
 * entry is made), and any file that differs is hashed against its sha256. An
 * entry with a missing, shortened or changed file is removed and `get`
 * answers null, so the archive is unpacked again: a tampered or half-deleted
 * entry is never installed. A `Store` checks an entry once (a command plans
 * and then links from the same entry): later `get`s of it answer from
 * memory, and the next command's `Store` checks again. (An installed file
 * edited in place edits the store copy too, since it is a hard link; the next
 * install notices.)
 */
import { sha256Hex } from "../archive/digest.js";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { SchemeKey } from "../python/scheme.js";
import { containedJoin } from "../archive/member-path.js";
import type { EntryPoint } from "./scripts.js";

export const STORE_BUCKET = "store-v1";
export const STORE_FORMAT = 1;

export interface StoreFile {
  scheme: SchemeKey;
  /** `/`-separated path inside the scheme directory. */
  path: string;
  /** Hex sha256 of the stored bytes. */
  sha256: string;
  size: number;
  /** Normalised mode: executables 0o755, everything else 0o644. */
  mode: number;
  /** Set when the file must be rewritten at install time instead of linked. */
  rewrite?: "python-shebang" | "build-shebang";
  /** Whole milliseconds of the stored file's mtime, stamped when the entry is made. */
  mtimeMs?: number;
}

export interface StoreManifest {
  storeFormat: number;
  kind: "wheel" | "binary";
  /** Sha256 of the archive this entry came from (also the entry's directory name). */
  archiveSha256: string;
  name: string;
  version: string;
  /** The `.dist-info` directory name, inside the root scheme. */
  distInfo: string;
  rootScheme: "purelib" | "platlib";
  files: StoreFile[];
  entryPoints: EntryPoint[];
}

export interface StoreEntry {
  /** The entry directory (holds the scheme tree and manifest.json). */
  dir: string;
  manifest: StoreManifest;
  /** True when this call unpacked the archive, false when it was already there. */
  unpacked: boolean;
}

/** A store rooted at `<cacheDir>/store-v1` (or any directory given). */
export class Store {
  readonly root: string;
  /** Entries `get` has checked, by archive sha256. */
  private readonly checked = new Map<string, StoreEntry>();

  constructor(root: string) {
    this.root = root;
  }

  /** The store inside a pip-accel cache directory. */
  static inCache(cacheDir: string): Store {
    return new Store(join(cacheDir, STORE_BUCKET));
  }

  /** The entry for an archive hash, or `null` when it is not unpacked yet. */
  get(sha256: string): StoreEntry | null {
    const known = this.checked.get(sha256);
    if (known !== undefined) return known;
    const dir = join(this.root, sha256);
    const file = join(dir, "manifest.json");
    if (!existsSync(file)) return null;
    let manifest: StoreManifest;
    try {
      manifest = JSON.parse(readFileSync(file, "utf8")) as StoreManifest;
    } catch {
      this.discard(dir);
      return null;
    }
    if (manifest.storeFormat !== STORE_FORMAT) return null;
    if (!intact(dir, manifest)) {
      this.discard(dir);
      return null;
    }
    const entry = { dir, manifest, unpacked: false };
    this.checked.set(sha256, entry);
    return entry;
  }

  /** Takes an entry that another `Store` on the same root made in this process (a worker's) as checked. */
  remember(entry: StoreEntry): void {
    this.checked.set(entry.manifest.archiveSha256, { dir: entry.dir, manifest: entry.manifest, unpacked: false });
  }

  /** Moves a damaged entry out of the way (atomically), then deletes it. */
  private discard(dir: string): void {
    const aside = `${dir}.damaged-${process.pid}-${Date.now()}`;
    try {
      renameSync(dir, aside);
    } catch {
      return; // another process got there first
    }
    rmSync(aside, { recursive: true, force: true });
  }

  /**
   * Returns the entry for `sha256`, calling `build(tmpDir)` to populate it
   * when it is missing. `build` writes the scheme tree into `tmpDir` (use
   * `writeStoreFile`) and returns the manifest. On any error the temporary
   * directory is removed and nothing appears in the store.
   */
  async ensure(sha256: string, build: (tmpDir: string) => Promise<StoreManifest>): Promise<StoreEntry> {
    const existing = this.get(sha256);
    if (existing !== null) return existing;
    mkdirSync(this.root, { recursive: true });
    const tmp = mkdtempSync(join(this.root, `.tmp-${sha256.slice(0, 12)}-`));
    try {
      const manifest = await build(tmp);
      for (const f of manifest.files) f.mtimeMs = Math.trunc(lstatSync(storePath(tmp, f)).mtimeMs);
      writeFileSync(join(tmp, "manifest.json"), JSON.stringify(manifest));
      const dir = join(this.root, sha256);
      try {
        renameSync(tmp, dir);
      } catch (error) {
        const raced = this.get(sha256);
        if (raced === null) throw error;
        rmSync(tmp, { recursive: true, force: true });
        return raced;
      }
      return { dir, manifest, unpacked: true };
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      throw error;
    }
  }
}

/** True when every file of the entry is there with its recorded size, and its recorded mtime or sha256. */
function intact(dir: string, manifest: StoreManifest): boolean {
  for (const f of manifest.files) {
    const path = storePath(dir, f);
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (st === undefined || !st.isFile() || st.size !== f.size) return false;
    if (f.mtimeMs !== undefined && Math.trunc(st.mtimeMs) === f.mtimeMs) continue;
    if (sha256Hex(readFileSync(path)) !== f.sha256) return false;
  }
  return true;
}

/** The absolute path of a manifest file inside an entry directory. */
export function storePath(entryDir: string, file: Pick<StoreFile, "scheme" | "path">): string {
  return containedJoin(join(entryDir, file.scheme), file.path);
}

/** Writes one file into a store tree under construction and returns its manifest record (`sha256`: the data's, when the caller has it). */
export function writeStoreFile(
  tmpDir: string,
  scheme: SchemeKey,
  path: string,
  data: Uint8Array,
  executable: boolean,
  dirs: Set<string>,
  sha256?: string,
): StoreFile {
  const target = storePath(tmpDir, { scheme, path });
  const parent = dirname(target);
  if (!dirs.has(parent)) {
    mkdirSync(parent, { recursive: true });
    dirs.add(parent);
  }
  const mode = executable ? 0o755 : 0o644;
  writeFileSync(target, data, { mode, flag: "wx" });
  chmodSync(target, mode); // independent of the process umask
  return { scheme, path, sha256: sha256 ?? sha256Hex(data), size: data.length, mode };
}

