/**
 * pip's own configuration, read the way pip reads it, so that pip-accel honours
 * the pip.conf and PIP_* settings a team already has.
 *
 * Files, in load order (a later file overrides an earlier one):
 *   1. $PIP_CONFIG_FILE (when set; "/dev/null" / os.devnull disables every file)
 *   2. global: each $XDG_CONFIG_DIRS entry's pip/pip.conf (default /etc/xdg), then /etc/pip.conf
 *   3. user: ~/.pip/pip.conf (legacy), then $XDG_CONFIG_HOME/pip/pip.conf (default ~/.config)
 *   4. site: $VIRTUAL_ENV/pip.conf
 * Within the combined files a `[<command>]` section overrides `[global]`.
 * Environment variables PIP_<OPTION> (upper case, dashes as underscores) override the files.
 * `--isolated` (isolated: true) ignores the environment and the user files, as pip does.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseIni } from "ini";
import { AccelError } from "../report/errors.js";

/** One setting with where it came from (for `-v` output and error messages). */
export interface Setting {
  value: string;
  source: string;
}

export interface PipConfigOptions {
  env: Record<string, string | undefined>;
  home: string;
  /** The subcommand whose section applies (install, download, ...). */
  command: string;
  isolated?: boolean;
  /** Injectable for tests. */
  readFile?: (path: string) => string | null;
}

/** Reads a configuration file: null when it does not exist, an error naming it when it cannot be read. */
export function readConfigFile(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR") return null;
    throw new AccelError("config-unreadable", `Cannot read configuration file ${path}: ${(error as Error).message}`, {
      cause: error,
      hint: "Fix its permissions, or set PIP_CONFIG_FILE=/dev/null to ignore pip configuration files.",
    });
  }
}

/** The pip.conf files pip would load, in order. */
export function pipConfigFiles(options: PipConfigOptions): string[] {
  const { env, home } = options;
  const files: string[] = [];
  const explicit = env.PIP_CONFIG_FILE;
  if (explicit === "/dev/null" || explicit === "nul") return [];
  if (explicit && !options.isolated) files.push(explicit);
  const xdgDirs = (env.XDG_CONFIG_DIRS || "/etc/xdg").split(":").filter(Boolean);
  for (const dir of xdgDirs) files.push(join(dir, "pip", "pip.conf"));
  files.push("/etc/pip.conf");
  if (!options.isolated) {
    files.push(join(home, ".pip", "pip.conf"));
    files.push(join(env.XDG_CONFIG_HOME || join(home, ".config"), "pip", "pip.conf"));
  }
  if (env.VIRTUAL_ENV) files.push(join(env.VIRTUAL_ENV, "pip.conf"));
  return files;
}

/** Parses INI text into sections; a malformed file is an error that names it. */
export function parseConfigText(text: string, path: string): Record<string, Record<string, string>> {
  checkConfigLines(text, path);
  let parsed: Record<string, unknown>;
  try {
    parsed = parseIni(text) as Record<string, unknown>;
  } catch (error) {
    throw new AccelError("config-invalid", `Configuration file ${path} is not valid INI: ${(error as Error).message}`, { cause: error });
  }
  const sections: Record<string, Record<string, string>> = {};
  for (const [name, body] of Object.entries(parsed)) {
    if (body && typeof body === "object") {
      const section: Record<string, string> = {};
      for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
        section[key.trim().toLowerCase().replace(/_/g, "-")] = String(value);
      }
      sections[name.trim().toLowerCase()] = section;
    }
  }
  return sections;
}

/**
 * The line rules of Python's configparser, which the `ini` parser is more
 * lenient about: a section header is `[name]`, a setting has `=` or `:`, an
 * indented line continues the setting above, and nothing comes before the
 * first header. A broken line is an error naming the file and line.
 */
function checkConfigLines(text: string, path: string): void {
  let inSection = false;
  let lastWasSetting = false;
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    const fail = (what: string): never => {
      throw new AccelError("config-invalid", `Configuration file ${path}, line ${i + 1}: ${what}: ${JSON.stringify(trimmed)}`, {
        hint: "Settings look like 'timeout = 30', under a section header such as [global] or [install].",
      });
    };
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) return;
    if (/^\s/.test(line) && lastWasSetting) return;
    if (trimmed.startsWith("[")) {
      if (!/^\[[^\]]+\]/.test(trimmed)) fail("a section header must look like [name]");
      inSection = true;
      lastWasSetting = false;
      return;
    }
    if (!/[=:]/.test(trimmed)) fail("a setting needs '='");
    if (!inSection) fail("a setting comes before any [section] header");
    lastWasSetting = true;
  });
}

/** Option name (long, without dashes) -> its value from pip's configuration, env over files. */
export function loadPipConfig(options: PipConfigOptions): Map<string, Setting> {
  const read = options.readFile ?? readConfigFile;
  const fromGlobal = new Map<string, Setting>();
  const fromCommand = new Map<string, Setting>();
  for (const file of pipConfigFiles(options)) {
    const text = read(file);
    if (text === null) continue;
    const sections = parseConfigText(text, file);
    for (const [key, value] of Object.entries(sections.global ?? {})) fromGlobal.set(key, { value, source: `${file} [global] ${key}` });
    for (const [key, value] of Object.entries(sections[options.command] ?? {})) {
      fromCommand.set(key, { value, source: `${file} [${options.command}] ${key}` });
    }
  }
  const result = new Map<string, Setting>([...fromGlobal, ...fromCommand]);
  if (!options.isolated) {
    for (const [name, value] of Object.entries(options.env)) {
      if (!name.startsWith("PIP_") || name.startsWith("PIP_ACCEL_") || value === undefined) continue;
      if (name === "PIP_CONFIG_FILE") continue;
      const key = name.slice(4).toLowerCase().replace(/_/g, "-");
      result.set(key, { value, source: `environment ${name}` });
    }
  }
  return result;
}

/** pip's boolean spelling for config and env values ("yes", "true", "on", "1" and their negations). */
export function parseConfigBoolean(setting: Setting): boolean {
  const v = setting.value.trim().toLowerCase();
  if (["1", "yes", "true", "on", "y", "t"].includes(v)) return true;
  if (["0", "no", "false", "off", "n", "f", ""].includes(v)) return false;
  throw new AccelError("config-invalid", `${setting.source}: '${setting.value}' is not a valid boolean`, {
    hint: "Use one of yes/no, true/false, on/off, 1/0.",
  });
}

/** List values (extra-index-url, find-links, trusted-host) are whitespace-separated, as in pip. */
export function parseConfigList(setting: Setting): string[] {
  return setting.value.split(/\s+/).filter(Boolean);
}
