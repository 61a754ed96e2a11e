/**
 * A warm run's resolution, remembered: `<cache>/resolutions-v1/<key>.json`.
 *
 * When every project a resolution looked up was met by the local source
 * index (the index client's offline pass: no index page read, no
 * connection), the answer depends only on the question and on the source
 * index. The question is the requirements, constraints, policy options,
 * marker environment, wheel tags, the installed distributions the
 * resolution may keep, and the indexes named: the key is its sha256. The
 * record holds the pins with a stamp of the source index: the inode, mtime
 * and ctime of `sources-v1/`, `sources-v1/simple/` and the pin records'
 * `pins-v1/` (taken before the resolution) and of each pinned project's page
 * directory. A download, an adopted file, a removal, a page rewrite or a new
 * pin record renames a file into one of these directories and so changes the
 * stamp; while it holds, the same local data gives the same pins, and the
 * resolver is not run. The "all pinned and cached" resolution (over the pin
 * records alone) is kept the same way. A remembered answer is used only when
 * every pinned file is still unpacked in the store (the caller checks): the
 * memo saves a warm install its resolution and never changes what a run
 * fetches.
 *
 * Not used (the resolver runs, and nothing is kept) with `--find-links` or
 * `$PIP_DOWNLOAD_CACHE` (directories whose files can change in place),
 * direct references (`name @ url`, local paths, VCS, editables),
 * `--upgrade`/`--refresh`, caller-given sources, a question that is not
 * plain data, or a resolution that read an index page.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { keepNewest, writeFileAtomic } from "../cache/cache.js";
import type { ResolveResult } from "../resolver/lib.js";

export const RESOLUTIONS_BUCKET = "resolutions-v1";
/** Records the bucket keeps (the newest by mtime; one per distinct question). */
export const MEMO_KEEP = 256;

interface MemoRecord {
  /** The stamp of `sources-v1/` and `sources-v1/simple/`. */
  base: string;
  /** The stamp of the pinned projects' page directories. */
  pages: string;
  result: ResolveResult;
}

export class ResolutionMemo {
  private readonly file: string;
  private readonly base: string;

  /**
   * Null when the question is not plain data (JSON would lose part of it).
   * @param sourceIndexDir the source index the question is asked over (`<cache>/sources-v1`).
   * @param pinsDir the pin records' directory (`<cache>/pins-v1`).
   */
  static forQuestion(cacheDir: string, sourceIndexDir: string, pinsDir: string, question: unknown): ResolutionMemo | null {
    const text = plainJson(question);
    return text === null ? null : new ResolutionMemo(cacheDir, sourceIndexDir, pinsDir, createHash("sha256").update(text).digest("hex"));
  }

  private constructor(cacheDir: string, readonly sourceIndexDir: string, pinsDir: string, key: string) {
    this.file = join(cacheDir, RESOLUTIONS_BUCKET, `${key}.json`);
    this.base = stamp([sourceIndexDir, join(sourceIndexDir, "simple"), pinsDir]);
  }

  /** The remembered resolution when the source index and the pin records have not changed since; else null. */
  recall(): ResolveResult | null {
    let record: MemoRecord;
    try {
      record = JSON.parse(readFileSync(this.file, "utf8")) as MemoRecord;
    } catch {
      return null;
    }
    if (record.base !== this.base || !Array.isArray(record.result?.pins)) return null;
    return record.pages === this.pageStamp(record.result) ? record.result : null;
  }

  /** Keeps a resolution made from the source index alone (best effort: an unwritable cache only costs the next run its resolution). */
  async remember(result: ResolveResult): Promise<void> {
    const record: MemoRecord = { base: this.base, pages: this.pageStamp(result), result };
    await writeFileAtomic(this.file, JSON.stringify(record)).catch(() => {});
    await keepNewest(dirname(this.file), MEMO_KEEP);
  }

  private pageStamp(result: ResolveResult): string {
    return stamp(result.pins.map((p) => join(this.sourceIndexDir, "simple", p.name)));
  }
}

/** `ino:mtime:ctime` of each path (`-` when missing), one per line. */
function stamp(paths: string[]): string {
  return paths.map((path) => {
    const st = statSync(path, { throwIfNoEntry: false });
    return st === undefined ? "-" : `${st.ino}:${st.mtimeMs}:${st.ctimeMs}`;
  }).join("\n");
}

/** JSON of `value` when it holds only plain objects, arrays and primitives; null otherwise (a Map or class instance would serialise as `{}`). */
export function plainJson(value: unknown): string | null {
  try {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") throw new TypeError("not plain data");
      if (v !== null && typeof v === "object" && !Array.isArray(v)) {
        const proto = Object.getPrototypeOf(v) as unknown;
        if (proto !== Object.prototype && proto !== null) throw new TypeError("not plain data");
      }
      return v;
    });
  } catch {
    return null;
  }
}
