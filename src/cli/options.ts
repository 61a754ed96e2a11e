/**
 * pip's option names and meanings, as one table. Each option knows its type,
 * which subcommands take it, and its pip.conf / PIP_* name, so configuration
 * defaults are applied to every option the same way:
 *   command line > PIP_<NAME> environment > pip.conf ([command] over [global]) > default.
 */
import { Option } from "commander";
import { AccelError } from "../report/errors.js";
import { parseConfigBoolean, parseConfigList, type Setting } from "../config/pip-config.js";

export type OptionType = "string" | "list" | "bool" | "count" | "int" | "float";

export interface OptionSpec {
  /** commander flags, e.g. "-i, --index-url <url>" */
  flags: string;
  /** the camelCase key commander produces */
  key: string;
  type: OptionType;
  help: string;
  /** subcommands that accept it; "*" for all */
  commands: readonly string[] | "*";
  /** pip.conf / PIP_* name, when pip has one (defaults to the long flag name) */
  configName?: string | null;
}

const INSTALLISH = ["install", "download", "resolve", "build"] as const;
const INDEXED = [...INSTALLISH, "index"] as const;

export const OPTION_SPECS: readonly OptionSpec[] = [
  // General options (pip's "General Options")
  { flags: "-v, --verbose", key: "verbose", type: "count", help: "more output; repeat for more", commands: "*" },
  { flags: "-q, --quiet", key: "quiet", type: "count", help: "less output; repeat for less", commands: "*" },
  { flags: "--isolated", key: "isolated", type: "bool", help: "ignore environment variables and user configuration", commands: "*", configName: null },
  { flags: "--python <python>", key: "python", type: "string", help: "the Python interpreter (or environment) to act on", commands: "*" },
  { flags: "--cache-dir <dir>", key: "cacheDir", type: "string", help: "pip-accel's cache root (default ~/.pip-accel, /var/cache/pip-accel for root)", commands: "*", configName: null },
  { flags: "--timeout <sec>", key: "timeout", type: "float", help: "socket timeout in seconds (default 15)", commands: "*" },
  { flags: "--retries <n>", key: "retries", type: "int", help: "retries per connection (default 5)", commands: "*" },
  { flags: "--proxy <proxy>", key: "proxy", type: "string", help: "proxy in the form scheme://[user:passwd@]proxy.server:port", commands: "*" },
  { flags: "--cert <path>", key: "cert", type: "string", help: "path to a PEM CA bundle", commands: "*" },
  { flags: "--client-cert <path>", key: "clientCert", type: "string", help: "path to a PEM client certificate with its key", commands: "*" },
  { flags: "--trusted-host <host>", key: "trustedHost", type: "list", help: "mark this host (or host:port) as trusted", commands: "*" },
  { flags: "--no-color", key: "noColor", type: "bool", help: "no colored output", commands: "*" },
  { flags: "--no-input", key: "noInput", type: "bool", help: "never prompt", commands: "*" },
  { flags: "--disable-pip-version-check", key: "disablePipVersionCheck", type: "bool", help: "accepted for pip compatibility; pip-accel never checks", commands: "*" },
  { flags: "--offline", key: "offline", type: "bool", help: "never open a network connection; use only the local caches", commands: "*", configName: null },
  // Package index options
  { flags: "-i, --index-url <url>", key: "indexUrl", type: "string", help: "base URL of the package index (default https://pypi.org/simple)", commands: INDEXED },
  { flags: "--extra-index-url <url>", key: "extraIndexUrl", type: "list", help: "extra index URLs to use", commands: INDEXED },
  { flags: "--no-index", key: "noIndex", type: "bool", help: "ignore package indexes (only --find-links and the local source index)", commands: INDEXED },
  { flags: "-f, --find-links <url>", key: "findLinks", type: "list", help: "a URL or path of an HTML page or directory of archives", commands: INDEXED },
  { flags: "--pre", key: "pre", type: "bool", help: "include pre-release and development versions", commands: INDEXED },
  // Requirement selection
  { flags: "-r, --requirement <file>", key: "requirement", type: "list", help: "install from the given requirements file (repeatable)", commands: INSTALLISH, configName: null },
  { flags: "-e, --editable <path/url>", key: "editable", type: "list", help: "install a project in editable mode from a local path or a VCS URL (repeatable)", commands: ["install", "resolve"], configName: null },
  { flags: "-c, --constraint <file>", key: "constraint", type: "list", help: "constrain versions with the given constraints file (repeatable)", commands: INSTALLISH, configName: null },
  { flags: "--no-deps", key: "noDeps", type: "bool", help: "don't install dependencies", commands: INSTALLISH },
  { flags: "--prefer-binary", key: "preferBinary", type: "bool", help: "prefer wheels over newer sdists", commands: INSTALLISH },
  { flags: "--only-binary <names>", key: "onlyBinary", type: "list", help: "comma list of names, or :all: / :none:, that must come as wheels", commands: INSTALLISH },
  { flags: "--no-binary <names>", key: "noBinary", type: "list", help: "comma list of names, or :all: / :none:, never taken from wheels", commands: INSTALLISH },
  { flags: "--require-hashes", key: "requireHashes", type: "bool", help: "require a hash for every requirement", commands: INSTALLISH },
  { flags: "--ignore-requires-python", key: "ignoreRequiresPython", type: "bool", help: "ignore Requires-Python", commands: INSTALLISH },
  { flags: "--python-version <x.y>", key: "pythonVersion", type: "string", help: "resolve for this Python version instead of the interpreter's", commands: ["download", "resolve"] },
  { flags: "--platform <tag>", key: "platform", type: "list", help: "resolve for this platform tag (repeatable)", commands: ["download", "resolve"] },
  { flags: "--implementation <impl>", key: "implementation", type: "string", help: "cp, pp, ... (with --python-version)", commands: ["download", "resolve"] },
  { flags: "--abi <abi>", key: "abi", type: "list", help: "ABI tag (repeatable)", commands: ["download", "resolve"] },
  { flags: "-U, --upgrade", key: "upgrade", type: "bool", help: "upgrade the named packages to the newest allowed version", commands: ["install", "download", "resolve"] },
  { flags: "--refresh", key: "refresh", type: "bool", help: "consult the network even when the local source index satisfies a requirement", commands: INSTALLISH, configName: null },
  // install
  { flags: "--force-reinstall", key: "forceReinstall", type: "bool", help: "reinstall even when already up to date", commands: ["install"] },
  { flags: "-I, --ignore-installed", key: "ignoreInstalled", type: "bool", help: "ignore installed packages (overwrite them)", commands: ["install"] },
  { flags: "-t, --target <dir>", key: "target", type: "string", help: "install into this directory", commands: ["install"] },
  { flags: "--prefix <dir>", key: "prefix", type: "string", help: "installation prefix", commands: ["install"] },
  { flags: "--user", key: "user", type: "bool", help: "install into the user site", commands: ["install"] },
  { flags: "--root <dir>", key: "root", type: "string", help: "install everything relative to this alternate root", commands: ["install"] },
  { flags: "--src <dir>", key: "src", type: "string", help: "where editable VCS projects are checked out (default <prefix>/src)", commands: ["install"] },
  { flags: "--trust-mtimes", key: "trustMtimes", type: "bool", help: "tell local directories changed by file mtimes instead of contents (PIP_ACCEL_TRUST_MOD_TIMES)", commands: ["install"], configName: null },
  { flags: "--dry-run", key: "dryRun", type: "bool", help: "resolve and report, change nothing", commands: ["install"] },
  { flags: "--report <file>", key: "report", type: "string", help: "write an installation report (pip's JSON format, version 1); - for stdout", commands: ["install"] },
  { flags: "--compile", key: "compile", type: "bool", help: "compile .py files to bytecode after installing", commands: ["install"] },
  { flags: "--no-compile", key: "noCompile", type: "bool", help: "don't compile bytecode (the default; see README)", commands: ["install"] },
  { flags: "--no-warn-script-location", key: "noWarnScriptLocation", type: "bool", help: "don't warn when scripts land outside PATH", commands: ["install"] },
  { flags: "--break-system-packages", key: "breakSystemPackages", type: "bool", help: "allow installing into an externally managed environment", commands: ["install", "uninstall"] },
  // download/build
  { flags: "-d, --dest <dir>", key: "dest", type: "string", help: "download into this directory", commands: ["download"] },
  // resolve
  { flags: "-o, --output-file <file>", key: "outputFile", type: "string", help: "write the pinned requirements here (default: stdout)", commands: ["resolve"], configName: null },
  { flags: "--generate-hashes", key: "generateHashes", type: "bool", help: "add --hash options for every pin", commands: ["resolve"], configName: null },
  // uninstall / list
  { flags: "-y, --yes", key: "yes", type: "bool", help: "don't ask for confirmation", commands: ["uninstall"] },
  { flags: "--format <fmt>", key: "format", type: "string", help: "columns (default), freeze or json", commands: ["list"] },
  { flags: "--auto-install", key: "autoInstall", type: "bool", help: "install missing system packages without asking (PIP_ACCEL_AUTO_INSTALL)", commands: ["install", "build"], configName: null },
];

export function specsFor(command: string): OptionSpec[] {
  return OPTION_SPECS.filter((s) => s.commands === "*" || s.commands.includes(command));
}

function longName(spec: OptionSpec): string {
  const m = /--([a-z0-9-]+)/.exec(spec.flags);
  return m![1]!;
}

/** A commander Option for a spec (counts and lists accumulate). */
export function toCommanderOption(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.help);
  // pip's --no-index, --no-deps, --no-binary ... are options of their own, not negations of --index etc.
  option.negate = false;
  if (spec.type === "count") option.argParser((_v: string, prev: number | undefined) => (prev ?? 0) + 1);
  if (spec.type === "list") {
    const split = spec.key === "onlyBinary" || spec.key === "noBinary";
    option.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), ...(split ? v.split(",") : [v])]);
  }
  if (spec.type === "int" || spec.type === "float") {
    option.argParser((v: string) => parseNumber(v, spec, `--${longName(spec)}`));
  }
  return option;
}

function parseNumber(text: string, spec: OptionSpec, where: string): number {
  const n = spec.type === "int" ? Number.parseInt(text, 10) : Number.parseFloat(text);
  if (!Number.isFinite(n) || (spec.type === "int" && !/^\s*-?\d+\s*$/.test(text))) {
    throw new AccelError("invalid-option", `${where}: '${text}' is not a valid ${spec.type === "int" ? "integer" : "number"}`);
  }
  return n;
}

/**
 * Fills options the command line did not give from pip's configuration.
 * `given` holds commander's parsed values (undefined when absent).
 */
export function applyConfigDefaults(
  command: string,
  given: Record<string, unknown>,
  config: Map<string, Setting>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...given };
  for (const spec of specsFor(command)) {
    if (result[spec.key] !== undefined || spec.configName === null) continue;
    const setting = config.get(spec.configName ?? longName(spec));
    if (!setting) continue;
    switch (spec.type) {
      case "bool": result[spec.key] = parseConfigBoolean(setting); break;
      case "count": result[spec.key] = /^\d+$/.test(setting.value) ? Number(setting.value) : parseConfigBoolean(setting) ? 1 : 0; break;
      case "list": result[spec.key] = parseConfigList(setting).flatMap((v) => (spec.key === "onlyBinary" || spec.key === "noBinary" ? v.split(",") : [v])); break;
      case "int": case "float": result[spec.key] = parseNumber(setting.value, spec, setting.source); break;
      default: result[spec.key] = setting.value;
    }
  }
  return result;
}
