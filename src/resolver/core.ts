/**
 * The generic backtracking resolver (resolvelib's `Resolution`, with its
 * backjumping). It knows nothing about Python: requirements and candidates
 * are opaque values handled by a `Provider`.
 *
 * The state is a stack. Each state holds the pins made so far (`mapping`,
 * in pin order) and one criterion per identifier: the requirements on it,
 * who required them, the remaining candidates (best first) and the
 * candidates known to be incompatible. A round picks the unsatisfied
 * identifier the provider prefers and pins its first candidate whose
 * dependencies can be added without leaving another identifier with no
 * candidate. When no candidate works, the resolver backjumps to the last pin
 * related to the conflict, marks that pin incompatible (remembered in the
 * criteria, so it is never tried again in that context) and continues.
 *
 * Deterministic: the order of requirements, candidates and dependencies
 * given by the provider fully decides the outcome.
 */
import { AccelError } from "../report/errors.js";
import { RequirementsConflicted, ResolutionImpossible, ResolutionTooDeep, type RejectedAttempt } from "./errors.js";
import type { IdentifierLookup, PreferenceKey, Provider, RequirementInformation } from "./provider.js";
import type { ResolverReporter } from "./reporter.js";

interface Criterion<R, C> {
  readonly candidates: readonly C[];
  readonly information: readonly RequirementInformation<R, C>[];
  readonly incompatibilities: readonly C[];
}

interface State<R, C> {
  readonly mapping: Map<string, C>;
  criteria: Map<string, Criterion<R, C>>;
  backtrackCauses: readonly RequirementInformation<R, C>[];
}

/** One edge of the result graph: `from` (null for the root) requires `to`. */
export interface ResolutionEdge<R> {
  readonly from: string | null;
  readonly to: string;
  readonly requirement: R;
}

export interface ResolutionResult<R, C> {
  /** Pins by identifier, in pin order. Only identifiers reachable from the root. */
  readonly mapping: ReadonlyMap<string, C>;
  /** For each pinned identifier, the requirements on it and who required them. */
  readonly information: ReadonlyMap<string, readonly RequirementInformation<R, C>[]>;
  readonly edges: readonly ResolutionEdge<R>[];
  /** Rounds used (one pin attempt each). */
  readonly rounds: number;
}

export interface CoreOptions<R, C> {
  /** Give up after this many rounds (default 200 000, as pip). */
  maxRounds?: number;
  reporter?: ResolverReporter<R, C>;
}

/** Resolves `requirements` with `provider`. Throws ResolutionImpossible or ResolutionTooDeep. */
export async function resolveWith<R, C>(provider: Provider<R, C>, requirements: readonly R[], options: CoreOptions<R, C> = {}): Promise<ResolutionResult<R, C>> {
  return new Resolution(provider, options.reporter ?? {}).run(requirements, options.maxRounds ?? 200_000);
}

function compareKeys(a: PreferenceKey, b: PreferenceKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

class Resolution<R, C> {
  private states: State<R, C>[] = [];
  private readonly attempts = new Map<string, RejectedAttempt<R, C>[]>();
  /** Candidates that can never be part of a solution, whatever else is pinned. */
  private readonly dead = new Map<string, C[]>();

  constructor(private readonly provider: Provider<R, C>, private readonly reporter: ResolverReporter<R, C>) {}

  private get state(): State<R, C> {
    return this.states[this.states.length - 1]!;
  }

  async run(requirements: readonly R[], maxRounds: number): Promise<ResolutionResult<R, C>> {
    this.states = [{ mapping: new Map(), criteria: new Map(), backtrackCauses: [] }];
    this.provider.prefetch?.(requirements);
    for (const requirement of requirements) {
      try {
        await this.addToCriteria(this.state.criteria, requirement, null);
      } catch (error) {
        if (error instanceof RequirementsConflicted) throw this.impossible(error.information as RequirementInformation<R, C>[]);
        throw error;
      }
    }
    this.pushNewState();
    for (let round = 0; round < maxRounds; round++) {
      this.reporter.onStartRound?.(round);
      const criteria = this.state.criteria;
      const unsatisfied = [...criteria.keys()].filter((id) => !this.isCurrentPinSatisfying(id, criteria.get(id)!));
      if (unsatisfied.length === 0) {
        this.reporter.onEnd?.(this.state.mapping.size);
        return this.buildResult(round);
      }
      const satisfied = new Set([...criteria.keys()].filter((id) => !unsatisfied.includes(id)));
      const name = this.choose(this.narrowToCauses(unsatisfied));
      const failures = await this.attemptToPin(name);
      if (failures.length > 0) {
        const causes = failures.flat();
        const success = await this.backjump(causes);
        this.state.backtrackCauses = causes;
        if (!success) throw this.impossible(causes);
      } else {
        // A new requirement may have invalidated an earlier pin: its dependencies no longer count.
        const invalidated = new Set([...satisfied].filter((id) => !this.isCurrentPinSatisfying(id, this.state.criteria.get(id)!)));
        this.removeInformationFrom(invalidated);
        this.pushNewState();
      }
    }
    throw new ResolutionTooDeep(maxRounds);
  }

  /** After a conflict, work on the identifiers involved in it first (resolvelib 1.0.1). */
  private narrowToCauses(unsatisfied: string[]): string[] {
    const causes = this.state.backtrackCauses;
    if (causes.length === 0) return unsatisfied;
    const ids = new Set<string>();
    for (const cause of causes) {
      ids.add(this.provider.identify(cause.requirement));
      if (cause.parent !== null) ids.add(this.provider.identify(cause.parent));
    }
    const narrowed = unsatisfied.filter((id) => ids.has(id));
    return narrowed.length > 0 ? narrowed : unsatisfied;
  }

  private choose(names: string[]): string {
    let best = names[0]!;
    let bestKey = this.preference(best);
    for (const name of names.slice(1)) {
      const key = this.preference(name);
      if (compareKeys(key, bestKey) < 0) {
        best = name;
        bestKey = key;
      }
    }
    return best;
  }

  private preference(identifier: string): PreferenceKey {
    const criterion = this.state.criteria.get(identifier)!;
    return this.provider.getPreference({
      identifier,
      resolutions: this.state.mapping,
      candidates: criterion.candidates,
      information: criterion.information,
      backtrackCauses: this.state.backtrackCauses,
    });
  }

  private pushNewState(): void {
    const base = this.state;
    this.states.push({ mapping: new Map(base.mapping), criteria: new Map(base.criteria), backtrackCauses: base.backtrackCauses });
  }

  private isCurrentPinSatisfying(identifier: string, criterion: Criterion<R, C>): boolean {
    const pin = this.state.mapping.get(identifier);
    if (pin === undefined) return false;
    return criterion.information.every((info) => this.provider.isSatisfiedBy(info.requirement, pin));
  }

  private lookups(criteria: Map<string, Criterion<R, C>>, extra: { id: string; requirement?: R; incompatibilities?: readonly C[] }): [IdentifierLookup<R>, IdentifierLookup<C>] {
    const requirements: IdentifierLookup<R> = {
      get: (id) => {
        const own = criteria.get(id)?.information.map((i) => i.requirement) ?? [];
        return id === extra.id && extra.requirement !== undefined ? [...own, extra.requirement] : own;
      },
    };
    const incompatibilities: IdentifierLookup<C> = {
      get: (id) => {
        const contextual = id === extra.id && extra.incompatibilities ? extra.incompatibilities : criteria.get(id)?.incompatibilities ?? [];
        const dead = this.dead.get(id);
        return dead === undefined ? contextual : [...contextual, ...dead];
      },
    };
    return [requirements, incompatibilities];
  }

  private async addToCriteria(criteria: Map<string, Criterion<R, C>>, requirement: R, parent: C | null): Promise<void> {
    this.reporter.onAddRequirement?.(requirement, parent);
    const id = this.provider.identify(requirement);
    const existing = criteria.get(id);
    const incompatibilities = existing?.incompatibilities ?? [];
    const [reqs, incs] = this.lookups(criteria, { id, requirement, incompatibilities });
    const candidates = await this.provider.findMatches(id, reqs, incs);
    const information = [...(existing?.information ?? []), { requirement, parent }];
    if (candidates.length === 0) throw new RequirementsConflicted<R, C>(id, information);
    criteria.set(id, { candidates, information, incompatibilities });
  }

  private async updatedCriteria(candidate: C): Promise<Map<string, Criterion<R, C>>> {
    const criteria = new Map(this.state.criteria);
    const dependencies = await this.provider.getDependencies(candidate);
    this.provider.prefetch?.(dependencies);
    for (const dependency of dependencies) {
      await this.addToCriteria(criteria, dependency, candidate);
    }
    return criteria;
  }

  private log(id: string, attempt: RejectedAttempt<R, C>): void {
    const list = this.attempts.get(id) ?? [];
    list.push(attempt);
    this.attempts.set(id, list);
  }

  /** Pins the first workable candidate of `name`; returns the conflicts met when none works. */
  private async attemptToPin(name: string): Promise<RequirementInformation<R, C>[][]> {
    const criterion = this.state.criteria.get(name)!;
    const causes: RequirementInformation<R, C>[][] = [];
    // A criterion restored by a backjump may still list candidates found dead since; skip them
    // (unless nothing else is left, so that a failure still reports its causes).
    const dead = this.dead.get(name) ?? [];
    const alive = dead.length === 0 ? criterion.candidates : criterion.candidates.filter((c) => !dead.includes(c));
    for (const candidate of alive.length > 0 ? alive : criterion.candidates) {
      let criteria: Map<string, Criterion<R, C>>;
      try {
        criteria = await this.updatedCriteria(candidate);
      } catch (error) {
        if (!(error instanceof RequirementsConflicted)) throw error;
        const information = error.information as RequirementInformation<R, C>[];
        if (this.isContextFree(error.identifier, information, candidate)) this.markDead(name, candidate);
        this.reporter.onReject?.(name, candidate, information);
        this.log(name, { candidate, kind: "conflict", causes: information });
        causes.push(information);
        continue;
      }
      const unmet = criterion.information.filter((info) => !this.provider.isSatisfiedBy(info.requirement, candidate));
      if (unmet.length > 0) {
        throw new AccelError("resolver-inconsistent-candidate", `The provider offered a candidate for ${name} that does not satisfy its requirements.`);
      }
      this.state.criteria = criteria;
      this.state.mapping.delete(name);
      this.state.mapping.set(name, candidate);
      this.reporter.onPin?.(name, candidate);
      return [];
    }
    this.propagateDead(name, new Set());
    return causes;
  }

  /** A conflict that only the candidate's own requirements take part in holds in every context. */
  private isContextFree(identifier: string, information: readonly RequirementInformation<R, C>[], candidate: C): boolean {
    if (this.provider.matchesAreLocal?.(identifier) !== true) return false;
    if ((this.state.criteria.get(identifier)?.incompatibilities.length ?? 0) > 0) return false;
    return information.every((info) => info.parent === candidate);
  }

  private markDead(identifier: string, candidate: C): void {
    const list = this.dead.get(identifier) ?? [];
    if (!list.includes(candidate)) list.push(candidate);
    this.dead.set(identifier, list);
  }

  /**
   * When every candidate of `identifier` is dead and all its requirements come
   * from one parent, that parent can never be used either: mark it and go up.
   */
  private propagateDead(identifier: string, seen: Set<string>): void {
    if (seen.has(identifier) || this.provider.matchesAreLocal?.(identifier) !== true) return;
    seen.add(identifier);
    const criterion = this.state.criteria.get(identifier);
    if (criterion === undefined || criterion.incompatibilities.length > 0) return;
    const dead = this.dead.get(identifier) ?? [];
    if (!criterion.candidates.every((c) => dead.includes(c))) return;
    const parent = criterion.information[0]?.parent ?? null;
    if (parent === null || !criterion.information.every((info) => info.parent === parent)) return;
    const parentId = this.provider.identify(parent);
    this.markDead(parentId, parent);
    this.propagateDead(parentId, seen);
  }

  /**
   * Undoes pins back to the last one related to the conflict, marks it
   * incompatible and carries over what was learnt. False when there is
   * nothing left to undo.
   */
  private async backjump(causes: RequirementInformation<R, C>[]): Promise<boolean> {
    const related = new Set<string>();
    for (const cause of causes) {
      related.add(this.provider.identify(cause.requirement));
      if (cause.parent !== null) related.add(this.provider.identify(cause.parent));
    }
    while (this.states.length >= 3) {
      this.states.pop(); // the state whose pin attempt failed
      let broken: State<R, C>;
      let name: string;
      let candidate: C;
      for (;;) {
        broken = this.states.pop()!;
        const last = [...broken.mapping].pop();
        if (last === undefined || this.states.length === 0) return false;
        [name, candidate] = last;
        broken.mapping.delete(name);
        if (related.has(name)) break;
        const deps = await this.provider.getDependencies(candidate);
        if (deps.some((d) => related.has(this.provider.identify(d)))) break;
        if (broken.mapping.size === 0) break;
      }
      this.reporter.onBacktrack?.(name, candidate);
      this.log(name, { candidate, kind: "backtracked", causes });
      const learnt: [string, C[]][] = [...broken.criteria].map(([k, v]) => [k, [...v.incompatibilities]]);
      learnt.push([name, [candidate]]);
      this.pushNewState();
      const failed = await this.patchCriteria(learnt);
      if (failed === null) return true;
      // The identifier left without candidates is now part of the conflict too.
      for (const info of failed) {
        related.add(this.provider.identify(info.requirement));
        if (info.parent !== null) related.add(this.provider.identify(info.parent));
      }
    }
    return false;
  }

  /** Applies incompatibilities to the top state; returns the information of a criterion left with no candidate, or null. */
  private async patchCriteria(learnt: [string, C[]][]): Promise<readonly RequirementInformation<R, C>[] | null> {
    const criteria = this.state.criteria;
    for (const [id, incompatibilities] of learnt) {
      if (incompatibilities.length === 0) continue;
      const criterion = criteria.get(id);
      if (criterion === undefined) continue;
      const merged = [...incompatibilities, ...criterion.incompatibilities];
      const [reqs, incs] = this.lookups(criteria, { id, incompatibilities: merged });
      const candidates = await this.provider.findMatches(id, reqs, incs);
      if (candidates.length === 0) return criterion.information;
      criteria.set(id, { candidates, information: criterion.information, incompatibilities: merged });
    }
    return null;
  }

  private removeInformationFrom(parents: Set<string>): void {
    if (parents.size === 0) return;
    const criteria = this.state.criteria;
    for (const [id, criterion] of criteria) {
      const information = criterion.information.filter((i) => i.parent === null || !parents.has(this.provider.identify(i.parent)));
      criteria.set(id, { ...criterion, information });
    }
  }

  private impossible(causes: readonly RequirementInformation<R, C>[]): ResolutionImpossible<R, C> {
    const information = new Map<string, readonly RequirementInformation<R, C>[]>();
    for (const state of this.states) for (const [id, c] of state.criteria) information.set(id, c.information);
    return new ResolutionImpossible<R, C>(causes, new Map(this.attempts), information);
  }

  /** Keeps only pins reachable from the requested requirements, and the edges between them. */
  private buildResult(rounds: number): ResolutionResult<R, C> {
    const { mapping, criteria } = this.state;
    const edges: ResolutionEdge<R>[] = [];
    for (const [id, criterion] of criteria) {
      for (const info of criterion.information) {
        const from = info.parent === null ? null : this.provider.identify(info.parent);
        if (from !== null && mapping.get(from) !== info.parent) continue;
        edges.push({ from, to: id, requirement: info.requirement });
      }
    }
    const reachable = new Set<string>();
    const queue = edges.filter((e) => e.from === null).map((e) => e.to);
    while (queue.length > 0) {
      const id = queue.pop()!;
      if (reachable.has(id)) continue;
      reachable.add(id);
      for (const e of edges) if (e.from === id) queue.push(e.to);
    }
    const pins = new Map([...mapping].filter(([id]) => reachable.has(id)));
    const information = new Map([...pins.keys()].map((id) => [id, criteria.get(id)!.information]));
    return { mapping: pins, information, edges: edges.filter((e) => reachable.has(e.to) && (e.from === null || reachable.has(e.from))), rounds };
  }
}
