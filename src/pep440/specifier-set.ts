/**
 * A comma-separated set of specifier clauses (`>=1.0,!=1.3.*,<2`), matching
 * `packaging.specifiers.SpecifierSet` 26.4. The empty set matches every version.
 *
 * Pre-release policy (packaging 26): `prereleases` given to `contains`/`filter`
 * wins, then the one given to `parse`, then "true when any clause names a
 * pre-release"; when still undecided, a pre-release is kept only if no final
 * release in the same `filter` call matched (a single `contains` therefore
 * accepts a matching pre-release).
 */
import { AccelError } from "../report/errors.js";
import type { Version } from "./version.js";
import { pyStrip } from "./specifier-grammar.js";
import { coerceItem, InvalidSpecifier, Specifier, type ContainsOptions, type FilterOptions } from "./specifier.js";

/** Cost tiers so cheap, selective clauses reject first (packaging's `_operator_cost`). */
function operatorCost(spec: Specifier): number {
  const wildcard = spec.version.endsWith(".*");
  switch (spec.operator) {
    case "==": return wildcard ? 2 : 0;
    case "===": return 0;
    case "~=": return 2;
    case "!=": return wildcard ? 4 : 3;
    default: return 1;
  }
}

/** PEP 440's default: drop pre-releases when any final release (or non-version string) is present. */
function dropPrereleasesIfFinals<T>(items: readonly T[], versions: readonly (Version | null)[]): T[] {
  if (!versions.some((v) => v !== null && !v.isPrerelease)) return [...items];
  return items.filter((_, i) => versions[i] === null || !versions[i]!.isPrerelease);
}

export class SpecifierSet {
  readonly specifiers: readonly Specifier[];
  /** The `prereleases` given at construction, or null. */
  readonly explicitPrereleases: boolean | null;
  private ordered: readonly Specifier[] | null = null;
  private implied: boolean | null | undefined = undefined;

  private constructor(specifiers: readonly Specifier[], prereleases: boolean | null) {
    this.specifiers = specifiers;
    this.explicitPrereleases = prereleases;
  }

  /** Parses `text` (clauses separated by commas; empty clauses ignored). Throws InvalidSpecifier. */
  static parse(text: string, prereleases: boolean | null = null): SpecifierSet {
    const specifiers: Specifier[] = [];
    let start = 0;
    for (const part of text.split(",")) {
      const clause = pyStrip(part);
      if (clause.length > 0) {
        try {
          specifiers.push(Specifier.parse(clause));
        } catch (error) {
          if (!(error instanceof InvalidSpecifier)) throw error;
          const offset = start + part.indexOf(clause);
          throw new InvalidSpecifier(clause, { input: text, span: [offset, offset + clause.length] });
        }
      }
      start += part.length + 1;
    }
    return new SpecifierSet(specifiers, prereleases);
  }

  static fromSpecifiers(specifiers: Iterable<Specifier>, prereleases: boolean | null = null): SpecifierSet {
    return new SpecifierSet([...specifiers], prereleases);
  }

  /** The same clauses with another `prereleases` override. */
  withPrereleases(prereleases: boolean | null): SpecifierSet {
    return new SpecifierSet(this.specifiers, prereleases);
  }

  get isEmpty(): boolean { return this.specifiers.length === 0; }
  get length(): number { return this.specifiers.length; }
  [Symbol.iterator](): Iterator<Specifier> { return this.specifiers[Symbol.iterator](); }

  /** packaging's `SpecifierSet.prereleases`: explicit, else true if any clause admits pre-releases, else null. */
  get prereleases(): boolean | null {
    if (this.explicitPrereleases !== null) return this.explicitPrereleases;
    if (this.implied === undefined) this.implied = this.specifiers.some((s) => s.prereleases === true) ? true : null;
    return this.implied;
  }

  /** Whether `item` satisfies every clause under the pre-release policy. Non-versions give false (except `===`). */
  contains(item: string | Version, options: ContainsOptions = {}): boolean {
    const { version, text } = coerceItem(item);
    if (version !== null && version.isPrerelease) {
      // A lone matching pre-release survives an undecided policy (no final release competes).
      const installed = options.installed === true;
      if (!installed && (options.prereleases ?? this.prereleases) === false) return false;
    }
    // `===` compares a string item as written, a Version in its normalized form.
    return this.matchesAll(version, text);
  }

  private matchesAll(version: Version | null, text: string): boolean {
    const clauses = this.costOrdered();
    for (let i = 0; i < clauses.length; i++) if (!clauses[i]!.matchesItem(version, text)) return false;
    return true;
  }

  /** The items that satisfy the set, in order (packaging's `SpecifierSet.filter`). */
  filter<T>(items: Iterable<T>, options: FilterOptions<T> = {}): T[] {
    const prereleases = options.prereleases ?? this.prereleases;
    const kept: T[] = [];
    const versions: (Version | null)[] = [];
    for (const item of items) {
      const { version, text } = coerceItem(options.key ? options.key(item) : (item as string | Version));
      if (version !== null && prereleases === false && version.isPrerelease) continue;
      if (!this.matchesAll(version, text)) continue;
      kept.push(item);
      versions.push(version);
    }
    return prereleases === null ? dropPrereleasesIfFinals(kept, versions) : kept;
  }

  /** The intersection of two sets (packaging's `&`). Throws when their explicit `prereleases` conflict. */
  and(other: SpecifierSet | string): SpecifierSet {
    const right = typeof other === "string" ? SpecifierSet.parse(other) : other;
    const mine = this.explicitPrereleases;
    const theirs = right.explicitPrereleases;
    if (mine !== null && theirs !== null && mine !== theirs) {
      throw new AccelError("conflicting-prereleases", "Cannot combine specifier sets with true and false prerelease overrides.");
    }
    return new SpecifierSet([...this.specifiers, ...right.specifiers], mine ?? theirs);
  }

  /** Clauses sorted by text with canonical duplicates removed (packaging's `_canonical_specs`). */
  canonicalSpecifiers(): Specifier[] {
    const sorted = [...this.specifiers].sort((a, b) => compareText(a.toString(), b.toString()));
    const seen = new Set<string>();
    return sorted.filter((s) => !seen.has(s.canonical) && seen.add(s.canonical) !== undefined);
  }

  /** Equality as packaging defines it (same canonical clauses, `prereleases` ignored). */
  equals(other: SpecifierSet | string): boolean {
    const right = typeof other === "string" ? SpecifierSet.parse(other) : other;
    const key = (set: SpecifierSet) => set.canonicalSpecifiers().map((s) => s.canonical).join(",");
    return key(this) === key(right);
  }

  /** Normalized text: canonical clauses joined with ",", e.g. `!=1.0.1,>=1.0.0`. */
  toString(): string { return this.canonicalSpecifiers().join(","); }

  private costOrdered(): readonly Specifier[] {
    if (this.ordered === null) {
      this.ordered = [...this.specifiers].sort((a, b) => operatorCost(a) - operatorCost(b));
    }
    return this.ordered;
  }
}

/** Code-point order, like Python's `sorted(key=str)`. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
