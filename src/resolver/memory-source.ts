/**
 * In-memory candidate and metadata sources, built from a small declarative
 * index. Used by the scenario tests and the benchmark; also handy for tools
 * that want to resolve against a hand-written index.
 *
 * Each version gets an sdist (unless `sdist: false`) and one wheel per entry
 * of `wheel_tags`. File hashes are a deterministic digest of the file name
 * (`sha256` of nothing real: they only need to be stable and distinct).
 */
import { createHash } from "node:crypto";
import { canonicalizeName } from "../pep508/index.js";
import type { CandidateInfo, CandidateSource, MetadataRequest, MetadataResult, MetadataSource } from "./sources.js";

export interface MemoryRelease {
  readonly requires_dist?: readonly string[];
  /** Requires-Python, both on the index link and in the metadata. */
  readonly requires_python?: string;
  /** Requires-Python only in the metadata (the index does not show it). */
  readonly metadata_requires_python?: string;
  readonly yanked?: boolean | string;
  readonly extras?: readonly string[];
  readonly wheel_tags?: readonly string[];
  readonly sdist?: boolean;
  /** Metadata cannot be had for this release (e.g. the sdist fails to build). */
  readonly unavailable?: string;
}

export type MemoryIndex = Readonly<Record<string, Readonly<Record<string, MemoryRelease>>>>;

/** The fake sha256 of a file name. */
export function fakeHash(filename: string): string {
  return createHash("sha256").update(filename).digest("hex");
}

function filesOf(name: string, version: string, release: MemoryRelease): CandidateInfo[] {
  const stem = `${name.replace(/-/g, "_")}-${version}`;
  const common = { version, requiresPython: release.requires_python ?? null, yanked: release.yanked ?? false };
  const file = (filename: string, isWheel: boolean): CandidateInfo => ({
    ...common, filename, isWheel, url: `memory:///${name}/${filename}`, hashes: { sha256: fakeHash(filename) },
  });
  const files: CandidateInfo[] = [];
  if (release.sdist !== false) files.push(file(`${stem}.tar.gz`, false));
  for (const tag of release.wheel_tags ?? []) files.push(file(`${stem}-${tag}.whl`, true));
  return files;
}

/** A `CandidateSource` and `MetadataSource` over a `MemoryIndex`, counting what was asked. */
export class MemorySource implements CandidateSource, MetadataSource {
  readonly listed: string[] = [];
  readonly metadataRequests: string[] = [];
  private readonly index = new Map<string, [string, Readonly<Record<string, MemoryRelease>>]>();
  /** Extra files served for direct references, by URL. */
  private readonly urls = new Map<string, { name: string; version: string; release: MemoryRelease }>();

  constructor(index: MemoryIndex) {
    for (const [name, releases] of Object.entries(index)) this.index.set(canonicalizeName(name), [name, releases]);
  }

  /** Serves metadata for a direct-reference URL. */
  addUrl(url: string, name: string, version: string, release: MemoryRelease): void {
    this.urls.set(url, { name, version, release });
  }

  async listCandidates(name: string): Promise<readonly CandidateInfo[]> {
    this.listed.push(name);
    const entry = this.index.get(name);
    if (!entry) return [];
    return Object.entries(entry[1]).flatMap(([version, release]) => filesOf(name, version, release));
  }

  async getMetadata(request: MetadataRequest): Promise<MetadataResult> {
    this.metadataRequests.push(`${request.name} ${request.version ?? "?"}`);
    const direct = this.urls.get(request.url.split("#")[0]!);
    const found = direct ?? this.lookup(request);
    if (!found) return { kind: "unavailable", reason: "not in the index" };
    const { name, version, release } = found;
    if (release.unavailable) return { kind: "unavailable", reason: release.unavailable };
    return {
      kind: "ok", name, version,
      requiresDist: release.requires_dist ?? [],
      requiresPython: release.metadata_requires_python ?? release.requires_python ?? null,
      providesExtra: release.extras ?? [],
    };
  }

  private lookup(request: MetadataRequest): { name: string; version: string; release: MemoryRelease } | undefined {
    const entry = this.index.get(request.name);
    const release = entry && request.version !== null ? entry[1][request.version] : undefined;
    return release && entry ? { name: entry[0], version: request.version!, release } : undefined;
  }
}
