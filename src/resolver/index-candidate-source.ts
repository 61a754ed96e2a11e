/**
 * `IndexCandidateSource`: the index client's candidates as the provider's
 * `CandidateInfo`s, offline-first. The first listing of a project passes
 * the specifiers known so far, so the client can answer from the local
 * source index without a connection; `complete` (asked by the provider when
 * nothing listed fits, or on the retry after a failed resolution) looks at
 * every configured index. Each answer is memoised per project and kind.
 */
import { SpecifierSet, Version, parseVersion } from "../pep440/index.js";
import { canonicalizeName } from "../pep508/index.js";
import { wheelFileTags } from "./candidate-ordering.js";
import type { IndexCandidateLike, IndexClientLike, IndexTarget } from "./index-port.js";
import type { CandidateInfo, CandidateSource, ListHint, SkippedFile, TargetEnvironment } from "./sources.js";

export interface IndexCandidateSourceOptions {
  readonly environment: TargetEnvironment;
  /** `--pre`: pre-releases count when deciding whether the local files satisfy a requirement. */
  readonly pre?: boolean;
  /** `-U`, `--refresh`: skip the offline-first pass for every project (true) or the projects named. */
  readonly upgrade?: boolean | ((name: string) => boolean);
}

/** The link-evaluation target for an environment: the provider applies tags, Requires-Python and format control itself. */
export function indexTarget(environment: TargetEnvironment, pre = false): IndexTarget {
  const full = environment.markers["python_full_version"] ?? environment.markers["python_version"] ?? "3";
  const [major = 3, minor = 0, micro = 0] = full.split(".").map((p) => Number.parseInt(p, 10) || 0);
  return {
    pythonVersion: [major, minor, micro],
    supportedTags: environment.tags.map((t) => t.toLowerCase()),
    ignoreRequiresPython: true,
    formatControl: { noBinary: [], onlyBinary: [] },
    preferBinary: false,
    allowYanked: true,
    prereleases: () => (pre ? true : null),
  };
}

export class IndexCandidateSource<C extends IndexCandidateLike> implements CandidateSource {
  /** Projects an `--offline` run could not list completely, as `name<specifier>`. */
  readonly offlineMissing: string[] = [];
  private readonly target: IndexTarget;
  private readonly byUrl = new Map<string, C>();
  private readonly memo = new Map<string, Promise<readonly CandidateInfo[]>>();
  private readonly skipped = new Map<string, Map<string, SkippedFile>>();
  private partial = false;

  constructor(private readonly client: IndexClientLike<C>, private readonly options: IndexCandidateSourceOptions) {
    this.target = indexTarget(options.environment, options.pre ?? false);
  }

  listCandidates(name: string, hint: ListHint = { specifiers: [] }): Promise<readonly CandidateInfo[]> {
    const upgrade = this.options.upgrade;
    const complete = hint.complete === true || (typeof upgrade === "function" ? upgrade(canonicalizeName(name)) : upgrade === true);
    const project = canonicalizeName(name);
    const key = `${project}\0${complete ? "complete" : hint.specifiers.join(",")}`;
    let found = this.memo.get(key) ?? (complete ? this.memo.get(`${project}\0complete`) : undefined);
    if (found === undefined) {
      found = this.find(project, hint.specifiers, complete);
      this.memo.set(key, found);
    }
    return found;
  }

  usedPartialLists(): boolean {
    return this.partial;
  }

  skippedFiles(name: string): readonly SkippedFile[] {
    return [...(this.skipped.get(canonicalizeName(name))?.values() ?? [])];
  }

  locations(): readonly string[] {
    return this.client.locations?.() ?? [];
  }

  /** Every listed file of a project at a version (for `--generate-hashes`), as index candidates. */
  filesOf(name: string, version: string): C[] {
    const project = canonicalizeName(name);
    const key = Version.parse(version).toString();
    return [...this.byUrl.values()].filter((c) => canonicalizeName(c.name) === project && parseVersion(c.version)?.toString() === key);
  }

  /** The index candidate a listed URL came from (its PEP 658 flag, size, …). */
  candidateFor(url: string): C | undefined {
    return this.byUrl.get(url);
  }

  private async find(project: string, specifiers: readonly string[], complete: boolean): Promise<readonly CandidateInfo[]> {
    const specifier = specifiers.length === 0 ? null : SpecifierSet.parse(specifiers.join(","));
    const result = await this.client.findCandidates(project, { target: this.target, specifier, upgrade: complete });
    const infos = result.kind === "not-found" ? [] : result.candidates.map((c) => this.info(c));
    if (result.kind !== "offline") this.noteSkipped(project, result.rejected ?? []);
    if (result.kind === "offline") this.offlineMissing.push(result.missing);
    if (result.kind === "found" && result.from === "source-index") this.partial = true;
    // An answer that looked at the indexes is complete: a later `complete` request reuses it.
    else if (!this.memo.has(`${project}\0complete`)) this.memo.set(`${project}\0complete`, Promise.resolve(infos));
    return infos;
  }

  private noteSkipped(project: string, rejected: readonly { filename: string; detail: string }[]): void {
    const map = this.skipped.get(project) ?? new Map<string, SkippedFile>();
    for (const r of rejected) map.set(`${r.filename}|${r.detail}`, { filename: r.filename, reason: r.detail });
    this.skipped.set(project, map);
  }

  private info(candidate: C): CandidateInfo {
    this.byUrl.set(candidate.link.url, candidate);
    const link = candidate.link;
    const isWheel = candidate.kind === "wheel";
    return {
      filename: link.filename,
      version: candidate.version,
      url: link.url,
      hashes: link.hashes,
      requiresPython: link.requiresPython,
      yanked: link.yanked === null ? false : link.yanked === "" ? true : link.yanked,
      isWheel,
      ...(isWheel ? { tags: wheelFileTags(link.filename) } : {}),
      ...(candidate.buildTag ? { buildTag: candidate.buildTag } : {}),
    };
  }
}
