/**
 * INTERIM PEP 508 requirement and marker support for the Python provider.
 *
 * `src/pep508` (owned by a colleague) had no implementation when the
 * resolver was written. This file holds the small subset the provider needs
 * and is meant to be replaced by imports from `../pep508/index.js` when that
 * lands; nothing outside `src/resolver/` imports it.
 */
import { AccelError } from "../report/errors.js";
import { SpecifierSet, parseVersion } from "../pep440/index.js";

/** Marker variable values of the target environment (`python_version`, `sys_platform`, ...). */
export type MarkerEnvironment = Readonly<Record<string, string>>;

export class InvalidRequirementText extends AccelError {
  constructor(input: string, detail: string) {
    super("invalid-requirement", `Invalid requirement '${input}': ${detail}`, { input });
    this.name = "InvalidRequirementText";
  }
}

/** A parsed marker expression. */
export type Marker = MarkerJunction | MarkerCompare;
interface MarkerJunction { readonly op: "and" | "or"; readonly left: Marker; readonly right: Marker }
interface MarkerCompare { readonly op: "compare"; readonly lhs: MarkerValue; readonly cmp: string; readonly rhs: MarkerValue }
type MarkerValue = { readonly variable: string } | { readonly literal: string };

export interface ParsedRequirement {
  readonly name: string;
  readonly extras: readonly string[];
  readonly specifier: string;
  readonly url: string | null;
  readonly marker: Marker | null;
}

/** PEP 503 normalisation. */
export function canonicalizeName(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*/;

/** Parses `name[extras] specifier ; marker` or `name[extras] @ url ; marker`. */
export function parseRequirementText(text: string): ParsedRequirement {
  const m = NAME.exec(text);
  if (!m) throw new InvalidRequirementText(text, "expected a project name");
  let rest = text.slice(m[0].length);
  let extras: string[] = [];
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) throw new InvalidRequirementText(text, "unclosed extras");
    extras = rest.slice(1, close).split(",").map((e) => e.trim()).filter((e) => e !== "").map(canonicalizeName);
    rest = rest.slice(close + 1).trim();
  }
  let url: string | null = null;
  let specifier = "";
  let markerText = "";
  if (rest.startsWith("@")) {
    const urlPart = rest.slice(1).trim();
    const split = /\s+;/.exec(urlPart);
    url = split ? urlPart.slice(0, split.index) : urlPart;
    markerText = split ? urlPart.slice(split.index + split[0].length) : "";
  } else {
    const semi = rest.indexOf(";");
    specifier = (semi < 0 ? rest : rest.slice(0, semi)).trim().replace(/^\((.*)\)$/, "$1").trim();
    markerText = semi < 0 ? "" : rest.slice(semi + 1);
    if (specifier !== "") SpecifierSet.parse(specifier);
  }
  const marker = markerText.trim() === "" ? null : parseMarker(markerText);
  return { name: m[1]!, extras: [...new Set(extras)].sort(), specifier, url, marker };
}

const TOKEN = /\s*(\(|\)|===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b|and\b|or\b|'[^']*'|"[^"]*"|[A-Za-z_][A-Za-z0-9_.]*)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw new InvalidRequirementText(text, `unexpected marker text at ${start}`);
    tokens.push(m[1]!.replace(/\s+/g, " "));
  }
  return tokens;
}

/** Parses a marker expression (`python_version >= "3.8" and extra == "test"`). */
export function parseMarker(text: string): Marker {
  const tokens = tokenize(text);
  let pos = 0;
  const fail = (what: string): never => { throw new InvalidRequirementText(text, what); };
  const value = (): MarkerValue => {
    const t = tokens[pos++] ?? fail("expected a marker value");
    if (t.startsWith("'") || t.startsWith('"')) return { literal: t.slice(1, -1) };
    if (/^[A-Za-z_]/.test(t) && !["and", "or", "in", "not in"].includes(t)) return { variable: t };
    return fail(`unexpected '${t}'`);
  };
  const atom = (): Marker => {
    if (tokens[pos] === "(") {
      pos++;
      const inner = or();
      if (tokens[pos++] !== ")") fail("expected ')'");
      return inner;
    }
    const lhs = value();
    const cmp = tokens[pos++] ?? fail("expected a comparison");
    if (!["===", "==", "!=", "<=", ">=", "~=", "<", ">", "in", "not in"].includes(cmp)) fail(`unknown operator '${cmp}'`);
    return { op: "compare", lhs, cmp, rhs: value() };
  };
  const and = (): Marker => {
    let left = atom();
    while (tokens[pos] === "and") { pos++; left = { op: "and", left, right: atom() }; }
    return left;
  };
  const or = (): Marker => {
    let left = and();
    while (tokens[pos] === "or") { pos++; left = { op: "or", left, right: and() }; }
    return left;
  };
  const marker = or();
  if (pos !== tokens.length) fail(`unexpected '${tokens[pos]}'`);
  return marker;
}

function resolveValue(v: MarkerValue, env: MarkerEnvironment): string {
  if ("literal" in v) return v.literal;
  const value = env[v.variable];
  if (value === undefined) throw new AccelError("undefined-marker-variable", `Unknown marker variable '${v.variable}'`);
  return value;
}

function compareValues(lhs: string, cmp: string, rhs: string, isExtra: boolean): boolean {
  if (cmp === "in") return rhs.includes(lhs);
  if (cmp === "not in") return !rhs.includes(lhs);
  if (isExtra) {
    const [a, b] = [canonicalizeName(lhs), canonicalizeName(rhs)];
    if (cmp === "==" || cmp === "===") return a === b;
    if (cmp === "!=") return a !== b;
  }
  if (cmp !== "===" && parseVersion(lhs) !== null) {
    try {
      return SpecifierSet.parse(`${cmp}${rhs}`).contains(lhs, { prereleases: true });
    } catch { /* not a version comparison: fall back to strings */ }
  }
  if (cmp === "==" || cmp === "===") return lhs === rhs;
  if (cmp === "!=") return lhs !== rhs;
  throw new AccelError("invalid-marker-comparison", `Cannot compare '${lhs}' ${cmp} '${rhs}'`);
}

/** Evaluates a marker; `extra` defaults to "" (no extra requested). */
export function evaluateMarker(marker: Marker, env: MarkerEnvironment): boolean {
  if (marker.op === "and" || marker.op === "or") {
    const left = evaluateMarker(marker.left, env);
    return marker.op === "and" ? left && evaluateMarker(marker.right, env) : left || evaluateMarker(marker.right, env);
  }
  const full = { extra: "", ...env };
  const c = marker as MarkerCompare;
  return compareValues(resolveValue(c.lhs, full), c.cmp, resolveValue(c.rhs, full), markerMentionsExtra(c));
}

/** True when the marker mentions the `extra` variable anywhere. */
export function markerMentionsExtra(marker: Marker): boolean {
  if (marker.op === "and" || marker.op === "or") return markerMentionsExtra(marker.left) || markerMentionsExtra(marker.right);
  const c = marker as MarkerCompare;
  return ("variable" in c.lhs && c.lhs.variable === "extra") || ("variable" in c.rhs && c.rhs.variable === "extra");
}
