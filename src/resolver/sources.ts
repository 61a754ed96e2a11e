/**
 * How the Python provider talks to the world: two small interfaces that the
 * index client (HTTP, find-links, cache) and the metadata preparer (PEP 658,
 * wheel METADATA, sdist egg_info through the builder) implement. The
 * resolver never does I/O of its own.
 *
 * Cost model: `listCandidates` is called at most once per project and
 * resolution (the provider memoises it); `getMetadata` at most once per
 * candidate, and only for candidates the resolver actually tries to pin.
 */

/** One file of one project at one version, as an index or find-links page lists it. */
export interface CandidateInfo {
  /** The file name, e.g. `foo-1.0-py3-none-any.whl` or `foo-1.0.tar.gz`. */
  readonly filename: string;
  /** The version parsed from the file name (PEP 440 text). */
  readonly version: string;
  readonly url: string;
  /** Hashes known from the index, `{sha256: "hex"}`. */
  readonly hashes: Readonly<Record<string, string>>;
  /** `data-requires-python` / JSON `requires-python`, or null. */
  readonly requiresPython: string | null;
  /** PEP 592: false, true, or the reason string. */
  readonly yanked: boolean | string;
  readonly isWheel: boolean;
  /** For wheels: every tag the file name expands to (`py3-none-any`). */
  readonly tags?: readonly string[];
  /** For wheels: the build tag `[number, rest]`, or absent. */
  readonly buildTag?: readonly [number, string];
  /** For a source tree (VCS URL or local directory): what the reference stands for; `url` is then its packed archive. */
  readonly reference?: SourceReference;
}

/**
 * What the provider knows when it first lists a project: the specifiers of
 * the requirements so far. An offline-first source may answer with only the
 * files it has locally when one of them satisfies these; `complete` asks for
 * every file the configured indexes list (the provider asks again with it
 * when no listed file fits the requirements of the moment).
 */
export interface ListHint {
  readonly specifiers: readonly string[];
  readonly complete?: boolean;
}

export interface CandidateSource {
  /** Every file for a project (by normalised name), in any order; [] when the project is unknown. */
  listCandidates(name: string, hint?: ListHint): Promise<readonly CandidateInfo[]>;
  /** True when some answer so far was a partial (offline-first) one: a failed resolution is then retried with complete lists. */
  usedPartialLists?(): boolean;
  /** Files seen for a project but left out before the provider saw them (incompatible tags, ...), with why: for explanations. */
  skippedFiles?(name: string): readonly SkippedFile[];
  /** Where this source looks (index URLs and find-links locations, without credentials), for "not found" messages. */
  locations?(): readonly string[];
}

/** A file a source saw and did not offer, and why (`none of the tags (...) are compatible`). */
export interface SkippedFile {
  readonly filename: string;
  readonly reason: string;
}

/** The parts of core metadata the resolver needs. */
export interface CandidateMetadata {
  readonly kind: "ok";
  /** `Requires-Dist` lines (PEP 508 text, markers may use `extra`). */
  readonly requiresDist: readonly string[];
  readonly requiresPython: string | null;
  /** `Provides-Extra` (normalised or not; the provider normalises). */
  readonly providesExtra: readonly string[];
  /** `Name` and `Version`, needed for direct references whose file name does not say. */
  readonly name?: string;
  readonly version?: string;
}

/** Metadata could not be obtained: offline and not cached, the build failed, invalid metadata. */
export interface MetadataUnavailable {
  readonly kind: "unavailable";
  readonly reason: string;
}

export type MetadataResult = CandidateMetadata | MetadataUnavailable;

/** What `getMetadata` is asked about: the file, and the project it was found for. */
export interface MetadataRequest {
  readonly name: string;
  readonly version: string | null;
  readonly filename: string;
  readonly url: string;
  readonly hashes: Readonly<Record<string, string>>;
  /** The file on disk when it has been downloaded already (a metadata build needs it). */
  readonly localPath?: string;
}

export interface MetadataSource {
  getMetadata(candidate: MetadataRequest): Promise<MetadataResult>;
}

/** A distribution already installed in the target environment. */
export interface InstalledDistributionInfo {
  readonly name: string;
  readonly version: string;
  readonly requiresDist: readonly string[];
  readonly requiresPython?: string | null;
}

/** The environment resolved for, given explicitly so no Python is needed. */
export interface TargetEnvironment {
  /** PEP 508 marker values; `python_full_version` is also the Python checked against Requires-Python. */
  readonly markers: Readonly<Record<string, string>>;
  /** Supported wheel tags, best first (`cp311-cp311-manylinux_2_17_x86_64`, ..., `py3-none-any`). */
  readonly tags: readonly string[];
}

/** What a direct reference to a source tree (a VCS URL or a local directory) stands for. */
export interface SourceReference {
  /** The URL as the requirement gave it (`git+https://…@v1`, `file:///…/proj`). */
  readonly url: string;
  /** The URL to write back (`resolve` output): a VCS URL pinned to its commit, a directory's URL as given. */
  readonly pinnedUrl: string;
  /** PEP 610 `direct_url.json` content for an install of it. */
  readonly directUrl: Readonly<Record<string, unknown>>;
  /** `-e`: installed as an editable (PEP 660) from `sourceDir`. */
  readonly editable: boolean;
  /** The tree on disk (a cached checkout, or the directory itself). */
  readonly sourceDir: string;
  /** `git` for VCS references, null for a local directory. */
  readonly vcs: "git" | null;
  /** The commit a VCS reference resolved to, else null. */
  readonly commit: string | null;
}

/** A source tree made ready for the resolver: its archive (an sdist of the tree) and what it stands for. */
export interface PreparedTree {
  /** `file:` URL of the packed tree, `name-version.tar.gz`. */
  readonly url: string;
  readonly filename: string;
  readonly hashes: Readonly<Record<string, string>>;
  readonly reference: SourceReference;
  /** The tree's metadata when the preparer had to build to name it (the archive has no static metadata). */
  readonly metadata?: CandidateMetadata;
}

/**
 * Turns VCS URLs and local directories into archives (operations clones,
 * hashes and packs; the resolver only asks). `name` is the requirement's
 * project name.
 */
export interface SourceTreeSource {
  prepare(name: string, url: string): Promise<PreparedTree>;
}
