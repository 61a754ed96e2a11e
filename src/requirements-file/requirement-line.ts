/**
 * Classifying one requirement line as pip's `parse_req_from_line` and
 * `parse_req_from_editable` do: URL or path or PEP 508, marker split,
 * wheel-filename names, `#egg=` names, extras on paths, and pip's hints.
 */
import { basename, resolve } from "node:path";
import { parseWheelFilename, splitArchiveExtension, isArchiveExtension } from "../filenames/index.js";
import { parseMarker, parseRequirement, type Marker, type Requirement } from "../pep508/index.js";
import { AccelError } from "../report/errors.js";
import { InvalidRequirementLineError } from "./errors.js";
import { ALL_VCS_SCHEMES, VCS_SCHEMES, isUrl, isWheelLink, linkFilename, linkPath, makeLink, pathToUrl } from "./link.js";
import type { EntryOrigin, LinkInfo, PathProbe, RequirementsFileWarning } from "./types.js";

/** What a line asks for, before options and origin are attached. */
export interface RequirementParts {
  requirement: Requirement | null;
  link: LinkInfo | null;
  extras: string[];
  marker: Marker | null;
}

export interface LineContext {
  origin: EntryOrigin;
  cwd: string;
  probe: PathProbe;
  warn: (warning: RequirementsFileWarning) => void;
}

const OPERATORS = ["~=", "==", "!=", "<=", ">=", "<", ">", "==="];
const EXTRAS_SUFFIX = /^(.+)(\[[^\]]+\])$/s;

/** ` (from line N of FILE)` for file origins, `""` otherwise. */
export function fromSource(origin: EntryOrigin): string {
  return origin.kind === "file" ? ` (from line ${origin.line} of ${origin.file})` : "";
}

function looksLikePath(name: string): boolean {
  return name.includes("/") || name.startsWith(".");
}

function stripExtras(text: string): [string, string | null] {
  const match = EXTRAS_SUFFIX.exec(text);
  return match ? [match[1]!, match[2]!] : [text, null];
}

/** `[A, b ]` → `["a", "b"]` (pip lower-cases extras given on paths). */
function convertExtras(extras: string | null): string[] {
  if (extras === null) return [];
  const names = extras.slice(1, -1).split(",").map((e) => e.trim().toLowerCase()).filter((e) => e !== "");
  return [...new Set(names)].sort();
}

function pathHint(text: string, ctx: LineContext): string {
  const exists = ctx.probe.exists(resolve(ctx.cwd, text));
  return exists ? "It looks like a path. The path does exist." : `It looks like a path. File '${text}' does not exist.`;
}

/** pip's `_parse_req_string` with its hints. */
function parseRequirementText(text: string, ctx: LineContext): Requirement {
  try {
    return parseRequirement(text, ctx.origin.kind === "file" ? { location: `${ctx.origin.file}:${ctx.origin.line}` } : {});
  } catch (cause) {
    if (!(cause instanceof AccelError)) throw cause;
    let hint: string | undefined;
    if (text.includes("/")) hint = pathHint(text, ctx);
    else if (text.includes("=") && !OPERATORS.some((op) => text.includes(op))) {
      hint = "= is not a valid operator. Did you mean == ?";
    }
    throw new InvalidRequirementLineError(`Invalid requirement: '${text}': ${cause.message}${fromSource(ctx.origin)}`, {
      cause, input: cause.input ?? text, ...(cause.span ? { span: cause.span } : {}),
      ...(hint !== undefined ? { hint } : {}), ...locationOf(ctx.origin),
    });
  }
}

function locationOf(origin: EntryOrigin): { location?: string } {
  return origin.kind === "file" ? { location: `${origin.file}:${origin.line}` } : {};
}

function parseMarkerText(text: string, line: string, ctx: LineContext): Marker | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  try {
    return parseMarker(trimmed);
  } catch (cause) {
    if (!(cause instanceof AccelError)) throw cause;
    throw new InvalidRequirementLineError(`Invalid requirement: '${line}': ${cause.message}${fromSource(ctx.origin)}`, {
      cause, input: cause.input ?? trimmed, ...(cause.span ? { span: cause.span } : {}), ...locationOf(ctx.origin),
    });
  }
}

/** pip's `_get_url_from_path`: a `file:` URL for installable dirs and archives, else null. */
function urlFromPath(path: string, name: string, ctx: LineContext): LinkInfo | null {
  if (looksLikePath(name) && ctx.probe.isDirectory(path)) {
    if (ctx.probe.isFile(resolve(path, "setup.py")) || ctx.probe.isFile(resolve(path, "pyproject.toml"))) {
      return makeLink(pathToUrl(path, ctx.cwd), { isPath: true, isDirectory: true });
    }
    throw new InvalidRequirementLineError(
      `Directory '${name}' is not installable. Neither 'setup.py' nor 'pyproject.toml' found.${fromSource(ctx.origin)}`,
      { input: name, ...locationOf(ctx.origin) },
    );
  }
  const ext = splitArchiveExtension(basename(path)).extension.toLowerCase();
  if (!isArchiveExtension(ext)) return null;
  if (ctx.probe.isFile(path)) return makeLink(pathToUrl(path, ctx.cwd), { isPath: true });
  const at = name.indexOf("@");
  if (at >= 0 && !looksLikePath(name.slice(0, at))) return null;
  ctx.warn({
    code: "missing-archive-file",
    message: `Requirement '${name}' looks like a filename, but the file does not exist`,
    origin: ctx.origin.kind === "file" ? ctx.origin : null,
  });
  return makeLink(pathToUrl(path, ctx.cwd), { isPath: true });
}

function wheelRequirementText(link: LinkInfo, ctx: LineContext): string {
  try {
    const wheel = parseWheelFilename(linkFilename(link.url));
    return `${wheel.name}==${wheel.version.toString()}`;
  } catch (cause) {
    if (!(cause instanceof AccelError)) throw cause;
    throw new InvalidRequirementLineError(`${cause.message}${fromSource(ctx.origin)}`, {
      cause, input: link.url, hint: "A wheel's filename must be name-version(-build)?-python-abi-platform.whl.",
      ...locationOf(ctx.origin),
    });
  }
}

/** Re-attaches extras and a marker to a name (or `name==version`) from a link. */
function withExtrasAndMarker(req: Requirement, extras: string[], marker: Marker | null, ctx: LineContext): Requirement {
  if (extras.length === 0 && marker === null) return req;
  const spec = req.specifier.toString();
  const text = `${req.name}${extras.length ? `[${extras.join(",")}]` : ""}${spec}${marker ? ` ; ${marker.toString()}` : ""}`;
  return parseRequirementText(text, ctx);
}

/** pip's `parse_req_from_line` for a non-editable line (options already removed). */
export function parseRequirementParts(input: string, ctx: LineContext): RequirementParts {
  const separator = isUrl(input) ? "; " : ";";
  const at = input.indexOf(separator);
  const markerText = at >= 0 ? input.slice(at + separator.length).trim() : "";
  const name = (at >= 0 ? input.slice(0, at) : input).trim();
  let link: LinkInfo | null = null;
  let extrasText: string | null = null;
  if (isUrl(name)) link = linkFor(name, ctx);
  else {
    const [path, extras] = stripExtras(resolve(ctx.cwd, name));
    extrasText = extras;
    link = urlFromPath(resolve(path), name, ctx);
  }
  if (link === null) {
    // Parse the part before the marker alone first, for pip's error text and hints.
    let requirement = parseRequirementText(name, ctx);
    if (markerText !== "") requirement = parseRequirementText(`${name} ; ${markerText}`, ctx);
    return { requirement, link: null, extras: [...requirement.extras], marker: requirement.marker };
  }
  const marker = parseMarkerText(markerText, input, ctx);
  if (link.isFile && link.url.includes("../")) {
    link = linkFor(pathToUrl(linkPath(link.url), ctx.cwd), ctx, { isPath: link.isPath, isDirectory: link.isDirectory });
  }
  const extras = convertExtras(extrasText);
  const reqText = isWheelLink(link.url) ? wheelRequirementText(link, ctx) : link.eggName;
  if (reqText === null) return { requirement: null, link, extras, marker };
  const requirement = withExtrasAndMarker(parseRequirementText(reqText, ctx), extras, marker, ctx);
  return { requirement, link, extras, marker };
}

/** `makeLink` with the line's location added to an invalid `#egg=` error. */
function linkFor(url: string, ctx: LineContext, extra: { isPath?: boolean; isDirectory?: boolean } = {}): LinkInfo {
  try {
    return makeLink(url, extra);
  } catch (cause) {
    if (!(cause instanceof InvalidRequirementLineError)) throw cause;
    throw new InvalidRequirementLineError(`${cause.message}${fromSource(ctx.origin)}`, {
      cause, input: url, ...(cause.hint !== undefined ? { hint: cause.hint } : {}), ...locationOf(ctx.origin),
    });
  }
}

function editableError(text: string, ctx: LineContext, message: string): InvalidRequirementLineError {
  return new InvalidRequirementLineError(`${message}${fromSource(ctx.origin)}`, { input: text, ...locationOf(ctx.origin) });
}

/** pip's `parse_req_from_editable` (PEP 508 `name @ vcs+url` first, then pip's own syntax). */
export function parseEditableParts(text: string, ctx: LineContext): RequirementParts {
  try {
    const req = parseRequirement(text);
    if (req.url !== null) return { requirement: req, link: linkFor(req.url, ctx), extras: [...req.extras], marker: req.marker };
  } catch (error) {
    if (!(error instanceof AccelError)) throw error;
  }
  const [noExtras, extrasText] = stripExtras(text);
  const absolute = resolve(ctx.cwd, noExtras);
  const isDirectory = !isUrl(noExtras) && ctx.probe.isDirectory(absolute);
  const url = isDirectory ? pathToUrl(absolute, ctx.cwd) : noExtras;
  if (url.toLowerCase().startsWith("file:")) {
    const link = linkFor(url, ctx, { isPath: isDirectory, isDirectory });
    const requirement = link.eggName === null ? null : parseRequirementText(link.eggName, ctx);
    return { requirement, link, extras: convertExtras(extrasText), marker: null };
  }
  let vcsUrl = text;
  const vcs = Object.keys(VCS_SCHEMES).find((v) => text.toLowerCase().startsWith(`${v}:`));
  if (vcs !== undefined) vcsUrl = `${vcs}+${text}`;
  const link = linkFor(vcsUrl, ctx);
  if (!link.isVcs) {
    throw editableError(text, ctx, `${text} is not a valid editable requirement. It should either be a path to a local `
      + `project or a VCS URL (beginning with ${ALL_VCS_SCHEMES.join(", ")}).`);
  }
  if (link.eggName === null) {
    throw editableError(text, ctx, `Could not detect requirement name for '${text}', please specify one with your_package_name @ URL`);
  }
  return { requirement: parseRequirementText(link.eggName, ctx), link, extras: [], marker: null };
}
