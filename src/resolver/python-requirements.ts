/**
 * Turning requirement text (requested, constraints, Requires-Dist) into the
 * provider's requirement values, and the options that shape them.
 */
import { SpecifierSet } from "../pep440/index.js";
import { Marker, canonicalizeName, parseMarker, parseRequirement, type MarkerAtom } from "../pep508/index.js";
import { AccelError } from "../report/errors.js";
import { identifierFor, type SpecifierRequirement, type UrlRequirement } from "./python-types.js";

/** A requirement given as data instead of text (e.g. from the requirements-file parser). */
export interface RequirementInput {
  readonly name: string;
  readonly extras?: readonly string[];
  /** PEP 440 specifier text, e.g. `>=1,<2`. */
  readonly specifier?: string;
  readonly url?: string | null;
  /** PEP 508 marker text. */
  readonly marker?: string | null;
  /** `--hash` values, `sha256:hex`. */
  readonly hashes?: readonly string[];
}

/** Requirement text with `--hash` values (as a requirements-file line gives them). */
export interface HashedRequirementText {
  readonly text: string;
  readonly hashes?: readonly string[];
}

export type RequirementLike = string | RequirementInput | HashedRequirementText;

/** Marker variable values of the target environment (`python_version`, `sys_platform`, ...). */
export type MarkerValues = Readonly<Record<string, string>>;

/** A PEP 508 requirement as the provider uses it: extras normalised and sorted. */
export interface ParsedRequirement {
  readonly name: string;
  readonly extras: readonly string[];
  readonly specifier: SpecifierSet;
  readonly url: string | null;
  readonly marker: Marker | null;
}

function normalizeExtras(extras: readonly string[]): string[] {
  return [...new Set<string>(extras.map((e) => canonicalizeName(e)))].sort();
}

/** Parses PEP 508 text with `src/pep508` (throws `InvalidRequirement`). */
export function parseRequirementText(text: string, location?: string): ParsedRequirement {
  const r = parseRequirement(text, location === undefined ? {} : { location });
  return { name: r.name, extras: normalizeExtras(r.extras), specifier: r.specifier, url: r.url, marker: r.marker };
}

function fromInput(input: RequirementInput): ParsedRequirement {
  return {
    name: input.name,
    extras: normalizeExtras(input.extras ?? []),
    specifier: SpecifierSet.parse(input.specifier ?? ""),
    url: input.url ?? null,
    marker: input.marker ? parseMarker(input.marker) : null,
  };
}

function atomMentionsExtra(atom: MarkerAtom): boolean {
  if (Array.isArray(atom)) return (atom as readonly (MarkerAtom | string)[]).some((a) => typeof a !== "string" && atomMentionsExtra(a));
  const item = atom as Exclude<MarkerAtom, readonly unknown[]>;
  return [item.lhs, item.rhs].some((side) => side.kind === "variable" && side.name === "extra");
}

/** True when the marker mentions the `extra` variable anywhere. */
export function markerMentionsExtra(marker: Marker): boolean {
  return marker.tree.some((a) => typeof a !== "string" && atomMentionsExtra(a));
}

/** Parses a requirement; null when its marker does not apply to the environment. */
export function parseRequested(requirement: RequirementLike, env: MarkerValues): { parsed: ParsedRequirement; hashes: string[] } | null {
  const parsed = typeof requirement === "string" ? parseRequirementText(requirement) : "text" in requirement ? parseRequirementText(requirement.text) : fromInput(requirement);
  if (parsed.marker !== null && !parsed.marker.evaluate({ ...env, extra: "" })) return null;
  const hashes = typeof requirement === "string" ? [] : [...(requirement.hashes ?? [])].map(normalizeHash);
  return { parsed, hashes };
}

/** `sha256:HEX` or `sha256=hex` to `sha256:hex`. */
export function normalizeHash(text: string): string {
  const m = /^([a-z0-9]+)[:=]([0-9a-fA-F]+)$/.exec(text.trim());
  if (!m) throw new AccelError("invalid-hash", `Invalid hash '${text}': expected algorithm:hexdigest`, { input: text });
  return `${m[1]}:${m[2]!.toLowerCase()}`;
}

/** The provider requirement for a parsed PEP 508 requirement. */
export function makeRequirement(parsed: ParsedRequirement, hashes: readonly string[] = []): SpecifierRequirement | UrlRequirement {
  const name = canonicalizeName(parsed.name);
  const extras = [...parsed.extras];
  const id = identifierFor(name, extras);
  const shown = extras.length > 0 ? `${name}[${extras.join(",")}]` : name;
  if (parsed.url !== null) {
    return { role: "requirement", kind: "url", id, name, extras, url: parsed.url, text: `${shown} @ ${parsed.url}` };
  }
  const specifier = parsed.specifier;
  return { role: "requirement", kind: "specifier", id, name, extras, specifier, hashes, text: `${shown}${specifier.toString()}` };
}

/** URL text compared for equality: fragment other than hashes kept, trailing spaces dropped. */
export function normalizeUrl(url: string): string {
  return url.trim().replace(/#egg=[^&]*&?/, "#").replace(/#$/, "");
}

const ARCHIVE_SUFFIX = /\.(whl|tar\.gz|tar\.bz2|tar\.xz|tgz|tbz|txz|tar|zip)$/i;

/** True for a URL that names a source tree rather than a file: a VCS URL, or a `file:` URL of a directory (no archive suffix). */
export function isSourceTreeUrl(url: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase() ?? "";
  if (/^(git|hg|svn|bzr)(\+|$)/.test(scheme)) return true;
  return scheme === "file" && !ARCHIVE_SUFFIX.test(url.split("#")[0]!.split("?")[0]!.replace(/\/+$/, ""));
}

/** The hashes a `#sha256=...` fragment of a URL carries. */
export function hashesFromUrl(url: string): Record<string, string> {
  const m = /#(?:.*&)?(md5|sha1|sha224|sha256|sha384|sha512)=([0-9a-fA-F]+)/.exec(url);
  return m ? { [m[1]!]: m[2]!.toLowerCase() } : {};
}

/** The file name at the end of a URL. */
export function filenameFromUrl(url: string): string {
  const path = url.split("#")[0]!.split("?")[0]!;
  return decodeURIComponent(path.slice(path.lastIndexOf("/") + 1));
}

/** The version a file name states for a project, or null (wheel, or sdist `name-version.ext`). */
export function versionFromFilename(filename: string, name: string): string | null {
  if (filename.endsWith(".whl")) return filename.split("-")[1] ?? null;
  const stem = filename.replace(/\.(tar\.gz|tar\.bz2|tar\.xz|tgz|tbz|txz|tar|zip)$/i, "");
  if (stem === filename) return null;
  for (let i = stem.indexOf("-"); i >= 0; i = stem.indexOf("-", i + 1)) {
    if (canonicalizeName(stem.slice(0, i)) === name) return stem.slice(i + 1) || null;
  }
  return null;
}
