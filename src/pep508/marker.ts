/**
 * PEP 508 environment markers, with packaging 26's grammar, printing and
 * evaluation semantics.
 *
 *   const m = Marker.parse('python_version >= "3.8" and extra == "Socks"');
 *   m.toString();   // 'python_version >= "3.8" and extra == "socks"'
 *   m.evaluate(env, "metadata");
 *
 * Evaluation (packaging's `Marker.evaluate`):
 * - For `python_version`, `python_full_version`, `implementation_version` and
 *   `platform_release`, the comparison is a PEP 440 specifier check
 *   (pre-releases allowed) whenever `<op><right side>` is a valid specifier;
 *   otherwise, and for every other variable, it is a string comparison where
 *   `==`, `<=`, `>=` mean equality, `<`, `>` are always false, `in` / `not in`
 *   are substring (or set membership) tests, and `~=` / `===` are undefined.
 * - `extra` is compared after PEP 685 normalization; `extras` and
 *   `dependency_groups` are sets of names, defined only in the `lock_file`
 *   context (where they default to empty sets).
 * - Every comparison of an "and"/"or" chain is evaluated (no short circuit),
 *   so an undefined variable raises even when it could not change the result.
 */
import { Specifier } from "../pep440/index.js";
import { InvalidMarker, UndefinedComparison, UndefinedEnvironmentName } from "./errors.js";
import { canonicalizeName, formatMarker, parseFullMarker } from "./marker-syntax.js";
import type { MarkerExpression, MarkerItem } from "./marker-syntax.js";
import { isValidSpecifierClause } from "./specifier-token.js";
import { codePointColumn, SyntaxFailure, Tokenizer } from "./tokenizer.js";

export type { MarkerAtom, MarkerExpression, MarkerItem, MarkerOp, MarkerVar } from "./marker-syntax.js";

/** Where a marker is evaluated; decides which variables have defaults. */
export type EvaluateContext = "metadata" | "lock_file" | "requirement";

/** A variable's value: a string, or a set of names for `extras` / `dependency_groups`. */
export type MarkerValue = string | ReadonlySet<string>;

/**
 * What `evaluate` reads: every variable the marker uses. `extra` may be null
 * (treated as ""), as packaging still allows.
 */
export type EvaluationEnvironment = Readonly<Record<string, MarkerValue | null | undefined>>;

const VERSION_VARIABLES = new Set(["implementation_version", "platform_release", "python_full_version", "python_version"]);
const SET_VARIABLES = new Set(["extras", "dependency_groups"]);

export class Marker {
  private constructor(readonly tree: MarkerExpression) {}

  /** Parses a marker expression; throws `InvalidMarker` with the offending span. */
  static parse(text: string, options: { location?: string } = {}): Marker {
    const tokenizer = new Tokenizer(text);
    try {
      return new Marker(parseFullMarker(tokenizer));
    } catch (error) {
      if (!(error instanceof SyntaxFailure)) throw error;
      throw new InvalidMarker(error.message, {
        input: text,
        span: [codePointColumn(text, error.start), codePointColumn(text, error.end)],
        location: options.location,
      });
    }
  }

  /** Wraps an already parsed tree (used by the requirement parser). */
  static fromTree(tree: MarkerExpression): Marker {
    return new Marker(tree);
  }

  /** `(this) and (other)`, parenthesised only where needed. */
  and(other: Marker): Marker {
    return new Marker([this.tree, "and", other.tree]);
  }

  /** `(this) or (other)`, parenthesised only where needed. */
  or(other: Marker): Marker {
    return new Marker([this.tree, "or", other.tree]);
  }

  /** The normalized text, exactly as packaging's `str(Marker)`. */
  toString(): string {
    return formatMarker(this.tree);
  }

  equals(other: Marker): boolean {
    return this.toString() === other.toString();
  }

  /**
   * Evaluates the marker in `environment` (normally a complete
   * `MarkerEnvironment`, plus `extra` or `extras`/`dependency_groups`).
   * Throws `UndefinedEnvironmentName` or `UndefinedComparison`.
   */
  evaluate(environment: EvaluationEnvironment, context: EvaluateContext = "metadata"): boolean {
    return evaluateExpression(this.tree, prepareEnvironment(environment, context));
  }

  /**
   * pip's rule for a dependency of a distribution installed with `extras`:
   * the marker holds if it is true for one of them, each evaluated as
   * `extra` in the metadata context (just `extra == ""` when there are none).
   */
  evaluateForExtras(environment: EvaluationEnvironment, extras: Iterable<string>): boolean {
    const list = [...extras];
    if (list.length === 0) list.push("");
    return list.some((extra) => this.evaluate({ ...environment, extra }, "metadata"));
  }
}

/** Parses a marker expression (same as `Marker.parse`). */
export function parseMarker(text: string, options: { location?: string } = {}): Marker {
  return Marker.parse(text, options);
}

function prepareEnvironment(environment: EvaluationEnvironment, context: EvaluateContext): Map<string, MarkerValue> {
  const env = new Map<string, MarkerValue>();
  if (context === "lock_file") {
    env.set("extras", new Set());
    env.set("dependency_groups", new Set());
  } else if (context === "metadata") {
    env.set("extra", "");
  }
  for (const [key, value] of Object.entries(environment)) {
    if (value !== undefined && value !== null) env.set(key, value);
    else if (key === "extra") env.set(key, "");
  }
  const extra = env.get("extra");
  if (typeof extra === "string") env.set("extra", extra ? canonicalizeName(extra) : "");
  const full = env.get("python_full_version");
  // Non-tagged CPython builds report "3.11.1+", which is not PEP 440.
  if (typeof full === "string" && full.endsWith("+")) env.set("python_full_version", `${full}local`);
  return env;
}

function lookup(env: Map<string, MarkerValue>, name: string): MarkerValue {
  const value = env.get(name);
  if (value === undefined) throw new UndefinedEnvironmentName(name);
  return value;
}

function evaluateExpression(expression: MarkerExpression, env: Map<string, MarkerValue>): boolean {
  const groups: boolean[][] = [[]];
  for (const part of expression) {
    if (part === "or") groups.push([]);
    else if (part === "and") continue;
    else if (Array.isArray(part)) groups[groups.length - 1]!.push(evaluateExpression(part as MarkerExpression, env));
    else groups[groups.length - 1]!.push(evaluateItem(part as MarkerItem, env));
  }
  return groups.some((group) => group.every(Boolean));
}

/** One comparison: the variable side is looked up; the other side is taken literally. */
function evaluateItem(item: MarkerItem, env: Map<string, MarkerValue>): boolean {
  const { lhs, op, rhs } = item;
  let key: string;
  let left: MarkerValue;
  let right: MarkerValue;
  if (lhs.kind === "variable") {
    key = lhs.name;
    left = lookup(env, key);
    right = rhs.kind === "variable" ? rhs.name : rhs.value;
  } else {
    key = rhs.kind === "variable" ? rhs.name : rhs.value;
    left = lhs.value;
    right = lookup(env, key);
  }
  if (typeof left !== "string") throw new UndefinedComparison(describe(left), op, describe(right));
  if (SET_VARIABLES.has(key)) {
    left = canonicalizeName(left);
    right = typeof right === "string" ? canonicalizeName(right) : new Set([...right].map((name) => canonicalizeName(name)));
  }
  return compare(left, op, right, key);
}

function describe(value: MarkerValue): string {
  return typeof value === "string" ? value : `{${[...value].sort().join(", ")}}`;
}

function compare(left: string, op: string, right: MarkerValue, key: string): boolean {
  if (typeof right === "string" && VERSION_VARIABLES.has(key) && isValidSpecifierClause(`${op}${right}`)) {
    return Specifier.parse(`${op}${right}`).contains(left, { prereleases: true });
  }
  if (op === "in") return typeof right === "string" ? right.includes(left) : right.has(left);
  if (op === "not in") return typeof right === "string" ? !right.includes(left) : !right.has(left);
  if (typeof right !== "string") throw new UndefinedComparison(left, op, describe(right));
  switch (op) {
    case "==": case "<=": case ">=": return left === right;
    case "!=": return left !== right;
    case "<": case ">": return false;
    default: throw new UndefinedComparison(left, op, right);
  }
}
