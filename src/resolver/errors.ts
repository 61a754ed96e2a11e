/**
 * Errors of the resolver core. `ResolutionImpossible` carries structured
 * causes; `explain.ts` turns them into text (never the error class).
 */
import { AccelError } from "../report/errors.js";
import type { RequirementInformation } from "./provider.js";

/** One candidate the core tried to pin and why it was given up. */
export interface RejectedAttempt<R, C> {
  readonly candidate: C;
  /**
   * `conflict`: a dependency of the candidate cannot be met together with the
   * other requirements listed in `causes`. `inconsistent`: the candidate does
   * not satisfy a requirement on its own identifier. `backtracked`: it was
   * pinned, then undone because it led to a conflict later.
   */
  readonly kind: "conflict" | "inconsistent" | "backtracked";
  readonly causes: readonly RequirementInformation<R, C>[];
}

/** What the core learnt while failing: attempts per identifier, in order. */
export type AttemptLog<R, C> = ReadonlyMap<string, readonly RejectedAttempt<R, C>[]>;

/** No set of candidates satisfies the requirements. */
export class ResolutionImpossible<R = unknown, C = unknown> extends AccelError {
  /** The requirements that could not be satisfied together, and who required them. */
  readonly causes: readonly RequirementInformation<R, C>[];
  /** Every rejected candidate per identifier, for explanations. */
  readonly attempts: AttemptLog<R, C>;
  /** Who required what when resolution stopped, by identifier (for "required by" chains). */
  readonly information: ReadonlyMap<string, readonly RequirementInformation<R, C>[]>;

  constructor(
    causes: readonly RequirementInformation<R, C>[],
    attempts: AttemptLog<R, C>,
    information: ReadonlyMap<string, readonly RequirementInformation<R, C>[]> = new Map(),
    message = "The requirements cannot be satisfied together.",
  ) {
    super("resolution-impossible", message, { hint: "Relax one of the conflicting requirements listed above." });
    this.name = "ResolutionImpossible";
    this.causes = causes;
    this.attempts = attempts;
    this.information = information;
  }
}

/** The resolver gave up after its round limit (pip's ResolutionTooDeep). */
export class ResolutionTooDeep extends AccelError {
  readonly rounds: number;
  constructor(rounds: number) {
    super("resolution-too-deep", `Resolution gave up after ${rounds} rounds without finding a solution.`, {
      hint: "Add tighter version constraints (e.g. with a constraints file) to reduce backtracking, or raise the round limit.",
    });
    this.name = "ResolutionTooDeep";
    this.rounds = rounds;
  }
}

/** Internal: adding a requirement left its identifier with no candidates. */
export class RequirementsConflicted<R, C> extends Error {
  constructor(readonly identifier: string, readonly information: readonly RequirementInformation<R, C>[]) {
    super(`Requirements on ${identifier} conflict`);
    this.name = "RequirementsConflicted";
  }
}
