/**
 * Scripts: entry points (`entry_points.txt`), the console/gui script
 * wrappers pip writes for them, shebang lines (with the `/bin/sh`
 * trampoline for long or spaced interpreter paths), and the two shebang
 * rewrites: a wheel's `#!python` and a cached binary's build-time
 * `#!/…/python…` (the original pip-accel rule). pip-behaviour.md §4.2.
 */
import { InvalidWheelError } from "./errors.js";

export interface EntryPoint {
  /** Script name (file name in the scripts directory). */
  name: string;
  group: "console" | "gui";
  module: string;
  /** Dotted attribute path after the `:`, e.g. `cli.main`. */
  attr: string;
}

/** Parses `[console_scripts]` and `[gui_scripts]` from an entry_points.txt. Other groups are ignored. */
export function parseEntryPoints(text: string, where = "entry_points.txt"): EntryPoint[] {
  const out: EntryPoint[] = [];
  let group: EntryPoint["group"] | null = null;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const section = /^\[(.*)\]$/.exec(line);
    if (section !== null) {
      const name = section[1]?.trim();
      group = name === "console_scripts" ? "console" : name === "gui_scripts" ? "gui" : null;
      continue;
    }
    if (group === null) continue;
    out.push(parseEntryPointLine(line, group, where));
  }
  return out;
}

function parseEntryPointLine(line: string, group: EntryPoint["group"], where: string): EntryPoint {
  const eq = line.indexOf("=");
  if (eq <= 0) throw new InvalidWheelError(`${where}: invalid entry point line ${JSON.stringify(line)}`);
  const name = line.slice(0, eq).trim();
  const value = line.slice(eq + 1).replace(/\[.*\]\s*$/, "").trim();
  const match = /^([\w.]+)\s*:\s*([\w.]+)$/.exec(value);
  if (match === null) {
    throw new InvalidWheelError(`${where}: invalid script entry point ${JSON.stringify(line)}: a callable suffix is required`, {
      hint: "Entry points look like 'name = package.module:function'.",
    });
  }
  if (name === "" || name === "." || name === ".." || /[/\\\0]/.test(name)) {
    throw new InvalidWheelError(`${where}: entry point name ${JSON.stringify(name)} would write outside the scripts directory`);
  }
  return { name, group, module: match[1] as string, attr: match[2] as string };
}

/** pip's wrapper body (no coding line, no `re` import). */
export function scriptBody(entry: EntryPoint): string {
  const importName = entry.attr.split(".")[0] as string;
  return [
    "import sys",
    `from ${entry.module} import ${importName}`,
    "if __name__ == '__main__':",
    "    if sys.argv[0].endswith('.exe'):",
    "        sys.argv[0] = sys.argv[0][:-4]",
    `    sys.exit(${entry.attr}())`,
    "",
  ].join("\n");
}

/**
 * The shebang for `executable` (distlib `_build_shebang`, POSIX): `#!exe` when
 * it has no space and fits the kernel limit (127 bytes, 512 on macOS),
 * otherwise the `/bin/sh` trampoline that re-execs Python. Ends with `\n`.
 */
export function buildShebang(executable: string, platform: NodeJS.Platform = process.platform): string {
  const limit = platform === "darwin" ? 512 : 127;
  const simple = !executable.includes(" ") && Buffer.byteLength(executable) + 3 <= limit;
  if (simple) return `#!${executable}\n`;
  const quoted = executable.includes(" ") ? `"${executable}"` : executable;
  return `#!/bin/sh\n'''exec' ${quoted} "$0" "$@"\n' '''\n`;
}

/** The complete wrapper script for an entry point. */
export function entryPointScript(entry: EntryPoint, executable: string, platform?: NodeJS.Platform): string {
  return buildShebang(executable, platform) + scriptBody(entry);
}

/** Script names of `.data/scripts` files that pip skips because an entry point regenerates them. */
export function isEntryPointWrapper(fileName: string, entryPoints: EntryPoint[]): boolean {
  const base = fileName.replace(/(\.exe|-script\.pyw?|\.pya)$/, "");
  return entryPoints.some((ep) => ep.name === base);
}

/** True when a wheel script starts with `#!python` (pip rewrites it, including `#!pythonw`). */
export function hasPythonShebang(data: Uint8Array): boolean {
  return Buffer.from(data.subarray(0, 8)).toString("latin1") === "#!python";
}

/**
 * The original pip-accel rule for a binary's build-time shebang: the file
 * starts with `#!/`, the first line's basename with a leading `env ` removed
 * is `python`, `pythonN` or `pythonN.M…`. Arguments, `pythonw`, `pypy` and
 * other interpreters are left alone.
 */
export function hasBuildShebang(data: Uint8Array): boolean {
  const head = Buffer.from(data.subarray(0, 512)).toString("latin1");
  if (!head.startsWith("#!/")) return false;
  const first = head.split(/\r?\n/)[0] as string;
  const base = first.slice(2).split("/").pop() as string;
  return /^python(\d+(\.\d+)*)?$/.test(base.replace(/^env /, "").trimEnd());
}

/** Replaces the first line of a script with a shebang for `executable`, keeping the rest byte for byte. */
export function rewriteShebang(data: Uint8Array, executable: string, platform?: NodeJS.Platform): Buffer {
  const buf = Buffer.from(data);
  const nl = buf.indexOf(0x0a);
  const rest = nl < 0 ? Buffer.alloc(0) : buf.subarray(nl + 1);
  return Buffer.concat([Buffer.from(buildShebang(executable, platform), "utf8"), rest]);
}
