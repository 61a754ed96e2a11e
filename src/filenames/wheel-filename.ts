/**
 * Wheel filenames (PEP 427 / the binary distribution format), parsed the way
 * packaging.utils 26.4 `parse_wheel_filename` does, plus the reverse.
 *
 *   {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl
 */
import { Version } from "../pep440/index.js";
import { AccelError } from "../report/errors.js";
import { formatTagSet, parseTag, Tag } from "../tags/index.js";
import { canonicalizeName } from "./names.js";
import type { NormalizedName } from "./names.js";

/** `[]` or `[leading number, rest]`, e.g. `1000abc` -> `[1000, "abc"]`; compares as a tuple. */
export type BuildTag = [] | [number, string];

export interface WheelFilename {
  name: NormalizedName;
  version: Version;
  build: BuildTag;
  /** The expanded tag set, in `parseTag` order. */
  tags: Tag[];
}

export class InvalidWheelFilename extends AccelError {
  constructor(input: string, detail: string, cause?: unknown) {
    super("invalid-wheel-filename", `Invalid wheel filename (${detail}): '${input}'`, {
      input,
      cause,
      hint: "A wheel is named {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl, with '-' in the name escaped as '_'.",
    });
    this.name = "InvalidWheelFilename";
  }
}

/** PEP 427 escaped name: word characters (Unicode letters and digits), `_` and `.`. */
const WHEEL_NAME = /^[\p{L}\p{N}_.]+$/u;
const BUILD_TAG = /^([0-9]+)(.*)$/s;

function parseBuildTag(part: string, filename: string): BuildTag {
  const m = BUILD_TAG.exec(part);
  if (!m) throw new InvalidWheelFilename(filename, `invalid build number '${part}'`);
  return [Number(m[1]), m[2]!];
}

/**
 * Parses a wheel filename. Throws `InvalidWheelFilename` for a wrong extension,
 * a wrong number of parts, an unescaped or empty name, an invalid version, a
 * build tag that does not start with a digit, or an invalid tag set (with
 * `validateOrder`: also unsorted compressed tags).
 */
export function parseWheelFilename(filename: string, options: { validateOrder?: boolean } = {}): WheelFilename {
  if (!filename.endsWith(".whl")) throw new InvalidWheelFilename(filename, "extension must be '.whl'");
  const stem = filename.slice(0, -4);
  const parts = stem.split("-");
  if (parts.length !== 5 && parts.length !== 6) throw new InvalidWheelFilename(filename, "wrong number of parts");
  const namePart = parts[0]!;
  if (namePart.includes("__") || !WHEEL_NAME.test(namePart)) throw new InvalidWheelFilename(filename, "invalid project name");
  let version: Version;
  try {
    version = Version.parse(parts[1]!);
  } catch (error) {
    throw new InvalidWheelFilename(filename, "invalid version", error);
  }
  const build = parts.length === 6 ? parseBuildTag(parts[2]!, filename) : ([] as BuildTag);
  let tags: Tag[];
  try {
    tags = parseTag(parts.slice(-3).join("-"), { validateOrder: options.validateOrder ?? false });
  } catch (error) {
    throw new InvalidWheelFilename(filename, `invalid tags: ${(error as Error).message}`, error);
  }
  return { name: canonicalizeName(namePart), version, build, tags };
}

/** Builds a wheel filename: the name escaped (`foo-bar` -> `foo_bar`), tags compressed and sorted. */
export function formatWheelFilename(name: string, version: Version | string, build: BuildTag, tags: Iterable<Tag>): string {
  const escaped = canonicalizeName(name).replace(/-/g, "_");
  const parts = [escaped, version.toString()];
  if (build.length === 2) parts.push(`${build[0]}${build[1]}`);
  parts.push(formatTagSet(tags));
  return `${parts.join("-")}.whl`;
}

/** Orders build tags as Python tuples do: `[]` first, then by number, then by string. */
export function compareBuildTags(a: BuildTag, b: BuildTag): number {
  if (a.length === 0 || b.length === 0) return a.length - b.length;
  if (a[0] !== b[0]) return a[0] - b[0];
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}
