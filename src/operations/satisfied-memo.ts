/**
 * The "already satisfied" verdict, remembered: `<cache>/satisfied-v1/<key>.json`.
 *
 * A no-op install reads every installed METADATA and walks the dependency
 * tree through requirement and marker parsing (most of a no-op's own time).
 * Once that walk has found everything satisfied, the verdict is stored under
 * a key made of what the walk read besides the site: the requirement texts,
 * the marker environment and the site directories. The record holds the
 * site's stamp (installer/environment.ts `siteStamp`: each `.dist-info`
 * name with its METADATA's inode, size, mtime and ctime) taken before the
 * walk, so any install, removal or rewrite since then makes the record stale
 * and the walk runs again. Only positive verdicts are kept: an unsatisfied
 * set goes on to resolution anyway.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { keepNewest, writeFileAtomic } from "../cache/cache.js";
import { siteStamp } from "../installer/environment.js";

export const SATISFIED_BUCKET = "satisfied-v1";
/** Records a bucket keeps (the newest by mtime; one per distinct question, each a few hundred bytes). */
export const MEMO_KEEP = 256;

/** What a verdict depends on besides the site's contents. */
export interface SatisfiedQuestion {
  requirements: readonly string[];
  markers: Readonly<Record<string, string>>;
  siteDirs: readonly string[];
}

export interface SatisfiedVerdict {
  /** The named requirements' installed distributions, as the walk reported them. */
  satisfied: Array<{ name: string; version: string }>;
}

interface MemoRecord extends SatisfiedVerdict {
  stamp: string;
}

export class SatisfiedMemo {
  private readonly file: string;
  /** The site's stamp when asked; null when the site cannot be stamped (then nothing is remembered). */
  private readonly stamp: string | null;

  constructor(cacheDir: string, question: SatisfiedQuestion) {
    const key = createHash("sha256").update(JSON.stringify([question.requirements, question.markers, question.siteDirs])).digest("hex");
    this.file = join(cacheDir, SATISFIED_BUCKET, `${key}.json`);
    this.stamp = siteStamp([...question.siteDirs]);
  }

  /** The remembered verdict when the site has not changed since it was given; else null. */
  recall(): SatisfiedVerdict | null {
    if (this.stamp === null) return null;
    let record: MemoRecord;
    try {
      record = JSON.parse(readFileSync(this.file, "utf8")) as MemoRecord;
    } catch {
      return null;
    }
    return record.stamp === this.stamp && Array.isArray(record.satisfied) ? { satisfied: record.satisfied } : null;
  }

  /** Keeps a positive verdict for the site as stamped when this memo was made (best effort: a cache that cannot be written only costs the next run its walk). */
  async remember(verdict: SatisfiedVerdict): Promise<void> {
    if (this.stamp === null) return;
    const record: MemoRecord = { stamp: this.stamp, satisfied: verdict.satisfied };
    await writeFileAtomic(this.file, JSON.stringify(record)).catch(() => {});
    await keepNewest(dirname(this.file), MEMO_KEEP);
  }
}
