/**
 * Pin records: `<cache>/pins-v1/<name>.json`, one per project, listing every
 * artifact of that project that is unpacked in the store, with the
 * candidate facts (file name, URL, tags) and the metadata the resolver
 * needs. Written after each successful prepare; read by the fast path
 * (`CachedPinSource`) so that an install whose every pin is cached resolves
 * without reading an index.
 *
 * Writes are atomic (temp file + rename); a damaged record reads as empty.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalizeName } from "../filenames/index.js";
import type { CandidateInfo, CandidateSource, MetadataRequest, MetadataResult, MetadataSource } from "../resolver/lib.js";

export const PINS_BUCKET = "pins-v1";

export interface PinRecord {
  candidate: CandidateInfo;
  /** Store key (sha256 of the archive, or of the built binary for sdists). */
  storeKey: string;
  metadata: { requiresDist: string[]; requiresPython: string | null; providesExtra: string[] };
}

export class PinRecords {
  private readonly memo = new Map<string, PinRecord[]>();

  constructor(private readonly cacheDir: string) {}

  /** `<cache>/pins-v1`: every record is renamed into it, so its mtime changes with each write. */
  get directory(): string {
    return join(this.cacheDir, PINS_BUCKET);
  }

  private file(name: string): string {
    return join(this.cacheDir, PINS_BUCKET, `${name}.json`);
  }

  /** Records for a normalised project name. */
  list(name: string): PinRecord[] {
    let records = this.memo.get(name);
    if (records === undefined) {
      try {
        records = JSON.parse(readFileSync(this.file(name), "utf8")) as PinRecord[];
        if (!Array.isArray(records)) records = [];
      } catch {
        records = [];
      }
      this.memo.set(name, records);
    }
    return records;
  }

  /** The store key recorded for a file name, or null. */
  storeKeyFor(name: string, filename: string): string | null {
    return this.list(name).find((r) => r.candidate.filename === filename)?.storeKey ?? null;
  }

  /** Adds or replaces the record for `record.candidate.filename`. */
  put(name: string, record: PinRecord): void {
    const others = this.list(name).filter((r) => r.candidate.filename !== record.candidate.filename);
    const records = [...others, record];
    this.memo.set(name, records);
    const file = this.file(name);
    mkdirSync(join(this.cacheDir, PINS_BUCKET), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, JSON.stringify(records));
    renameSync(tmp, file);
  }
}

/** Serves candidates and metadata only from the cache's pin records (no I/O beyond the cache). */
export class CachedPinSource implements CandidateSource, MetadataSource {
  constructor(private readonly records: PinRecords) {}

  async listCandidates(name: string): Promise<readonly CandidateInfo[]> {
    return this.records.list(canonicalizeName(name)).map((r) => r.candidate);
  }

  async getMetadata(request: MetadataRequest): Promise<MetadataResult> {
    const record = this.records.list(canonicalizeName(request.name)).find((r) => r.candidate.filename === request.filename);
    return record === undefined ? { kind: "unavailable", reason: "not in the cache" } : { kind: "ok", ...record.metadata };
  }
}
