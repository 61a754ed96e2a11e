/**
 * The Provider: the only way the generic resolver core (`core.ts`) learns
 * about the world. resolvelib's `AbstractProvider`, made async where it may
 * touch the network.
 *
 * Call order, per round of the core:
 * 1. `identify` on every requirement the core is given (requested ones and
 *    dependencies) and on candidates it pins. Identifiers are plain strings.
 * 2. `findMatches(identifier, ...)` whenever a requirement is added for an
 *    identifier, or after backtracking when new incompatibilities are known.
 *    It returns the candidates that satisfy *all* requirements on the
 *    identifier, excluding the incompatibilities, **best first**. It must not
 *    fetch dependency metadata (that is what keeps resolution lazy).
 * 3. `getPreference` picks which unpinned identifier to work on next (the
 *    smallest key wins).
 * 4. `getDependencies(candidate)` only for candidates the core tries to pin.
 *    This is the one place metadata may be fetched; the provider memoises it.
 * 5. `isSatisfiedBy` checks a pin against requirements added later.
 * 6. `prefetch` (optional), before the requested requirements and each
 *    candidate's dependencies are added: a hint to start fetches early.
 *
 * Ownership: requirement and candidate objects belong to the provider; the
 * core only stores and returns them. Everything must be deterministic.
 */

/** A requirement together with the candidate whose dependency it is (null when requested). */
export interface RequirementInformation<R, C> {
  readonly requirement: R;
  readonly parent: C | null;
}

/** A read-only view of the core's criteria, by identifier (empty list when unknown). */
export interface IdentifierLookup<T> {
  get(identifier: string): readonly T[];
}

/** What the core knows when asking which identifier to resolve next. */
export interface PreferenceContext<R, C> {
  readonly identifier: string;
  /** Current pins by identifier. */
  readonly resolutions: ReadonlyMap<string, C>;
  /** The remaining candidates for this identifier, best first. */
  readonly candidates: readonly C[];
  /** Every requirement on this identifier and who asked for it. */
  readonly information: readonly RequirementInformation<R, C>[];
  /** The requirements involved in the last conflict (resolvelib's backtrack causes). */
  readonly backtrackCauses: readonly RequirementInformation<R, C>[];
}

/** Compared element by element; the smallest key is resolved first. */
export type PreferenceKey = readonly (number | string)[];

export interface Provider<R, C> {
  /** The identifier a requirement or a candidate belongs to (e.g. `name` or `name[extra]`). */
  identify(item: R | C): string;
  /** A sort key: the identifier with the smallest key is pinned next. */
  getPreference(context: PreferenceContext<R, C>): PreferenceKey;
  /**
   * Candidates for `identifier` that satisfy every requirement in
   * `requirements.get(identifier)` and are not in
   * `incompatibilities.get(identifier)`, best first. The lookups also give
   * access to other identifiers (e.g. the base project of an extra).
   */
  findMatches(
    identifier: string,
    requirements: IdentifierLookup<R>,
    incompatibilities: IdentifierLookup<C>,
  ): Promise<readonly C[]>;
  /** True when `candidate` satisfies `requirement`. Cheap and synchronous. */
  isSatisfiedBy(requirement: R, candidate: C): boolean;
  /** The dependencies of a candidate (may fetch metadata; memoise it). */
  getDependencies(candidate: C): Promise<readonly R[]>;
  /**
   * Optional: true when `findMatches(identifier)` depends only on the
   * requirements and incompatibilities of that identifier (not on other
   * identifiers). It lets the core learn context-free incompatibilities: a
   * candidate whose own dependency can never be met is dropped for the whole
   * resolution, and so is a parent whose requirement only such candidates
   * match. Missing means false.
   */
  matchesAreLocal?(identifier: string): boolean;
  /**
   * Optional: a hint that `findMatches` will soon be asked about these
   * requirements (the requested ones, then each pinned candidate's
   * dependencies, which the core adds one after another). A provider that
   * fetches candidate lists can start them all at once here. It must not
   * change any answer, and a failure must surface only where the answer is
   * awaited.
   */
  prefetch?(requirements: readonly R[]): void;
}
