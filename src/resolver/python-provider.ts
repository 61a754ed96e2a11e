/**
 * The Python provider: pip's rules for choosing candidates (pip-behaviour.md
 * §3.5–3.6) on top of a `CandidateSource` and a `MetadataSource`.
 *
 * - Identifiers are `name` and `name[extras]`; an extras candidate depends on
 *   its base candidate (same file) plus the requirements its extras enable.
 * - Metadata is fetched only in `getDependencies`, memoised per file.
 * - A candidate whose metadata is unavailable, or whose metadata
 *   Requires-Python excludes the target, gets a dependency that cannot be met,
 *   so the core skips it and the explanation says why.
 * - All state lives in the instance: one provider per resolution.
 */
import { isTransferFailure } from "../report/errors.js";
import { SpecifierSet, Version, parseVersion } from "../pep440/index.js";
import { applicableFiles, isPinned, pythonMatches, versionKey, type FileRejection, type FormatControl, type OrderingPolicy } from "./candidate-ordering.js";
import { canonicalizeName, type Marker } from "../pep508/index.js";
import type { IdentifierLookup, PreferenceContext, PreferenceKey, Provider } from "./provider.js";
import {
  filenameFromUrl, hashesFromUrl, isSourceTreeUrl, makeRequirement, markerMentionsExtra, normalizeUrl, parseRequirementText, versionFromFilename,
  type MarkerValues, type ParsedRequirement,
} from "./python-requirements.js";
import {
  PYTHON_ID, baseOf, identifierFor,
  type BaseCandidate, type DirectCandidate, type ExtrasCandidate, type LinkCandidate, type PyCandidate, type PyRequirement, type SpecifierRequirement,
} from "./python-types.js";
import type {
  CandidateInfo, CandidateMetadata, CandidateSource, InstalledDistributionInfo, MetadataResult, MetadataSource, SourceTreeSource, TargetEnvironment,
} from "./sources.js";
import { wheelFileTags } from "./candidate-ordering.js";

export interface PythonProviderOptions {
  readonly candidateSource: CandidateSource;
  readonly metadataSource: MetadataSource;
  /** Turns VCS URLs and directories into archives; without it such references are unavailable. */
  readonly sourceTrees?: SourceTreeSource;
  readonly environment: TargetEnvironment;
  /** Specifiers from constraint files, by normalised name (already marker-filtered). */
  readonly constraints?: ReadonlyMap<string, readonly SpecifierSet[]>;
  /** Allow pre-releases everywhere (`--pre`). */
  readonly pre?: boolean;
  /** `-U`: do not prefer installed versions of the requested projects (or of all with "eager"). */
  readonly upgrade?: boolean;
  readonly upgradeStrategy?: "only-if-needed" | "eager";
  /** Names requested by the user (for the only-if-needed strategy). */
  readonly requestedNames?: ReadonlySet<string>;
  readonly installed?: readonly InstalledDistributionInfo[];
  readonly formats?: FormatControl;
  readonly ignoreRequiresPython?: boolean;
  /** Ask the candidate source for complete lists from the start (the retry after a failed offline-first attempt). */
  readonly completeLists?: boolean;
}

const NO_FORMATS: FormatControl = { noBinary: [], onlyBinary: [], preferBinary: false };

export class PythonProvider implements Provider<PyRequirement, PyCandidate> {
  /** Files whose metadata was requested, in order (`name version filename`). */
  readonly metadataLog: string[] = [];
  readonly warnings: string[] = [];
  private readonly policy: OrderingPolicy;
  private readonly env: MarkerValues;
  private readonly python: Version;
  private readonly lists = new Map<string, Promise<readonly CandidateInfo[]>>();
  private readonly metadata = new Map<string, Promise<MetadataResult>>();
  private readonly directs = new Map<string, Promise<DirectCandidate | string>>();
  private readonly fileCache = new Map<string, BaseCandidate[]>();
  private readonly dependencies = new Map<string, Promise<readonly PyRequirement[]>>();
  private readonly rejections = new Map<string, Map<string, FileRejection>>();
  private readonly installed = new Map<string, InstalledDistributionInfo>();
  /** `specifier|version` -> contains(prereleases: true); specifier checks dominate resolution time. */
  private readonly containsMemo = new Map<string, boolean>();

  constructor(private readonly options: PythonProviderOptions) {
    this.env = options.environment.markers;
    const full = this.env["python_full_version"] ?? this.env["python_version"] ?? "3";
    this.python = Version.parse(full);
    this.policy = {
      python: full,
      tagPriority: new Map(options.environment.tags.map((t, i) => [t.toLowerCase(), i] as const).reverse()),
      allowPrereleases: options.pre ?? false,
      ignoreRequiresPython: options.ignoreRequiresPython ?? false,
      formats: options.formats ?? NO_FORMATS,
      contains: (spec, version) => this.contains(spec, version),
    };
    for (const dist of options.installed ?? []) this.installed.set(canonicalizeName(dist.name), dist);
  }

  identify(item: PyRequirement | PyCandidate): string {
    return item.id;
  }

  getPreference(ctx: PreferenceContext<PyRequirement, PyCandidate>): PreferenceKey {
    const reqs = ctx.information.map((i) => i.requirement);
    const direct = reqs.some((r) => r.kind === "url" || r.kind === "pinned");
    const pinned = reqs.some((r) => r.kind === "specifier" && isPinned([r.specifier]));
    const cause = ctx.backtrackCauses.some((c) => c.requirement.id === ctx.identifier || c.parent?.id === ctx.identifier);
    return [ctx.identifier === PYTHON_ID ? 0 : 1, direct ? 0 : 1, pinned ? 0 : 1, cause ? 0 : 1, ctx.candidates.length, ctx.identifier];
  }

  async findMatches(id: string, requirements: IdentifierLookup<PyRequirement>, incompatibilities: IdentifierLookup<PyCandidate>): Promise<readonly PyCandidate[]> {
    if (id === PYTHON_ID) {
      const ok = requirements.get(id).every((r) => r.kind === "python" && r.specifier.contains(this.python, { prereleases: true }));
      return ok ? [this.pythonCandidate()] : [];
    }
    const m = /^([^[<]+)(?:\[(.*)\])?$/.exec(id);
    if (!m) return []; // <unavailable:...>
    const name = m[1]!;
    const extras = m[2] ? m[2].split(",") : [];
    const reqs = [...requirements.get(id), ...(extras.length > 0 ? requirements.get(name) : [])];
    const bad = new Set(incompatibilities.get(id).map((c) => baseOf(c).key));
    const bases = (await this.baseCandidates(name, reqs)).filter((c) => !bad.has(c.key));
    if (extras.length === 0) return bases;
    return bases.map((base): ExtrasCandidate => ({
      role: "candidate", kind: "extras", id, name, version: base.version, base, extras, key: `${base.key}[${extras.join(",")}]`,
    }));
  }

  private contains(spec: SpecifierSet, version: Version): boolean {
    if (spec.isEmpty) return true;
    const key = `${spec.toString()}|${version.toString()}`;
    let result = this.containsMemo.get(key);
    if (result === undefined) {
      result = spec.contains(version, { prereleases: true });
      this.containsMemo.set(key, result);
    }
    return result;
  }

  /** Extras identifiers also look at the requirements on their base project. */
  matchesAreLocal(identifier: string): boolean {
    return !identifier.includes("[");
  }

  isSatisfiedBy(requirement: PyRequirement, candidate: PyCandidate): boolean {
    switch (requirement.kind) {
      case "python":
      case "specifier":
        return this.contains(requirement.specifier, candidate.version);
      case "url": {
        const base = baseOf(candidate);
        return (base.kind === "direct" || base.kind === "link") && normalizeUrl(base.info.reference?.url ?? base.info.url) === normalizeUrl(requirement.url);
      }
      case "pinned":
        return baseOf(candidate).key === requirement.candidate.key;
      case "unavailable":
        return false;
    }
  }

  /**
   * Starts reading, all at once, the candidate lists of index requirements
   * and the metadata of each one's best candidate: what the core asks next,
   * one project after another. A project already listed, or with an
   * installed version that may satisfy it, is left alone. Failures are
   * reported where the answers are awaited.
   */
  prefetch(requirements: readonly PyRequirement[]): void {
    for (const r of requirements) {
      if (r.kind !== "specifier" || this.lists.has(r.name) || this.installed.has(r.name)) continue;
      // The call findMatches makes for a project's first requirement.
      const specs = [r.specifier, ...this.constraintsFor(r.name)];
      this.indexCandidates(r.name, specs, [r])
        .then((candidates) => (candidates[0]?.kind === "link" ? this.fetchMetadata(r.name, candidates[0].info) : null))
        .catch(() => undefined);
    }
  }

  getDependencies(candidate: PyCandidate): Promise<readonly PyRequirement[]> {
    let deps = this.dependencies.get(candidate.key);
    if (deps === undefined) {
      deps = this.computeDependencies(candidate);
      this.dependencies.set(candidate.key, deps);
    }
    return deps;
  }

  /** Constraint-file specifiers on a project. */
  constraintsFor(name: string): readonly SpecifierSet[] {
    return this.options.constraints?.get(name) ?? [];
  }

  /** Files left out for a project (requires-python, yanked, tags, format control, hashes). */
  rejectionsFor(name: string): readonly FileRejection[] {
    const own = [...(this.rejections.get(name)?.values() ?? [])];
    const seen = new Set(own.map((r) => r.filename));
    const skipped = (this.options.candidateSource.skippedFiles?.(name) ?? []).filter((s) => !seen.has(s.filename));
    return [...own, ...skipped.map((s) => ({ version: "", filename: s.filename, reason: s.reason }))];
  }

  /** Every valid version the sources list for a project, ascending (only projects already listed). */
  async availableVersions(name: string): Promise<string[]> {
    const infos = await (this.lists.get(name) ?? Promise.resolve([]));
    const versions = new Map<string, Version>();
    for (const info of infos) {
      const v = parseVersion(info.version);
      if (v !== null && !info.yanked) versions.set(versionKey(v), v);
    }
    return [...versions.values()].sort((a, b) => a.compare(b)).map(String);
  }

  /** True when -U applies to this project. */
  private upgrades(name: string): boolean {
    if (!this.options.upgrade) return false;
    return this.options.upgradeStrategy === "eager" || (this.options.requestedNames?.has(name) ?? false);
  }

  private pythonCandidate(): PyCandidate {
    return { role: "candidate", kind: "python", id: PYTHON_ID, name: "", version: this.python, key: PYTHON_ID };
  }

  private async baseCandidates(name: string, reqs: readonly PyRequirement[]): Promise<BaseCandidate[]> {
    const specReqs = reqs.filter((r): r is SpecifierRequirement => r.kind === "specifier");
    const specs = [...specReqs.map((r) => r.specifier), ...(this.options.constraints?.get(name) ?? [])];
    const fits = (c: BaseCandidate) => specs.every((s) => this.contains(s, c.version));
    const urls = [...new Set(reqs.flatMap((r) => (r.kind === "url" ? [normalizeUrl(r.url)] : [])))];
    const pins = reqs.flatMap((r) => (r.kind === "pinned" ? [r.candidate] : []));
    if (pins.length > 0) {
      const pin = pins[0]!;
      const ok = pins.every((p) => p.key === pin.key) && fits(pin) && reqs.every((r) => r.kind !== "url" || this.isSatisfiedBy(r, pin));
      return ok ? [pin] : [];
    }
    if (urls.length > 1) return [];
    if (urls.length === 1) {
      const direct = await this.direct(name, urls[0]!);
      if (typeof direct === "string") {
        this.reject(name, { version: "", filename: filenameFromUrl(urls[0]!), reason: direct });
        return [];
      }
      return fits(direct) ? [direct] : [];
    }
    const fromIndex = await this.indexCandidates(name, specs, specReqs);
    const dist = this.installed.get(name);
    if (dist === undefined || this.upgrades(name)) return fromIndex;
    const version = parseVersion(dist.version);
    if (version === null || !specs.every((s) => s.contains(version, { prereleases: true }))) return fromIndex;
    const installed: BaseCandidate = { role: "candidate", kind: "installed", id: name, name, version, dist, key: `${name}@${versionKey(version)}@installed` };
    return [installed, ...fromIndex.filter((c) => versionKey(c.version) !== versionKey(version))];
  }

  private async indexCandidates(name: string, specs: readonly SpecifierSet[], specReqs: readonly SpecifierRequirement[]): Promise<BaseCandidate[]> {
    const hashed = specReqs.filter((r) => r.hashes.length > 0);
    let allowed: Set<string> | null = null;
    for (const r of hashed) allowed = allowed === null ? new Set(r.hashes) : new Set(r.hashes.filter((h) => allowed!.has(h)));
    const cacheKey = `${name}|${specs.map(String).join(";")}|${allowed ? [...allowed].sort().join(",") : "-"}`;
    const cached = this.fileCache.get(cacheKey);
    if (cached) return cached;
    let infos = await this.list(name, specs, this.options.completeLists ?? false);
    let files = applicableFiles(name, infos, specs, allowed, this.policy, (r) => this.reject(name, r));
    if (files.length === 0 && !this.options.completeLists) {
      infos = await this.list(name, specs, true);
      files = applicableFiles(name, infos, specs, allowed, this.policy, (r) => this.reject(name, r));
    }
    const candidates = files.map((f): LinkCandidate => ({
      role: "candidate", kind: "link", id: name, name, version: f.version, info: f.info, key: `${name}@${versionKey(f.version)}@${f.info.url}`,
    }));
    this.fileCache.set(cacheKey, candidates);
    return candidates;
  }

  /** The project's files, memoised; `complete` asks an offline-first source for every index's files. */
  private list(name: string, specs: readonly SpecifierSet[], complete: boolean): Promise<readonly CandidateInfo[]> {
    const key = complete ? `${name}\0complete` : name;
    let list = this.lists.get(key);
    if (list === undefined) {
      const specifiers = specs.map(String).filter((s) => s !== "");
      list = this.options.candidateSource.listCandidates(name, complete ? { specifiers, complete } : { specifiers });
      this.lists.set(key, list);
      if (complete) {
        this.lists.set(name, list);
        for (const k of [...this.fileCache.keys()]) if (k.startsWith(`${name}|`)) this.fileCache.delete(k);
      }
    }
    return list;
  }

  private reject(name: string, rejection: FileRejection): void {
    const map = this.rejections.get(name) ?? new Map<string, FileRejection>();
    map.set(`${rejection.filename}|${rejection.reason}`, rejection);
    this.rejections.set(name, map);
  }

  /** The candidate of a direct reference: the version comes from the metadata, else the file name. */
  private direct(name: string, url: string): Promise<DirectCandidate | string> {
    let found = this.directs.get(url);
    if (found === undefined) {
      found = this.makeDirect(name, url);
      this.directs.set(url, found);
    }
    return found;
  }

  private async makeDirect(name: string, url: string): Promise<DirectCandidate | string> {
    if (isSourceTreeUrl(url)) {
      const trees = this.options.sourceTrees;
      if (trees === undefined) return `${url} is a VCS URL or a directory, and this resolution has no source-tree preparer`;
      const tree = await trees.prepare(name, url);
      if (tree.metadata !== undefined && !this.metadata.has(tree.url)) this.metadata.set(tree.url, Promise.resolve(tree.metadata));
      return this.directFrom(name, url, {
        filename: tree.filename, url: tree.url, version: versionFromFilename(tree.filename, name) ?? "", hashes: { ...tree.hashes },
        requiresPython: null, yanked: false, isWheel: false, reference: tree.reference,
      });
    }
    const filename = filenameFromUrl(url);
    const isWheel = filename.endsWith(".whl");
    return this.directFrom(name, url, {
      filename, url, version: versionFromFilename(filename, name) ?? "", hashes: hashesFromUrl(url), requiresPython: null, yanked: false, isWheel,
      ...(isWheel ? { tags: wheelFileTags(filename) } : {}),
    });
  }

  private async directFrom(name: string, url: string, info: CandidateInfo): Promise<DirectCandidate | string> {
    const metadata = await this.fetchMetadata(name, info);
    if (metadata.kind !== "ok") return `metadata of ${url} is unavailable: ${metadata.reason}`;
    const version = parseVersion(metadata.version ?? info.version);
    if (version === null) return `cannot tell the version of ${url}`;
    return { role: "candidate", kind: "direct", id: name, name, version, info: { ...info, version: version.toString() }, key: `${name}@${versionKey(version)}@${url}` };
  }

  private fetchMetadata(name: string, info: CandidateInfo): Promise<MetadataResult> {
    let result = this.metadata.get(info.url);
    if (result === undefined) {
      this.metadataLog.push(`${name} ${info.version} ${info.filename}`);
      result = this.options.metadataSource
        .getMetadata({ name, version: info.version || null, filename: info.filename, url: info.url, hashes: info.hashes })
        .catch((error: unknown): MetadataResult => {
          if (isTransferFailure(error)) throw error;
          return { kind: "unavailable", reason: error instanceof Error ? error.message : String(error) };
        });
      this.metadata.set(info.url, result);
    }
    return result;
  }

  private async metadataOf(base: BaseCandidate): Promise<MetadataResult> {
    if (base.kind === "installed") {
      return { kind: "ok", requiresDist: base.dist.requiresDist, requiresPython: base.dist.requiresPython ?? null, providesExtra: [] };
    }
    const result = await this.fetchMetadata(base.name, base.info);
    if (result.kind === "ok" && result.name !== undefined && canonicalizeName(result.name) !== base.name) {
      return { kind: "unavailable", reason: `its metadata names the project '${result.name}'` };
    }
    return result;
  }

  private async computeDependencies(candidate: PyCandidate): Promise<readonly PyRequirement[]> {
    if (candidate.kind === "python") return [];
    const base = candidate.kind === "extras" ? candidate.base : candidate;
    const metadata = await this.metadataOf(base);
    const label = `${base.name} ${base.version.toString()}`;
    if (metadata.kind !== "ok") {
      return [{ role: "requirement", kind: "unavailable", id: `<unavailable:${base.key}>`, name: "", extras: [], reason: metadata.reason, text: `metadata of ${label}` }];
    }
    const out: PyRequirement[] = [];
    if (candidate.kind === "extras") {
      out.push({ role: "requirement", kind: "pinned", id: base.name, name: base.name, extras: [], candidate: base, text: `${base.name}==${base.version.toString()}` });
      this.warnMissingExtras(candidate, metadata);
    } else if (!this.policy.ignoreRequiresPython && !pythonMatches(metadata.requiresPython, this.python.toString())) {
      out.push({ role: "requirement", kind: "python", id: PYTHON_ID, name: "", extras: [], specifier: SpecifierSet.parse(metadata.requiresPython!), text: `Python${metadata.requiresPython}` });
      return out;
    }
    const extras = candidate.kind === "extras" ? candidate.extras : null;
    for (const line of metadata.requiresDist) {
      let parsed: ParsedRequirement;
      try {
        parsed = parseRequirementText(line);
      } catch (error) {
        return [{ role: "requirement", kind: "unavailable", id: `<unavailable:${base.key}>`, name: "", extras: [], reason: `invalid Requires-Dist '${line}'`, text: `metadata of ${label}` }];
      }
      if (!this.markerApplies(parsed.marker, extras)) continue;
      const name = canonicalizeName(parsed.name);
      if (name === base.name) {
        // A project depending on itself: only its extras mean anything, at this very version.
        if (parsed.extras.length === 0) continue;
        out.push({ role: "requirement", kind: "pinned", id: identifierFor(name, parsed.extras), name, extras: parsed.extras, candidate: base, text: `${name}[${parsed.extras.join(",")}]==${base.version.toString()}` });
        continue;
      }
      out.push(makeRequirement(parsed));
    }
    return out;
  }

  /** Base candidates take requirements whose marker holds with no extra; extras candidates those that need one of their extras. */
  private markerApplies(marker: Marker | null, extras: readonly string[] | null): boolean {
    if (marker === null) return extras === null;
    if (extras === null) return marker.evaluate({ ...this.env, extra: "" });
    if (!markerMentionsExtra(marker) || marker.evaluate({ ...this.env, extra: "" })) return false;
    return marker.evaluateForExtras(this.env, extras);
  }

  private warnMissingExtras(candidate: ExtrasCandidate, metadata: CandidateMetadata): void {
    if (metadata.providesExtra.length === 0) return;
    const provided = new Set<string>(metadata.providesExtra.map((e) => canonicalizeName(e)));
    for (const extra of candidate.extras) {
      if (!provided.has(extra)) this.warnings.push(`${candidate.base.name} ${candidate.version.toString()} does not provide the extra '${extra}'`);
    }
  }
}
