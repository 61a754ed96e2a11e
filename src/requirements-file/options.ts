/**
 * pip's per-line option parser for requirement files: the option table
 * (SUPPORTED_OPTIONS plus the per-requirement `--hash` and `-C`) and an
 * optparse-like reader of the words `shlexSplit` produced. One fresh
 * `LineOptions` per line; nothing global is touched here.
 *
 * optparse rules kept: `--opt=value` and `--opt value`, unambiguous
 * abbreviations of long options (`--find` = `--find-links`), clustered short
 * options (`-iURL`), `--` ends options, positional words are ignored.
 */
import { RequirementsFileParseError } from "./errors.js";
import type { ConfigSettings, HashAlgorithm, Hashes } from "./types.js";

/** `--no-binary`/`--only-binary` or `--all-releases`/`--only-final`, in line order. */
export interface ListOption {
  target: "no-binary" | "only-binary" | "all-releases" | "only-final";
  value: string;
}

/** Everything one line's options said (pip's `opts`). */
export interface LineOptions {
  indexUrl: string | null;
  extraIndexUrls: string[];
  noIndex: boolean;
  requirements: string[];
  constraints: string[];
  editables: string[];
  findLinks: string[];
  listOptions: ListOption[];
  preferBinary: boolean;
  requireHashes: boolean;
  noRequireHashes: boolean;
  pre: boolean;
  trustedHosts: string[];
  useFeatures: string[];
  hashes: Hashes;
  configSettings: ConfigSettings;
  /** Words that were not options (pip silently drops them). */
  ignoredWords: string[];
}

export const STRONG_HASHES: readonly HashAlgorithm[] = ["sha256", "sha384", "sha512"];

export const FEATURE_CHOICES: readonly string[] = [
  "fast-deps", "inprocess-build-deps", "venv-isolation",
  "truststore", "no-binary-enable-wheel-cache", "build-constraint",
];

/** Options pip once accepted in requirement files, with what happened to them. */
const REMOVED_OPTIONS: Readonly<Record<string, string>> = {
  "--install-option": "--install-option was removed in pip 23.1; use --config-settings (-C) instead.",
  "--global-option": "--global-option was removed in pip 25.3; use --config-settings (-C) instead.",
  "--build-option": "--build-option was removed in pip 25.3; use --config-settings (-C) instead.",
  "--allow-external": "--allow-external was removed in pip 10.0; external files are always allowed.",
  "--allow-all-external": "--allow-all-external was removed in pip 10.0; external files are always allowed.",
  "--allow-unverified": "--allow-unverified was removed in pip 10.0.",
  "--process-dependency-links": "--process-dependency-links was removed in pip 19.0; use 'name @ url' requirements.",
  "--no-use-wheel": "--no-use-wheel was replaced by --no-binary :all:.",
  "--use-wheel": "--use-wheel was removed; wheels are used by default.",
};

type Apply = (opts: LineOptions, value: string, optName: string) => void;

interface OptionSpec {
  names: readonly string[];
  takesValue: boolean;
  apply: Apply;
}

function fail(message: string, hint?: string): never {
  throw new RequirementsFileParseError(message, hint === undefined ? {} : { hint });
}

function addHash(opts: LineOptions, value: string, optName: string): void {
  const colon = value.indexOf(":");
  if (colon < 0) {
    fail(`Arguments to ${optName} must be a hash name followed by a value, like --hash=sha256:abcde...`);
  }
  const algo = value.slice(0, colon);
  if (!(STRONG_HASHES as readonly string[]).includes(algo)) {
    fail(`Allowed hash algorithms for ${optName} are ${STRONG_HASHES.join(", ")}.`);
  }
  opts.hashes[algo as HashAlgorithm].push(value.slice(colon + 1));
}

function addConfigSetting(opts: LineOptions, value: string, optName: string): void {
  const eq = value.indexOf("=");
  if (eq < 0) fail(`Arguments to ${optName} must be of the form KEY=VAL`);
  const key = value.slice(0, eq);
  const val = value.slice(eq + 1);
  const previous = opts.configSettings[key];
  if (previous === undefined) opts.configSettings[key] = val;
  else if (Array.isArray(previous)) previous.push(val);
  else opts.configSettings[key] = [previous, val];
}

function listOption(target: ListOption["target"]): Apply {
  return (opts, value) => {
    if (value.startsWith("-")) {
      const pair = target.endsWith("binary") ? "--no-binary / --only-binary" : "--all-releases / --only-final";
      fail(`${pair} option requires 1 argument.`);
    }
    opts.listOptions.push({ target, value });
  };
}

function useFeature(opts: LineOptions, value: string, optName: string): void {
  if (!FEATURE_CHOICES.includes(value)) {
    const choices = FEATURE_CHOICES.map((c) => `'${c}'`).join(", ");
    fail(`option ${optName}: invalid choice: '${value}' (choose from ${choices})`);
  }
  if (!opts.useFeatures.includes(value)) opts.useFeatures.push(value);
}

const OPTIONS: readonly OptionSpec[] = [
  { names: ["-i", "--index-url", "--pypi-url"], takesValue: true, apply: (o, v) => { o.indexUrl = v; } },
  { names: ["--extra-index-url"], takesValue: true, apply: (o, v) => { o.extraIndexUrls.push(v); } },
  { names: ["--no-index"], takesValue: false, apply: (o) => { o.noIndex = true; } },
  { names: ["-c", "--constraint"], takesValue: true, apply: (o, v) => { o.constraints.push(v); } },
  { names: ["-r", "--requirement"], takesValue: true, apply: (o, v) => { o.requirements.push(v); } },
  { names: ["-e", "--editable"], takesValue: true, apply: (o, v) => { o.editables.push(v); } },
  { names: ["-f", "--find-links"], takesValue: true, apply: (o, v) => { o.findLinks.push(v); } },
  { names: ["--no-binary"], takesValue: true, apply: listOption("no-binary") },
  { names: ["--only-binary"], takesValue: true, apply: listOption("only-binary") },
  { names: ["--all-releases"], takesValue: true, apply: listOption("all-releases") },
  { names: ["--only-final"], takesValue: true, apply: listOption("only-final") },
  { names: ["--prefer-binary"], takesValue: false, apply: (o) => { o.preferBinary = true; } },
  { names: ["--require-hashes"], takesValue: false, apply: (o) => { o.requireHashes = true; } },
  { names: ["--no-require-hashes"], takesValue: false, apply: (o) => { o.noRequireHashes = true; } },
  { names: ["--pre"], takesValue: false, apply: (o) => { o.pre = true; } },
  { names: ["--trusted-host"], takesValue: true, apply: (o, v) => { o.trustedHosts.push(v); } },
  { names: ["--use-feature"], takesValue: true, apply: useFeature },
  { names: ["--hash"], takesValue: true, apply: addHash },
  { names: ["-C", "--config-settings"], takesValue: true, apply: addConfigSetting },
];

const BY_NAME = new Map<string, OptionSpec>(OPTIONS.flatMap((spec) => spec.names.map((n) => [n, spec] as const)));
const LONG_NAMES = [...BY_NAME.keys()].filter((n) => n.startsWith("--")).sort();

export function emptyHashes(): Hashes {
  return { sha256: [], sha384: [], sha512: [] };
}

export function emptyLineOptions(): LineOptions {
  return {
    indexUrl: null, extraIndexUrls: [], noIndex: false, requirements: [], constraints: [], editables: [],
    findLinks: [], listOptions: [], preferBinary: false, requireHashes: false, noRequireHashes: false,
    pre: false, trustedHosts: [], useFeatures: [], hashes: emptyHashes(), configSettings: {}, ignoredWords: [],
  };
}

/** optparse's `_match_abbrev`: exact name, else the one long option it prefixes. */
function matchLong(name: string): string {
  if (BY_NAME.has(name)) return name;
  const removed = REMOVED_OPTIONS[name];
  if (removed !== undefined) fail(`no such option: ${name}`, removed);
  const candidates = LONG_NAMES.filter((n) => n.startsWith(name));
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) fail(`ambiguous option: ${name} (${candidates.join(", ")}?)`);
  fail(`no such option: ${name}`);
}

function takeValue(words: string[], optName: string): string {
  const value = words.shift();
  if (value === undefined) fail(`${optName} option requires 1 argument`);
  return value;
}

function readLong(word: string, words: string[], opts: LineOptions): void {
  const eq = word.indexOf("=");
  const name = matchLong(eq < 0 ? word : word.slice(0, eq));
  const spec = BY_NAME.get(name)!;
  if (eq >= 0) words.unshift(word.slice(eq + 1));
  if (spec.takesValue) spec.apply(opts, takeValue(words, name), name);
  else if (eq >= 0) fail(`${name} option does not take a value`);
  else spec.apply(opts, "", name);
}

function readShort(word: string, words: string[], opts: LineOptions): void {
  for (let i = 1; i < word.length; i++) {
    const name = `-${word[i]}`;
    const spec = BY_NAME.get(name);
    if (spec === undefined) fail(`no such option: ${name}`);
    if (!spec.takesValue) {
      spec.apply(opts, "", name);
      continue;
    }
    if (i + 1 < word.length) words.unshift(word.slice(i + 1));
    spec.apply(opts, takeValue(words, name), name);
    return;
  }
}

/**
 * Parses the option words of one line. Throws `RequirementsFileParseError`
 * with optparse's wording (the caller adds the file, line and offending text).
 */
export function parseLineOptions(input: readonly string[]): LineOptions {
  const opts = emptyLineOptions();
  const words = [...input];
  while (words.length > 0) {
    const word = words.shift()!;
    if (word === "--") {
      opts.ignoredWords.push(...words);
      break;
    }
    if (word.startsWith("--")) readLong(word, words, opts);
    else if (word.startsWith("-") && word.length > 1) readShort(word, words, opts);
    else opts.ignoredWords.push(word);
  }
  return opts;
}
