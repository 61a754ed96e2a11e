/**
 * What the user asked for: command-line requirements and `-r`/`-c` files,
 * turned into the resolver's requirement inputs, plus the global options
 * the files set (find-links, index URLs, `--pre`, ...).
 *
 * Files given by URL (`-r https://...`, also nested) are read through
 * `fetchText` (the index client's page cache).
 *
 * And the "already satisfied" check: when every requirement and, through
 * the installed metadata, every dependency is met by what is installed, an
 * install needs neither resolution nor any network.
 */
import { resolve } from "node:path";
import { canonicalizeName, parseSdistFilename, parseWheelFilename } from "../filenames/index.js";
import type { InstalledDistribution, NamedDistribution } from "../installer/environment.js";
import { parseRequirement, type EvaluationEnvironment } from "../pep508/index.js";
import { parseEditableLine, parseRequirementLine, parseRequirementsFile, type GlobalOptions, type RequirementEntry } from "../requirements-file/index.js";
import { AccelError } from "../report/errors.js";
import { LOCAL_FILES } from "./local-files.js";
import { redactCredentials } from "../vcs/vcs-url.js";
import type { RequirementLike } from "../resolver/lib.js";

export interface CollectedRequirements {
  requirements: RequirementLike[];
  constraints: string[];
  /** Where each requested project came from (`-r FILE`, or `command line`), by normalised name. */
  origins: Map<string, string[]>;
  /** The command line's options as updated by the files (`--find-links`, `-i`, `--no-index`, ...), null without files. */
  fileOptions: GlobalOptions | null;
  warnings: string[];
  /** URLs requested with `-e` (as `editableKey` writes them). */
  editables: string[];
  /** Directory and VCS entries without a name yet (see `nameUnnamedTrees`). */
  unnamedTrees: RequirementEntry[];
  /** The URL given for each project, and where (two different URLs for one project are an error). */
  urls: Map<string, { url: string; where: string }>;
}

export interface CollectOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  /** The command line's options, which the files update. */
  initial?: Partial<GlobalOptions>;
  /** Reads `-r https://...` files (the index client's page cache); without it a URL is an error. */
  fetchText?: (url: string) => Promise<string>;
  /** Entries left out of the result (`build` takes local sdists aside). */
  skip?: (entry: RequirementEntry) => boolean;
  /** `-e`/`--editable` values from the command line. */
  editables?: readonly string[];
  /** Told each local path the requirements' meaning depended on (a file read, a path probed) and each URL read. */
  observe?: InputObserver;
}

/** Sees the inputs an operation read (a memo of its outcome stamps the local paths; a URL read means no memo). */
export interface InputObserver {
  local(path: string): void;
  remote(url: string): void;
}

/** LOCAL_FILES with every path reported to `observe` first. */
function observedFiles(observe: InputObserver, cwd: string): typeof LOCAL_FILES {
  const seen = (p: string): string => {
    observe.local(resolve(cwd, p));
    return p;
  };
  return {
    readFile: (p) => LOCAL_FILES.readFile(seen(p)),
    probe: {
      isDirectory: (p) => LOCAL_FILES.probe.isDirectory(seen(p)),
      isFile: (p) => LOCAL_FILES.probe.isFile(seen(p)),
      exists: (p) => LOCAL_FILES.probe.exists(seen(p)),
    },
  };
}

/** Reads command-line requirements and requirement/constraint files. */
export async function collectRequirements(args: readonly string[], files: readonly string[], constraintFiles: readonly string[], options: CollectOptions): Promise<CollectedRequirements> {
  const local = options.observe === undefined ? LOCAL_FILES : observedFiles(options.observe, options.cwd);
  const lineOptions = { cwd: options.cwd, probe: local.probe };
  const entries: RequirementEntry[] = [
    ...(options.editables ?? []).map((e) => parseEditableLine(e, { kind: "command-line" }, lineOptions)),
    ...args.map((a) => parseRequirementLine(a, { kind: "command-line" }, lineOptions)),
  ];
  const constraintEntries: RequirementEntry[] = [];
  let fileOptions: GlobalOptions | null = null;
  const initial = options.initial;
  const warnings: string[] = [];
  for (const [file, constraint] of [...files.map((f) => [f, false] as const), ...constraintFiles.map((f) => [f, true] as const)]) {
    const fetchText = options.fetchText;
    const observe = options.observe;
    const parsed = await parseRequirementsFile(file, {
      ...local, cwd: options.cwd, env: options.env, constraint, initialOptions: fileOptions ?? initial,
      ...(fetchText ? { fetchUrl: async (url: string) => {
        observe?.remote(url);
        return { text: await fetchText(url) };
      } } : {}),
    });
    entries.push(...parsed.requirements);
    constraintEntries.push(...parsed.constraints);
    fileOptions = parsed.options;
    warnings.push(...parsed.warnings.map((w) => w.message));
  }
  const collected: CollectedRequirements = {
    requirements: [], constraints: constraintEntries.map((e) => toRequirementText(e)), origins: new Map(), fileOptions, warnings, editables: [],
    unnamedTrees: [], urls: new Map(),
  };
  for (const entry of entries) {
    if (options.skip?.(entry) === true) continue;
    if (entry.requirement === null && entry.link !== null && (entry.link.isDirectory || entry.link.isVcs)) collected.unnamedTrees.push(entry);
    else addEntry(collected, entry);
  }
  return collected;
}

/**
 * Names the unnamed directory and VCS entries (`./proj`, `-e .`) from their
 * metadata (`nameOf`, in parallel) and adds them to the requirements.
 * Separate from `collectRequirements` because naming may need the builder,
 * which is configured from what the files said.
 */
export async function nameUnnamedTrees(collected: CollectedRequirements, nameOf: (url: string, editable: boolean) => Promise<string>): Promise<void> {
  const pending = collected.unnamedTrees.splice(0);
  const names = await Promise.all(pending.map((entry) => nameOf(entry.link!.url, entry.editable)));
  pending.forEach((entry, i) => addEntry(collected, entry, names[i]!));
}

function addEntry(collected: CollectedRequirements, entry: RequirementEntry, treeName?: string): void {
  const requirement = toRequirementLike(entry, treeName);
  const name = projectOf(requirement.text);
  const where = entry.comesFrom ?? "the command line";
  collected.origins.set(name, [...(collected.origins.get(name) ?? []), entry.origin.kind === "file" ? `-r ${entry.origin.file}` : "command line"]);
  const url = urlOf(requirement.text);
  if (url !== null) {
    const seen = collected.urls.get(name);
    if (seen !== undefined && editableKey(seen.url) !== editableKey(url)) {
      throw new AccelError("conflicting-urls", `Two different URLs are given for ${name}: ${redactCredentials(seen.url)} (${seen.where}) and ${redactCredentials(url)} (${where})`, {
        hint: "Keep one of the two lines.",
      });
    }
    collected.urls.set(name, { url, where });
    if (entry.editable) collected.editables.push(editableKey(url));
  }
  collected.requirements.push(requirement);
}

/** The key under which editables are looked up: the URL without `#egg=` and trailing `/`. */
export function editableKey(url: string): string {
  return url.trim().replace(/([#&])egg=[^&]*&?/, "$1").replace(/[#&]$/, "").replace(/\/+$/, "");
}

/** The URL of a `name @ url` text, or null. */
function urlOf(text: string): string | null {
  try {
    return parseRequirement(text).url;
  } catch {
    return null;
  }
}

/** The normalised project name a requirement text starts with. */
function projectOf(text: string): string {
  return canonicalizeName(/^[A-Za-z0-9._-]+/.exec(text.trim())?.[0] ?? text);
}

function hashesOf(entry: RequirementEntry): string[] {
  return Object.entries(entry.hashes).flatMap(([algorithm, values]) => (values as string[]).map((v) => `${algorithm}:${v}`));
}

function toRequirementLike(entry: RequirementEntry, treeName?: string): { text: string; hashes: string[] } {
  return { text: toRequirementText(entry, treeName), hashes: hashesOf(entry) };
}

/**
 * PEP 508 text for an entry; unnamed archive links get their name from the
 * file name, unnamed directories and VCS URLs the `treeName` read from their
 * metadata. Editables become `name @ url` (the caller records them as editable).
 */
export function toRequirementText(entry: RequirementEntry, treeName?: string): string {
  if (entry.requirement !== null && (entry.link === null || entry.requirement.url !== null)) return entry.requirement.toString();
  const link = entry.link!;
  const filename = decodeURIComponent(link.url.split("#")[0]!.split("/").pop() ?? "");
  let name: string;
  try {
    name = entry.requirement !== null ? entry.requirement.name
      : treeName !== undefined ? treeName
        : filename.endsWith(".whl") ? parseWheelFilename(filename).name : parseSdistFilename(filename).name;
  } catch (cause) {
    throw new AccelError("unnamed-requirement", `Cannot tell the project name of ${entry.text}`, {
      cause, hint: "Write it as 'name @ URL', or use a file named like name-version.tar.gz / a wheel.",
    });
  }
  const extras = entry.extras.length > 0 ? `[${entry.extras.join(",")}]` : "";
  const marker = entry.marker !== null ? ` ; ${entry.marker.toString()}` : "";
  return `${name}${extras} @ ${link.url}${marker}`;
}

/** A requirement as the text `alreadySatisfied` parses. */
export function requirementText(r: RequirementLike): string {
  return typeof r === "string" ? r : "text" in r ? r.text : `${r.name}${r.specifier ?? ""}`;
}

/**
 * True when `requirements` (and their dependencies, followed through the
 * installed metadata with extras) are all met by `installed`. Direct
 * references and unparsable text make it false (resolve normally).
 */
export function alreadySatisfied(requirements: readonly RequirementLike[], installed: readonly InstalledDistribution[], markers: EvaluationEnvironment): boolean {
  const byName = new Map(installed.map((d) => [d.canonicalName, d]));
  const queue: Array<{ text: string; extras: readonly string[] }> = requirements.map((r) => ({ text: requirementText(r), extras: [] }));
  const seen = new Set<string>();
  while (queue.length > 0) {
    const { text, extras } = queue.shift()!;
    const key = `${text}\u0000${extras.join(",")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let req;
    try {
      req = parseRequirement(text);
    } catch {
      return false;
    }
    if (req.marker !== null && !req.marker.evaluateForExtras(markers, extras)) continue;
    if (req.url !== null) return false;
    const dist = byName.get(canonicalizeName(req.name));
    if (dist === undefined || !req.specifier.contains(dist.version, { prereleases: true })) return false;
    for (const extra of req.extras) if (!dist.providesExtra.map((e) => canonicalizeName(e)).includes(canonicalizeName(extra))) return false;
    for (const dep of dist.requiresDist) queue.push({ text: dep, extras: req.extras });
  }
  return true;
}

/**
 * `--no-deps`: true when every requirement whose marker holds names an
 * installed project at a version it allows. Only names and versions are
 * needed (dependencies and extras are not looked at), so `.dist-info`
 * directory names are enough.
 */
export function satisfiedWithoutDependencies(requirements: readonly RequirementLike[], installed: readonly NamedDistribution[], markers: EvaluationEnvironment): boolean {
  const byName = new Map(installed.map((d) => [d.canonicalName, d]));
  for (const r of requirements) {
    let req;
    try {
      req = parseRequirement(typeof r === "string" ? r : "text" in r ? r.text : `${r.name}${r.specifier ?? ""}`);
    } catch {
      return false;
    }
    if (req.marker !== null && !req.marker.evaluateForExtras(markers, [])) continue;
    const dist = byName.get(canonicalizeName(req.name));
    if (req.url !== null || dist === undefined || !req.specifier.contains(dist.version, { prereleases: true })) return false;
  }
  return true;
}

/** True when `text` pins one exact version (`name==1.2` or `===`), with no URL. */
export function isExactPin(requirement: RequirementLike): boolean {
  const text = typeof requirement === "string" ? requirement : "text" in requirement ? requirement.text : null;
  if (text === null) return typeof requirement !== "string" && !("text" in requirement) && /^===?[^,*]+$/.test(requirement.specifier ?? "");
  try {
    const req = parseRequirement(text);
    const specs = req.specifier.toString().split(",").filter((s) => s !== "");
    return req.url === null && specs.length === 1 && /^===?[^*]+$/.test(specs[0]!);
  } catch {
    return false;
  }
}

/** `--hash` values of the requirements, by normalised project name (`{sha256: [hex]}`). */
export function hashesByProject(requirements: readonly RequirementLike[]): Map<string, Record<string, string[]>> {
  const out = new Map<string, Record<string, string[]>>();
  for (const r of requirements) {
    if (typeof r === "string" || !("text" in r) || r.hashes === undefined || r.hashes.length === 0) continue;
    const name = projectOf(r.text);
    const entry = out.get(name) ?? {};
    for (const h of r.hashes) {
      const at = h.indexOf(":");
      if (at > 0) (entry[h.slice(0, at)] ??= []).push(h.slice(at + 1).toLowerCase());
    }
    out.set(name, entry);
  }
  return out;
}
