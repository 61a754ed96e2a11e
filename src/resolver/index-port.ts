/**
 * What the index-backed sources need from the index client (`src/index`),
 * stated structurally so the sources can be tested with a stand-in and
 * `IndexClient` fits without an adapter.
 */
import type { SpecifierSet } from "../pep440/index.js";

export interface IndexLinkLike {
  readonly url: string;
  readonly filename: string;
  readonly hashes: Readonly<Record<string, string>>;
  readonly requiresPython: string | null;
  /** null: not yanked; a string (maybe empty): yanked, with the reason. */
  readonly yanked: string | null;
  /** PEP 658/714: false, true, or the hashes of the `.metadata` file. */
  readonly coreMetadata: false | true | Readonly<Record<string, string>>;
  readonly size: number | null;
}

export interface IndexCandidateLike {
  readonly name: string;
  readonly version: string;
  readonly kind: "wheel" | "sdist";
  readonly link: IndexLinkLike;
  readonly buildTag: readonly [number, string] | null;
}

/** The link-evaluation target (`src/index/target.ts` `TargetPython`). */
export interface IndexTarget {
  pythonVersion: [number, number, number];
  supportedTags: string[];
  ignoreRequiresPython: boolean;
  formatControl: { noBinary: string[]; onlyBinary: string[] };
  preferBinary: boolean;
  allowYanked: boolean;
  prereleases: (project: string) => boolean | null;
}

/** A link the client saw and left out, and why. */
export interface IndexRejectionLike {
  readonly filename: string;
  readonly detail: string;
}

export type IndexFindResult<C extends IndexCandidateLike> =
  | { kind: "found"; candidates: C[]; from: "source-index" | "network"; rejected?: readonly IndexRejectionLike[] }
  | { kind: "not-found"; rejected?: readonly IndexRejectionLike[] }
  | { kind: "offline"; missing: string; candidates: C[] };

export interface IndexClientLike<C extends IndexCandidateLike> {
  findCandidates(project: string, options: { target: IndexTarget; specifier?: SpecifierSet | null; upgrade?: boolean }): Promise<IndexFindResult<C>>;
  /** Downloads (or finds in the source index) the candidate's file, checked; returns its path. */
  download(candidate: C, options?: { hashes?: Record<string, string[]>; direct?: boolean }): Promise<{ path: string; sha256: string }>;
  /** PEP 658 metadata text, or null when not announced. */
  fetchMetadata(candidate: C): Promise<string | null>;
  /** The indexes and find-links locations it reads, without credentials. */
  locations?(): string[];
}

/** A byte-range GET: 206 with the bytes and the total size, or `full` when the server ignores ranges. */
export type RangeResult = { kind: "partial"; start: number; total: number; data: Buffer } | { kind: "full" };

/** Range reads over HTTP, and a small key-value store for derived metadata (under the cache dir). */
export interface RangeFetcher {
  /** `Range: bytes=-length` when `offset` is null (the tail), else `bytes=offset-(offset+length-1)`. */
  fetchRange(url: string, offset: number | null, length: number): Promise<RangeResult>;
}

/**
 * Metadata already obtained, kept per project (one read per project on a
 * warm cache instead of one per file): METADATA text by file URL.
 */
export interface MetadataStore {
  load(project: string): Promise<ReadonlyMap<string, string>>;
  /** Writes the project's entries (called once per changed project, when the sources close). */
  save(project: string, entries: ReadonlyMap<string, string>): Promise<void>;
}
