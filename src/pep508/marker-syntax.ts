/**
 * The marker grammar (packaging's `_parser`), its tree, and its printer.
 *
 *   marker      = marker_atom (BOOLOP marker_atom)*
 *   marker_atom = WS? "(" WS? marker WS? ")" WS? | WS? marker_item WS?
 *   marker_item = WS? marker_var WS? marker_op WS? marker_var WS?
 *   marker_var  = VARIABLE | QUOTED_STRING
 *   marker_op   = IN | NOT WS IN | OP
 *
 * The tree keeps packaging's shape (a list of atoms joined by "and"/"or",
 * where a parenthesised atom is itself a list), because the printed form
 * depends on it: `str(Marker)` drops redundant parentheses exactly where
 * packaging's `_format_marker` does.
 */
import { decodeQuotedString } from "./quoted-string.js";
import type { Tokenizer } from "./tokenizer.js";
import { canonicalizeName } from "../filenames/names.js";

export type MarkerOp = "<" | "<=" | "==" | "!=" | ">=" | ">" | "~=" | "===" | "in" | "not in";

/** A side of a comparison: an environment variable or a literal value. */
export type MarkerVar =
  | { readonly kind: "variable"; readonly name: string }
  | { readonly kind: "value"; readonly value: string };

/** One comparison, e.g. `python_version >= "3.8"`. */
export interface MarkerItem {
  readonly lhs: MarkerVar;
  readonly op: MarkerOp;
  readonly rhs: MarkerVar;
}

export type MarkerAtom = MarkerItem | MarkerExpression;
/** Atoms separated by "and" / "or" (odd indices are the connectives). */
export type MarkerExpression = ReadonlyArray<MarkerAtom | "and" | "or">;

/** Variables whose compared literal is a name, normalized as PEP 685 says. */
const NAME_VARIABLES = new Set(["extra", "extras", "dependency_groups"]);

/** Parses a marker up to the first token that cannot continue it. */
export function parseMarkerExpression(t: Tokenizer): MarkerExpression {
  const expression: Array<MarkerAtom | "and" | "or"> = [parseAtom(t)];
  for (let op = t.take("BOOLOP"); op; op = t.take("BOOLOP")) {
    expression.push(op.text as "and" | "or", parseAtom(t));
  }
  return expression;
}

/** The whole input must be one marker. */
export function parseFullMarker(t: Tokenizer): MarkerExpression {
  const expression = parseMarkerExpression(t);
  t.expect("END", "end of marker expression");
  return expression;
}

function parseAtom(t: Tokenizer): MarkerAtom {
  t.skip("WS");
  let atom: MarkerAtom;
  if (t.peek("LEFT_PARENTHESIS")) {
    atom = t.enclosed("LEFT_PARENTHESIS", "RIGHT_PARENTHESIS", "marker expression", () => {
      t.skip("WS");
      const inner = parseMarkerExpression(t);
      t.skip("WS");
      return inner;
    });
  } else {
    atom = parseItem(t);
  }
  t.skip("WS");
  return atom;
}

function parseItem(t: Tokenizer): MarkerItem {
  t.skip("WS");
  const lhs = parseVar(t);
  t.skip("WS");
  const op = parseOp(t);
  t.skip("WS");
  const rhs = parseVar(t);
  t.skip("WS");
  return normalizeNameComparison({ lhs, op, rhs });
}

function parseVar(t: Tokenizer): MarkerVar {
  const variable = t.take("VARIABLE");
  if (variable) return { kind: "variable", name: canonicalVariable(variable.text) };
  const quoted = t.take("QUOTED_STRING");
  if (!quoted) return t.fail("Expected a marker variable or quoted string");
  const value = decodeQuotedString(quoted.text);
  if (value === null) return t.fail("Invalid quoted string", quoted.position, quoted.position + quoted.text.length);
  return { kind: "value", value };
}

/** `os.name` is `os_name`; `python_implementation` is `platform_python_implementation`. */
function canonicalVariable(text: string): string {
  const name = text.replace(/\./g, "_");
  return name === "python_implementation" ? "platform_python_implementation" : name;
}

function parseOp(t: Tokenizer): MarkerOp {
  if (t.take("IN")) return "in";
  if (t.take("NOT")) {
    t.expect("WS", "whitespace after 'not'");
    t.expect("IN", "'in' after 'not'");
    return "not in";
  }
  const op = t.take("OP");
  if (op) return op.text as MarkerOp;
  return t.fail("Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in");
}

export { canonicalizeName };

/** A literal compared with `extra`, `extras` or `dependency_groups` is a name: normalize it. */
function normalizeNameComparison(item: MarkerItem): MarkerItem {
  const { lhs, op, rhs } = item;
  if (lhs.kind === "variable" && NAME_VARIABLES.has(lhs.name) && rhs.kind === "value") {
    return { lhs, op, rhs: { kind: "value", value: canonicalizeName(rhs.value) } };
  }
  if (rhs.kind === "variable" && NAME_VARIABLES.has(rhs.name) && lhs.kind === "value") {
    return { lhs: { kind: "value", value: canonicalizeName(lhs.value) }, op, rhs };
  }
  return item;
}

function formatVar(v: MarkerVar): string {
  if (v.kind === "variable") return v.name;
  return v.value.includes('"') && !v.value.includes("'") ? `'${v.value}'` : `"${v.value}"`;
}

function isItem(atom: MarkerAtom): atom is MarkerItem {
  return !Array.isArray(atom);
}

/** packaging's `_format_marker`: the normalized text of a marker tree. */
export function formatMarker(marker: MarkerAtom, first = true): string {
  if (isItem(marker)) return `${formatVar(marker.lhs)} ${marker.op} ${formatVar(marker.rhs)}`;
  const list = marker as MarkerExpression;
  if (list.length === 1 && typeof list[0] !== "string") return formatMarker(list[0]!, first);
  const inner = list.map((m) => (typeof m === "string" ? m : formatMarker(m, false))).join(" ");
  return first ? inner : `(${inner})`;
}
