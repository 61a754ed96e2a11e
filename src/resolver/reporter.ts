/**
 * Progress hooks of the resolver core (resolvelib's `BaseReporter`). Every
 * hook is optional; `noopReporter` is the default. Hooks are called
 * synchronously and must not throw; they never change the outcome.
 */
import type { RequirementInformation } from "./provider.js";

export interface ResolverReporter<R, C> {
  /** A round starts (0-based). One round pins or rejects one identifier. */
  onStartRound?(index: number): void;
  /** A requirement was added to the criteria (requested when parent is null). */
  onAddRequirement?(requirement: R, parent: C | null): void;
  /** `candidate` was pinned for `identifier`. */
  onPin?(identifier: string, candidate: C): void;
  /** `candidate` was rejected because these requirements cannot be met with it. */
  onReject?(identifier: string, candidate: C, causes: readonly RequirementInformation<R, C>[]): void;
  /** The core undoes the pin of `candidate` and marks it incompatible. */
  onBacktrack?(identifier: string, candidate: C): void;
  /** Resolution finished with this many pins. */
  onEnd?(pins: number): void;
}

/** A reporter that ignores everything. */
export const noopReporter: ResolverReporter<never, never> = Object.freeze({});
