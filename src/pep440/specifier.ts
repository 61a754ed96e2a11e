/**
 * One PEP 440 version specifier clause (`>=1.0`, `==2.*`, `===foo`), matching
 * `packaging.specifiers.Specifier` 26.4, including its pre-release rules:
 *
 * - `prereleases` given to `parse` (or to `contains`/`filter`) forces the answer;
 * - otherwise a clause whose version is a pre-release admits pre-releases
 *   (`!=` and `==X.*` never do), and `filter` falls back to the matching
 *   pre-releases when no final release matched.
 *
 * Non-version strings never match, except through `===` (a case-insensitive
 * string comparison with the item exactly as given).
 */
import { AccelError } from "../report/errors.js";
import { parseVersion, pyRepr, type Version } from "./version.js";
import { splitClause, type Operator } from "./specifier-grammar.js";
import { compileMatcher, type Matcher } from "./specifier-match.js";
import { canonicalizeVersion } from "./canonicalize.js";

export type { Operator } from "./specifier-grammar.js";

export class InvalidSpecifier extends AccelError {
  /**
   * @param clause the text that is not a specifier
   * @param whole the whole text being parsed when the clause is part of a set
   */
  constructor(clause: string, whole?: { input: string; span: [number, number] }) {
    super("invalid-specifier", `Invalid specifier: ${pyRepr(clause)}`, {
      input: whole?.input ?? clause,
      span: whole?.span ?? [0, clause.length],
      hint: "A specifier is an operator (~=, ==, !=, <=, >=, <, >, ===) followed by a version, like '>=1.0'.",
    });
  }
}

export interface ContainsOptions {
  /** true: allow pre-releases; false: never; null/undefined: the specifier's default rules. */
  prereleases?: boolean | null;
  /** The item is the installed version: an installed pre-release is accepted as if prereleases were true. */
  installed?: boolean | null;
}

export interface FilterOptions<T> {
  prereleases?: boolean | null;
  /** Maps an item to the version (string or Version) to test. Default: the item itself. */
  key?: (item: T) => string | Version;
}

/** Parses an item; returns the parsed version (or null) and the text `===` compares. */
export function coerceItem(item: string | Version): { version: Version | null; text: string } {
  if (typeof item === "string") return { version: parseVersion(item), text: item };
  return { version: item, text: item.toString() };
}

export class Specifier {
  readonly operator: Operator;
  /** The version text as written (stripped), e.g. `1.0.*`, `1.0`, or any string for `===`. */
  readonly version: string;
  /** The `prereleases` given at construction, or null. */
  readonly explicitPrereleases: boolean | null;
  private matcher: Matcher | null = null;
  private implied: boolean | null | undefined = undefined;

  private constructor(operator: Operator, version: string, prereleases: boolean | null) {
    this.operator = operator;
    this.version = version;
    this.explicitPrereleases = prereleases;
  }

  /** Parses one clause; throws InvalidSpecifier. */
  static parse(text: string, prereleases: boolean | null = null): Specifier {
    const clause = splitClause(text);
    if (clause === null) throw new InvalidSpecifier(text);
    return new Specifier(clause.operator, clause.version, prereleases);
  }

  /** The same clause with another `prereleases` override. */
  withPrereleases(prereleases: boolean | null): Specifier {
    return new Specifier(this.operator, this.version, prereleases);
  }

  /**
   * Whether this clause admits pre-releases (packaging's `Specifier.prereleases`):
   * the explicit value, else false for `!=` and `==X.*`, else whether the
   * clause's version is a pre-release (null for a `===` string that is not a version).
   */
  get prereleases(): boolean | null {
    if (this.explicitPrereleases !== null) return this.explicitPrereleases;
    if (this.implied === undefined) this.implied = this.impliedPrereleases();
    return this.implied;
  }

  private impliedPrereleases(): boolean | null {
    if (this.operator === "!=") return false;
    if (this.operator === "==" && this.version.endsWith(".*")) return false;
    const version = parseVersion(this.version);
    return version === null ? null : version.isPrerelease;
  }

  /** Whether the clause's operator matches `version` (no pre-release policy). */
  matches(version: Version, text: string = version.toString()): boolean {
    if (this.matcher === null) this.matcher = compileMatcher(this.operator, this.version);
    return this.matcher(version, text);
  }

  /** Whether a parsed-or-not item satisfies the clause's operator (no pre-release policy). */
  matchesItem(version: Version | null, text: string): boolean {
    if (version === null) return this.operator === "===" && text.toLowerCase() === this.version.toLowerCase();
    return this.matches(version, text);
  }

  /** Same answer as `filter([item], options).length > 0`, without the arrays. */
  contains(item: string | Version, options: ContainsOptions = {}): boolean {
    const { version, text } = coerceItem(item);
    if (!this.matchesItem(version, text)) return false;
    if (version === null || !version.isPrerelease) return true;
    const prereleases = options.installed ? true : options.prereleases ?? null;
    if (prereleases ?? this.prereleases) return true;
    // An undecided policy falls back to the pre-release: no final release matched.
    return prereleases === null && this.explicitPrereleases !== false;
  }

  /** The items that satisfy the clause, in order (packaging's `Specifier.filter`). */
  filter<T>(items: Iterable<T>, options: FilterOptions<T> = {}): T[] {
    const prereleases = options.prereleases ?? null;
    const include = prereleases ?? this.prereleases;
    const fallback = prereleases === null && this.explicitPrereleases !== false;
    const kept: T[] = [];
    const held: T[] = [];
    let foundFinal = false;
    for (const item of items) {
      const { version, text } = coerceItem(options.key ? options.key(item) : (item as string | Version));
      if (!this.matchesItem(version, text)) continue;
      if (version === null || !version.isPrerelease || include) {
        if (version !== null) foundFinal = true;
        kept.push(item);
      } else if (fallback) held.push(item);
    }
    return !foundFinal && fallback ? kept.concat(held) : kept;
  }

  /** The clause as written, whitespace removed: `>=1.0`. */
  toString(): string { return `${this.operator}${this.version}`; }

  /** The form packaging compares and hashes clauses by (`==1.0.0` and `==1` are equal). */
  get canonical(): string {
    if (this.operator === "===" || this.version.endsWith(".*")) return this.toString();
    return this.operator + canonicalizeVersion(this.version, { stripTrailingZero: this.operator !== "~=" });
  }

  /** Equality as packaging defines it (canonical forms, ignoring `prereleases`). */
  equals(other: Specifier): boolean { return this.canonical === other.canonical; }
}
