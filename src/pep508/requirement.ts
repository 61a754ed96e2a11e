/**
 * PEP 508 dependency specifiers ("requirements"), parsed as packaging 26's
 * `Requirement` does.
 *
 *   requirement         = WS? IDENTIFIER WS? extras WS? requirement_details END
 *   extras              = ("[" WS? (IDENTIFIER (WS? "," WS? IDENTIFIER)*)? WS? "]")?
 *   requirement_details = "@" WS? URL ((WS requirement_marker?)? | END)
 *                       | specifier WS? requirement_marker?
 *   specifier           = "(" WS? version_many WS? ")" | WS? version_many WS?
 *   requirement_marker  = ";" marker WS?
 *
 * Notes that match the reference:
 * - After a URL, whitespace is required before the ";" (a URL may contain ";").
 * - The name is kept as written; extras are de-duplicated and sorted.
 * - A specifier clause must be complete (`name==` and `name 1.0` are errors);
 *   `.*` and local labels are only allowed after `==` / `!=`.
 */
import { SpecifierSet } from "../pep440/index.js";
import { InvalidRequirement } from "./errors.js";
import { Marker } from "./marker.js";
import { parseMarkerExpression } from "./marker-syntax.js";
import type { MarkerExpression } from "./marker-syntax.js";
import { isValidSpecifierClause, pyStrip } from "./specifier-token.js";
import { codePointColumn, SyntaxFailure, Tokenizer } from "./tokenizer.js";

export interface Requirement {
  /** The project name as written (compare with a PEP 503 normalized form). */
  readonly name: string;
  /** Requested extras, de-duplicated and sorted (as written, not normalized). */
  readonly extras: readonly string[];
  /** The version specifier; empty when none (or when `url` is set). */
  readonly specifier: SpecifierSet;
  /** The direct reference after `@`, or null. */
  readonly url: string | null;
  readonly marker: Marker | null;
  /** Where the text came from (file and line, or a parent), when the caller said. */
  readonly location?: string;
  /** packaging's normalized `str(Requirement)`. */
  toString(): string;
}

export interface ParseRequirementOptions {
  /** Copied onto the requirement and onto any error (e.g. "requirements.txt:3"). */
  location?: string;
}

interface ParsedParts {
  name: string;
  extras: string[];
  specifier: string;
  specifierSpan: [number, number];
  url: string;
  marker: MarkerExpression | null;
}

/** Parses a PEP 508 requirement; throws `InvalidRequirement` with the offending span. */
export function parseRequirement(text: string, options: ParseRequirementOptions = {}): Requirement {
  let parts: ParsedParts;
  try {
    parts = parseParts(new Tokenizer(text));
  } catch (error) {
    if (!(error instanceof SyntaxFailure)) throw error;
    throw invalid(text, error.message, error.start, error.end, options);
  }
  const specifier = buildSpecifierSet(text, parts, options);
  return new ParsedRequirement(
    parts.name,
    [...new Set(parts.extras)].sort(),
    specifier,
    parts.url || null,
    parts.marker ? Marker.fromTree(parts.marker) : null,
    options.location,
  );
}

class ParsedRequirement implements Requirement {
  constructor(
    readonly name: string,
    readonly extras: readonly string[],
    readonly specifier: SpecifierSet,
    readonly url: string | null,
    readonly marker: Marker | null,
    readonly location: string | undefined,
  ) {}

  toString(): string {
    let out = this.name;
    if (this.extras.length > 0) out += `[${this.extras.join(",")}]`;
    const specifier = this.specifier.toString();
    if (specifier) out += specifier;
    if (this.url) out += this.marker ? ` @ ${this.url} ` : ` @ ${this.url}`;
    if (this.marker) out += `; ${this.marker.toString()}`;
    return out;
  }
}

function invalid(
  text: string, message: string, start: number, end: number, options: ParseRequirementOptions, cause?: unknown,
): InvalidRequirement {
  return new InvalidRequirement(message, {
    input: text,
    span: [codePointColumn(text, start), codePointColumn(text, end)],
    location: options.location,
    cause,
  });
}

/** packaging's `SpecifierSet(text)`: split on commas, each clause must be valid. */
function buildSpecifierSet(text: string, parts: ParsedParts, options: ParseRequirementOptions): SpecifierSet {
  const [start, end] = parts.specifierSpan;
  for (const clause of parts.specifier.split(",")) {
    if (pyStrip(clause) && !isValidSpecifierClause(clause)) {
      throw invalid(text, `Invalid specifier: '${pyStrip(clause)}'`, start, end, options);
    }
  }
  try {
    return SpecifierSet.parse(parts.specifier);
  } catch (error) {
    throw invalid(text, `Invalid specifier: '${parts.specifier}'`, start, end, options, error);
  }
}

function parseParts(t: Tokenizer): ParsedParts {
  t.skip("WS");
  const name = t.expect("IDENTIFIER", "package name at the start of dependency specifier").text;
  t.skip("WS");
  const extras = parseExtras(t);
  t.skip("WS");
  const details = parseDetails(t);
  t.expect("END", "end of dependency specifier");
  return { name, extras, ...details };
}

type Details = Pick<ParsedParts, "specifier" | "specifierSpan" | "url" | "marker">;

function parseDetails(t: Tokenizer): Details {
  if (t.take("AT")) {
    t.skip("WS");
    const urlStart = t.position;
    const url = t.expect("URL", "URL after @").text;
    const none: Details = { specifier: "", specifierSpan: [urlStart, urlStart], url, marker: null };
    if (t.peek("END")) return none;
    t.expect("WS", "whitespace after URL");
    if (t.peek("END")) return none;
    return { ...none, marker: parseRequirementMarker(t, urlStart, "semicolon (after URL and whitespace)") };
  }
  const specifierStart = t.position;
  const specifier = parseSpecifier(t);
  const specifierSpan: [number, number] = [specifierStart, t.position];
  t.skip("WS");
  if (t.peek("END")) return { specifier, specifierSpan, url: "", marker: null };
  const expected = specifier
    ? "comma (within version specifier), semicolon (after version specifier)"
    : "semicolon (after name with no version specifier)";
  return { specifier, specifierSpan, url: "", marker: parseRequirementMarker(t, specifierStart, expected) };
}

function parseRequirementMarker(t: Tokenizer, spanStart: number, expected: string): MarkerExpression {
  if (!t.take("SEMICOLON")) t.fail(`Expected ${expected} or end`, spanStart);
  const marker = parseMarkerExpression(t);
  t.skip("WS");
  return marker;
}

function parseExtras(t: Tokenizer): string[] {
  if (!t.peek("LEFT_BRACKET")) return [];
  return t.enclosed("LEFT_BRACKET", "RIGHT_BRACKET", "extras", () => {
    t.skip("WS");
    const extras = parseExtrasList(t);
    t.skip("WS");
    return extras;
  });
}

function parseExtrasList(t: Tokenizer): string[] {
  const first = t.take("IDENTIFIER");
  if (!first) return [];
  const extras = [first.text];
  for (;;) {
    t.skip("WS");
    if (t.peek("IDENTIFIER")) t.fail("Expected comma between extra names");
    if (!t.take("COMMA")) return extras;
    t.skip("WS");
    extras.push(t.expect("IDENTIFIER", "extra name after comma").text);
  }
}

function parseSpecifier(t: Tokenizer): string {
  return t.enclosed("LEFT_PARENTHESIS", "RIGHT_PARENTHESIS", "version specifier", () => {
    t.skip("WS");
    const specifiers = parseVersionMany(t);
    t.skip("WS");
    return specifiers;
  });
}

function parseVersionMany(t: Tokenizer): string {
  let specifiers = "";
  for (let token = t.take("SPECIFIER"); token; token = t.take("SPECIFIER")) {
    specifiers += token.text;
    checkTrail(t, token.position, token.text);
    t.skip("WS");
    const comma = t.take("COMMA");
    if (!comma) break;
    specifiers += comma.text;
    t.skip("WS");
  }
  return specifiers;
}

/** `.*` and `+local` may only follow `==` / `!=` clauses that the token did not already end. */
function checkTrail(t: Tokenizer, start: number, text: string): void {
  if (t.peek("VERSION_PREFIX_TRAIL")) {
    const equality = text.startsWith("==") || text.startsWith("!=");
    t.fail(equality
      ? ".* suffix cannot be used with pre-release, post-release, dev or local versions"
      : ".* suffix can only be used with `==` or `!=` operators", start, t.position + 1);
  }
  if (t.peek("VERSION_LOCAL_LABEL_TRAIL")) {
    t.fail("Local version label can only be used with `==` or `!=` operators", start, t.position);
  }
}
