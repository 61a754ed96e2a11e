/**
 * setuptools' `*.egg-info/requires.txt` as `Requires-Dist` lines, the way
 * pip converts it (`_iter_egg_info_dependencies`, pip-behaviour.md §4.5.2):
 *
 *     requests            ->  requests
 *     [socks]             ->  PySocks ; extra == "socks"
 *     [socks:python_version < "3.12"]
 *                         ->  PySocks ; (python_version < "3.12") and extra == "socks"
 *     [:sys_platform == "win32"]
 *                         ->  colorama ; sys_platform == "win32"
 *
 * Extras are normalised as PEP 685 and pip 26 do (`canonicalizeName`: lower case, runs of
 * `-_.` become `-`), in the markers and in `providesExtra` alike: `[Foo_Bar]` becomes
 * `extra == "foo-bar"`. (Markers compare extras normalised anyway; the listing is what
 * `Provides-Extra` and the installation report show.) This is the one conversion: the
 * builder, the installer and the sdist metadata reader all use it.
 */
import { canonicalizeName } from "../filenames/names.js";
import { getAll, parseCoreMetadata } from "./core-metadata.js";

export interface EggRequires {
  readonly requiresDist: string[];
  /** The extras named by sections, normalised, in order, de-duplicated. */
  readonly providesExtra: string[];
}

/** Converts the text of a `requires.txt`. */
export function convertEggRequires(text: string): EggRequires {
  const requiresDist: string[] = [];
  const providesExtra: string[] = [];
  let extra = "";
  let marker = "";
  for (const raw of text.split(/\r\n|\n|\r/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const section = /^\[(.*)\]$/.exec(line);
    if (section !== null) {
      const [name, condition] = splitSection(section[1]!);
      extra = name === "" ? "" : canonicalizeName(name);
      marker = condition;
      if (extra !== "" && !providesExtra.includes(extra)) providesExtra.push(extra);
      continue;
    }
    requiresDist.push(withMarker(line, extra, marker));
  }
  return { requiresDist, providesExtra };
}

function splitSection(section: string): [string, string] {
  const colon = section.indexOf(":");
  const extra = (colon < 0 ? section : section.slice(0, colon)).trim();
  const marker = colon < 0 ? "" : section.slice(colon + 1).trim();
  return [extra, marker];
}

function withMarker(requirement: string, extra: string, marker: string): string {
  let combined = "";
  if (extra !== "" && marker !== "") combined = `(${marker}) and extra == "${extra}"`;
  else if (extra !== "") combined = `extra == "${extra}"`;
  else if (marker !== "") combined = marker;
  return combined === "" ? requirement : `${requirement} ; ${combined}`;
}

/** PKG-INFO plus Requires-Dist/Provides-Extra from requires.txt when PKG-INFO has none. */
export function eggMetadata(pkgInfo: string, requires: string | null): string {
  const parsed = parseCoreMetadata(pkgInfo);
  if (requires === null || getAll(parsed, "Requires-Dist").length > 0) return pkgInfo;
  const converted = convertEggRequires(requires);
  const known = new Set(getAll(parsed, "Provides-Extra").map((e) => e.toLowerCase()));
  const lines = [...converted.providesExtra.filter((e) => !known.has(e)).map((e) => `Provides-Extra: ${e}`), ...converted.requiresDist.map((r) => `Requires-Dist: ${r}`)];
  return `${lines.join("\n")}\n${pkgInfo}`;
}
