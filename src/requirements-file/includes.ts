/**
 * Reading a requirements file and everything it includes (`-r`/`-c`), as
 * pip's `RequirementsFileParser` does: nested paths are relative to the
 * including file (or `urljoin`ed to its URL), `-r` always yields
 * requirements and `-c` constraints, a cycle is an error with pip's message,
 * and the same file included twice without a cycle is fine.
 *
 * I/O is injected: local files through `readFile` and `probe`, URLs only
 * through `fetchUrl`; nothing here touches the file system itself.
 */
import { dirname, resolve } from "node:path";
import { RequirementsFileOpenError, RequirementsFileParseError } from "./errors.js";
import { applyListOptions, applyOptionLine, createGlobalOptions } from "./global-options.js";
import { buildEntry, lineContext, parseLine, type ParsedLine } from "./parser.js";
import { decodeRequirementsBytes, preprocess, type EnvLookup } from "./tokenizer.js";
import type { GlobalOptions, ParseOptions, PathProbe, RequirementsFile, RequirementsFileWarning } from "./types.js";

const REMOTE = /^(http|https|file):/i;

/** True for the names pip fetches instead of reading (`http:`, `https:`, `file:`). */
export function isRemoteFile(name: string): boolean {
  return REMOTE.test(name);
}

/** Where a nested `-r`/`-c` target lives, given the including file's name. */
export function resolveNested(parent: string, child: string, cwd: string): string {
  if (isRemoteFile(parent)) return new URL(child, parent).href;
  if (!isRemoteFile(child)) return resolve(dirname(resolve(cwd, parent)), child);
  return child;
}

interface Walk {
  options: ParseOptions;
  cwd: string;
  probe: PathProbe;
  env: EnvLookup;
  globals: GlobalOptions;
  result: RequirementsFile;
}

async function readText(name: string, constraint: boolean, walk: Walk, from: string | null): Promise<string> {
  const kind = constraint ? "constraint" : "requirements";
  const by = from === null ? "" : ` (included by ${from})`;
  if (isRemoteFile(name)) {
    const fetchUrl = walk.options.fetchUrl;
    if (fetchUrl === undefined) {
      throw new RequirementsFileOpenError(`Could not open ${kind} file: ${name} is a URL and no URL fetcher is configured${by}`, {
        hint: "Download the file and pass its local path, or use a build of pip-accel with network access.",
        location: name,
      });
    }
    const fetched = await fetchUrl(name).catch((cause: unknown) => {
      throw new RequirementsFileOpenError(`Could not open ${kind} file: ${name}: ${(cause as Error).message}${by}`, { cause, location: name });
    });
    if (fetched.text !== undefined) return fetched.text;
    return decode(fetched.bytes ?? new Uint8Array(), name, walk);
  }
  const read = walk.options.readFile;
  let bytes: Uint8Array;
  try {
    bytes = await read(resolve(walk.cwd, name));
  } catch (cause) {
    throw new RequirementsFileOpenError(`Could not open ${kind} file: ${(cause as Error).message}${by}`, { cause, location: name });
  }
  return decode(bytes, name, walk);
}

function decode(bytes: Uint8Array, name: string, walk: Walk): string {
  const decoded = decodeRequirementsBytes(bytes, name);
  if (decoded.fallback) {
    walk.result.warnings.push({
      code: "decode-fallback",
      message: `unable to decode data from ${name} with default encoding utf-8, falling back to latin-1. If this is `
        + `intentional you should specify the encoding with a PEP-263 style comment, e.g. '# -*- coding: latin-1 -*-'`,
      origin: null,
    });
  }
  return decoded.text;
}

function checkHashModes(globals: GlobalOptions, line: ParsedLine): void {
  if (globals.requireHashes && globals.noRequireHashes) {
    throw new RequirementsFileParseError(
      `--no-require-hashes cannot be combined with --require-hashes (from line ${line.origin.line} of ${line.origin.file})`,
      { location: `${line.origin.file}:${line.origin.line}` },
    );
  }
}

function handleOptionLine(line: ParsedLine & { kind: "options" }, walk: Walk): void {
  const { file, line: number } = line.origin;
  const hashes = Object.values(line.opts.hashes).some((list) => list.length > 0);
  if (hashes) {
    const warning: RequirementsFileWarning = {
      code: "hash-without-requirement",
      message: `${file} line ${number} has --hash but no requirement, and will be ignored.`,
      origin: line.origin,
    };
    walk.result.warnings.push(warning);
  }
  applyOptionLine(walk.globals, line.opts, {
    source: `line ${number} of ${file}`,
    resolveFindLinks: (value) => {
      if (isRemoteFile(file)) return value;
      const candidate = resolve(dirname(resolve(walk.cwd, file)), value);
      return walk.probe.exists(candidate) ? candidate : value;
    },
  });
  checkHashModes(walk.globals, line);
}

/** Global options written on a requirement or editable line; pip ignores them. */
function ignoredGlobalOptions(opts: ParsedLine["opts"]): string[] {
  const found: Array<[boolean, string]> = [
    [opts.indexUrl !== null, "--index-url"], [opts.extraIndexUrls.length > 0, "--extra-index-url"],
    [opts.noIndex, "--no-index"], [opts.findLinks.length > 0, "--find-links"], [opts.pre, "--pre"],
    [opts.trustedHosts.length > 0, "--trusted-host"], [opts.preferBinary, "--prefer-binary"],
    [opts.requireHashes, "--require-hashes"], [opts.noRequireHashes, "--no-require-hashes"],
    [opts.useFeatures.length > 0, "--use-feature"], [opts.requirements.length > 0, "--requirement"],
    [opts.constraints.length > 0, "--constraint"],
  ];
  return found.filter(([present]) => present).map(([, name]) => name);
}

function handleEntryLine(line: ParsedLine & { kind: "requirement" | "editable" }, constraint: boolean, walk: Walk): void {
  const ctx = lineContext(line.origin, { cwd: walk.cwd, probe: walk.probe, warnings: walk.result.warnings });
  const entry = buildEntry({
    text: line.text,
    editable: line.kind === "editable",
    constraint,
    ...(line.kind === "requirement" ? { hashes: line.opts.hashes } : {}),
    configSettings: line.opts.configSettings,
    origin: line.origin,
  }, ctx);
  (constraint ? walk.result.constraints : walk.result.requirements).push(entry);
  const ignored = ignoredGlobalOptions(line.opts);
  if (ignored.length > 0) {
    walk.result.warnings.push({
      code: "ignored-option",
      message: `${line.origin.file} line ${line.origin.line}: ${ignored.join(", ")} on a requirement line ${ignored.length > 1 ? "are" : "is"} ignored; put global options on a line of their own.`,
      origin: line.origin,
    });
  }
}

/** `stack` maps each file on the current include chain to the file that included it. */
async function walkFile(name: string, constraint: boolean, stack: Map<string, string | null>, walk: Walk, from: string | null = null): Promise<void> {
  walk.result.files.push(name);
  const text = await readText(name, constraint, walk, from);
  for (const numbered of preprocess(text, walk.env)) {
    const line = parseLine(numbered, name);
    applyListOptions(walk.globals, line.opts.listOptions);
    if (line.kind === "requirement" || line.kind === "editable") handleEntryLine(line, constraint, walk);
    else if (line.kind === "options") handleOptionLine(line, walk);
    else {
      const child = resolveNested(name, line.target, walk.cwd);
      if (stack.has(child)) {
        const first = stack.get(child);
        const tail = first != null ? ` and again in ${first}` : "";
        throw new RequirementsFileParseError(`${child} recursively references itself in ${name}${tail}`, {
          location: `${name}:${line.origin.line}`,
          hint: "Remove one of the -r/-c lines that form the cycle.",
        });
      }
      await walkFile(child, line.constraint, new Map(stack).set(child, name), walk, `${name}, line ${line.origin.line}`);
    }
  }
}

/**
 * Parses a requirements file (a path, or an `http:`/`https:`/`file:` URL)
 * and every file it includes. Throws an `AccelError` for the first bad line.
 */
export async function parseRequirementsFile(pathOrUrl: string, options: ParseOptions): Promise<RequirementsFile> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const globals = createGlobalOptions(options.initialOptions);
  const walk: Walk = {
    options, cwd, probe: options.probe, env: (n) => env[n], globals,
    result: { requirements: [], constraints: [], options: globals, warnings: [], files: [] },
  };
  const key = isRemoteFile(pathOrUrl) ? pathOrUrl : resolve(cwd, pathOrUrl);
  await walkFile(pathOrUrl, options.constraint ?? false, new Map([[key, null]]), walk);
  return walk.result;
}
