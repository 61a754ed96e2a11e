/**
 * The second half of the pip#7245 split: one logical line → what it is
 * (requirement, editable, include, or options), and requirement text →
 * `RequirementEntry`. `parseRequirementLine` is also the entry point for
 * requirements given on the command line.
 */
import { RequirementsFileParseError, InvalidRequirementLineError } from "./errors.js";
import { emptyHashes, parseLineOptions, type LineOptions } from "./options.js";
import { parseEditableParts, parseRequirementParts, fromSource, type LineContext, type RequirementParts } from "./requirement-line.js";
import { breakArgsOptions, shlexSplit, ShlexError, type NumberedLine } from "./tokenizer.js";
import type {
  ConfigSettings, EntryOrigin, FileOrigin, Hashes, PathProbe, RequirementEntry, RequirementsFileWarning,
} from "./types.js";

/** What one logical line of a file is (pip's `ParsedLine` after dispatch). */
export type ParsedLine =
  | { kind: "requirement"; text: string; opts: LineOptions; origin: FileOrigin }
  | { kind: "editable"; text: string; opts: LineOptions; origin: FileOrigin }
  | { kind: "include"; target: string; constraint: boolean; opts: LineOptions; origin: FileOrigin }
  | { kind: "options"; opts: LineOptions; origin: FileOrigin };

function optionError(message: string, line: NumberedLine, file: string, cause: unknown, hint?: string): RequirementsFileParseError {
  return new RequirementsFileParseError(`Invalid requirement: ${line.text} (from line ${line.line} of ${file})\n${message}`, {
    cause, input: line.text, location: `${file}:${line.line}`, ...(hint !== undefined ? { hint } : {}),
  });
}

/** Splits and option-parses one logical line, then classifies it in pip's order. */
export function parseLine(line: NumberedLine, file: string): ParsedLine {
  const { args, options } = breakArgsOptions(line.text);
  let words: string[];
  try {
    words = shlexSplit(options);
  } catch (cause) {
    if (!(cause instanceof ShlexError)) throw cause;
    throw optionError(`Could not split options: ${options} (${cause.message})`, line, file, cause);
  }
  let opts: LineOptions;
  try {
    opts = parseLineOptions(words);
  } catch (cause) {
    if (!(cause instanceof RequirementsFileParseError)) throw cause;
    throw optionError(cause.message, line, file, cause, cause.hint);
  }
  const origin: FileOrigin = { kind: "file", file, line: line.line };
  if (args !== "") return { kind: "requirement", text: args, opts, origin };
  if (opts.editables.length > 0) return { kind: "editable", text: opts.editables[0]!, opts, origin };
  if (opts.requirements.length > 0) return { kind: "include", target: opts.requirements[0]!, constraint: false, opts, origin };
  if (opts.constraints.length > 0) return { kind: "include", target: opts.constraints[0]!, constraint: true, opts, origin };
  return { kind: "options", opts, origin };
}

/** pip's `comes_from`: `-r FILE (line N)` / `-c FILE (line N)`. */
export function comesFrom(origin: EntryOrigin, constraint: boolean): string | null {
  return origin.kind === "file" ? `${constraint ? "-c" : "-r"} ${origin.file} (line ${origin.line})` : null;
}

export interface EntryInput {
  text: string;
  editable: boolean;
  constraint: boolean;
  hashes?: Hashes;
  configSettings?: ConfigSettings;
  origin: EntryOrigin;
}

/** Builds the entry for a requirement or editable text, checking constraint rules. */
export function buildEntry(input: EntryInput, ctx: LineContext): RequirementEntry {
  if (input.editable && input.constraint) {
    throw new InvalidRequirementLineError(
      `Editable requirements are not allowed as constraints: -e ${input.text}${fromSource(input.origin)}`,
      { input: input.text, hint: "Put the editable requirement in a requirements file (-r) instead." },
    );
  }
  const parts: RequirementParts = input.editable ? parseEditableParts(input.text, ctx) : parseRequirementParts(input.text, ctx);
  return {
    requirement: parts.requirement,
    link: parts.link,
    extras: parts.extras,
    marker: parts.marker,
    editable: input.editable,
    constraint: input.constraint,
    hashes: input.hashes ?? emptyHashes(),
    configSettings: input.configSettings ?? {},
    origin: input.origin,
    comesFrom: comesFrom(input.origin, input.constraint),
    text: input.text,
  };
}

export interface LineParseOptions {
  cwd?: string;
  /** Classifies paths (the parser does no I/O of its own). */
  probe: PathProbe;
  /** Receives warnings (e.g. a missing archive file); dropped when absent. */
  warnings?: RequirementsFileWarning[];
  constraint?: boolean;
}

function lineContext(origin: EntryOrigin, options: LineParseOptions): LineContext {
  const warnings = options.warnings;
  return {
    origin,
    cwd: options.cwd ?? process.cwd(),
    probe: options.probe,
    warn: (w) => { warnings?.push(w); },
  };
}

/**
 * Parses one requirement as pip's `install_req_from_line` does (a command
 * line argument such as `'foo>=1'`, a path, or a URL). No option splitting.
 */
export function parseRequirementLine(
  text: string, origin: EntryOrigin, options: LineParseOptions,
): RequirementEntry {
  const input = { text: text.trim(), editable: false, constraint: options.constraint ?? false, origin };
  return buildEntry(input, lineContext(origin, options));
}

/** Parses the value of `-e`/`--editable` (a local project path or a VCS URL). */
export function parseEditableLine(
  text: string, origin: EntryOrigin, options: LineParseOptions,
): RequirementEntry {
  const input = { text: text.trim(), editable: true, constraint: options.constraint ?? false, origin };
  return buildEntry(input, lineContext(origin, options));
}

export { lineContext };
