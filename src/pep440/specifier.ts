/**
 * PEP 440 specifiers. INTERIM: delegates to @renovatebot/pep440; the API shape is final.
 */
import * as pep440 from "@renovatebot/pep440";
import { AccelError } from "../report/errors.js";
import { Version } from "./version.js";

export class InvalidSpecifier extends AccelError {
  constructor(input: string, detail?: string) {
    super("invalid-specifier", `Invalid specifier: '${input}'${detail ? `: ${detail}` : ""}`, { input });
  }
}

export interface ContainsOptions {
  /** true: allow pre-releases; false: never; null/undefined: the specifier's default rules. */
  prereleases?: boolean | null;
  /** packaging's `installed` flag (an installed pre-release matches as if prereleases were allowed). */
  installed?: boolean;
}

/** One clause: an operator and a version (or wildcard). */
export class Specifier {
  constructor(readonly operator: string, readonly version: string) {}

  static parse(text: string): Specifier {
    const m = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*([^\s,;]+)\s*$/.exec(text);
    if (!m) throw new InvalidSpecifier(text);
    return new Specifier(m[1]!, m[2]!);
  }

  contains(item: string | Version, options: ContainsOptions = {}): boolean {
    return SpecifierSet.fromSpecifiers([this]).contains(item, options);
  }

  toString(): string { return `${this.operator}${this.version}`; }
}

/** A comma-separated set of clauses; the empty set matches everything. */
export class SpecifierSet {
  private constructor(readonly specifiers: readonly Specifier[], readonly explicitPrereleases: boolean | null = null) {}

  static parse(text: string, prereleases: boolean | null = null): SpecifierSet {
    const parts = text.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
    return new SpecifierSet(parts.map((p) => Specifier.parse(p)), prereleases);
  }

  static fromSpecifiers(specifiers: readonly Specifier[], prereleases: boolean | null = null): SpecifierSet {
    return new SpecifierSet([...specifiers], prereleases);
  }

  get isEmpty(): boolean { return this.specifiers.length === 0; }

  contains(item: string | Version, options: ContainsOptions = {}): boolean {
    const text = typeof item === "string" ? item : item.toString();
    if (this.isEmpty) return pep440.valid(text) !== null;
    try {
      return pep440.satisfies(text, this.toString(), { prereleases: options.prereleases ?? this.explicitPrereleases ?? undefined });
    } catch { return false; }
  }

  filter<T>(items: Iterable<T>, options: ContainsOptions & { key?: (item: T) => string | Version } = {}): T[] {
    const key = options.key ?? ((x: T) => x as unknown as string);
    return [...items].filter((x) => this.contains(key(x), options));
  }

  /** The intersection of two sets (used to merge requirements on one project). */
  and(other: SpecifierSet): SpecifierSet {
    return new SpecifierSet([...this.specifiers, ...other.specifiers], other.explicitPrereleases ?? this.explicitPrereleases);
  }

  /** Normalized text: clauses sorted as packaging does, joined with ",". */
  toString(): string { return this.specifiers.map(String).sort().join(","); }
}
