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
 * Extras are made safe as setuptools' `safe_extra` does (runs of characters
 * other than letters, digits, `.` and `-` become `_`, lower-cased).
 */

export interface EggRequires {
  readonly requiresDist: string[];
  /** The extras named by sections, in order, de-duplicated. */
  readonly providesExtra: string[];
}

export function safeExtra(extra: string): string {
  return extra.replace(/[^A-Za-z0-9.-]+/g, "_").toLowerCase();
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
      extra = name;
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
  if (extra !== "" && marker !== "") combined = `(${marker}) and extra == "${safeExtra(extra)}"`;
  else if (extra !== "") combined = `extra == "${safeExtra(extra)}"`;
  else if (marker !== "") combined = marker;
  return combined === "" ? requirement : `${requirement} ; ${combined}`;
}
