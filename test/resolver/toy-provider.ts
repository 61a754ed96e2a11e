/**
 * A tiny provider over integer versions, for testing the generic core alone.
 * Index: name -> version -> dependencies ("b>=2", "c<3", "d==1", "e").
 */
import type { IdentifierLookup, PreferenceContext, Provider } from "../../src/resolver/provider.js";

export interface ToyRequirement { name: string; op: string; version: number }
export interface ToyCandidate { name: string; version: number }
export type ToyIndex = Record<string, Record<number, string[]>>;

export function toyRequirement(text: string): ToyRequirement {
  const m = /^([a-z0-9]+)\s*(>=|<=|==|!=|<|>)?\s*(\d+)?$/.exec(text.trim());
  if (!m) throw new Error(`bad toy requirement ${text}`);
  return { name: m[1]!, op: m[2] ?? "", version: Number(m[3] ?? 0) };
}

function allows(r: ToyRequirement, v: number): boolean {
  switch (r.op) {
    case ">=": return v >= r.version;
    case "<=": return v <= r.version;
    case "==": return v === r.version;
    case "!=": return v !== r.version;
    case "<": return v < r.version;
    case ">": return v > r.version;
    default: return true;
  }
}

export class ToyProvider implements Provider<ToyRequirement, ToyCandidate> {
  readonly dependencyCalls: string[] = [];
  constructor(private readonly index: ToyIndex) {}
  identify(item: ToyRequirement | ToyCandidate): string { return item.name; }
  getPreference(ctx: PreferenceContext<ToyRequirement, ToyCandidate>): (number | string)[] {
    return [ctx.candidates.length, ctx.identifier];
  }
  async findMatches(id: string, reqs: IdentifierLookup<ToyRequirement>, incs: IdentifierLookup<ToyCandidate>): Promise<ToyCandidate[]> {
    const bad = new Set(incs.get(id).map((c) => c.version));
    return Object.keys(this.index[id] ?? {}).map(Number).sort((a, b) => b - a)
      .filter((v) => !bad.has(v) && reqs.get(id).every((r) => allows(r, v)))
      .map((version) => ({ name: id, version }));
  }
  matchesAreLocal(): boolean { return true; }
  isSatisfiedBy(r: ToyRequirement, c: ToyCandidate): boolean { return allows(r, c.version); }
  async getDependencies(c: ToyCandidate): Promise<ToyRequirement[]> {
    this.dependencyCalls.push(`${c.name}${c.version}`);
    return (this.index[c.name]?.[c.version] ?? []).map(toyRequirement);
  }
}
