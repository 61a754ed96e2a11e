/**
 * When a build fails for want of a system package (pip-accel-original §2.7).
 *
 * 1. `detectMissing(output)` finds what the compiler and linker could not
 *    find: headers (`fatal error: foo.h: No such file or directory`),
 *    libraries (`cannot find -lfoo`) and programs (`command 'swig' failed`,
 *    `unable to execute`, `command not found`).
 * 2. `SystemPackages.packagesFor` maps them to Debian packages: a small
 *    table of well-known ones, then the injected `lookup` (apt-file / dpkg -S),
 *    plus the `[system-packages]` section of pip-accel.conf (project name →
 *    packages) for what the output does not reveal. Installed packages are
 *    filtered out with the injected `isInstalled`.
 * 3. `SystemPackages.offer` says exactly what to `apt-get install`, asks
 *    (`autoInstall` true → yes, false → no, unset → `confirm` on a terminal,
 *    otherwise no), installs through `runCommand` (`sudo` unless root) and
 *    tells the builder to retry once.
 */
import { canonicalizeName } from "../filenames/index.js";
import { SystemPackageInstallError, SystemPackageRefusedError } from "./errors.js";

export interface MissingItem {
  kind: "header" | "library" | "program";
  /** `libxml/xmlversion.h`, `xml2` (for -lxml2), `swig`. */
  name: string;
}

const PATTERNS: Array<[RegExp, MissingItem["kind"]]> = [
  [/fatal error: ([^\s:]+\.h(?:pp)?): No such file or directory/g, "header"],
  [/fatal error: '([^']+\.h(?:pp)?)' file not found/g, "header"],
  [/cannot find -l([\w.+-]+)/g, "library"],
  [/unable to execute '?([\w.+-]+)'?: No such file or directory/g, "program"],
  [/error: command '([\w./+-]+)' failed: No such file or directory/g, "program"],
  [/(?:^|\n)(?:sh: \d+: |\/bin\/sh: (?:\d+: )?)?([\w.+-]+): (?:command )?not found/g, "program"],
];

/** Everything the build output says is missing (deduplicated, in order). */
export function detectMissing(output: string): MissingItem[] {
  const found = new Map<string, MissingItem>();
  for (const [pattern, kind] of PATTERNS) {
    for (const match of output.matchAll(pattern)) {
      let name = match[1] as string;
      if (kind === "program") name = name.split("/").pop() as string;
      found.set(`${kind}:${name}`, { kind, name });
    }
  }
  return [...found.values()];
}

/** Well-known Debian/Ubuntu packages, by header, library (`-l` name) or program. */
export const KNOWN_PACKAGES: Readonly<Record<string, string>> = {
  "header:Python.h": "python3-dev",
  "header:ffi.h": "libffi-dev",
  "header:libxml/xmlversion.h": "libxml2-dev",
  "header:libxml/parser.h": "libxml2-dev",
  "header:libxslt/xsltconfig.h": "libxslt1-dev",
  "header:libpq-fe.h": "libpq-dev",
  "header:pg_config.h": "libpq-dev",
  "header:openssl/ssl.h": "libssl-dev",
  "header:openssl/opensslv.h": "libssl-dev",
  "header:zlib.h": "zlib1g-dev",
  "header:bzlib.h": "libbz2-dev",
  "header:lzma.h": "liblzma-dev",
  "header:sqlite3.h": "libsqlite3-dev",
  "header:yaml.h": "libyaml-dev",
  "header:jpeglib.h": "libjpeg-dev",
  "header:png.h": "libpng-dev",
  "header:ft2build.h": "libfreetype-dev",
  "header:mysql.h": "default-libmysqlclient-dev",
  "header:mysql/mysql.h": "default-libmysqlclient-dev",
  "header:ldap.h": "libldap2-dev",
  "header:sasl/sasl.h": "libsasl2-dev",
  "header:krb5.h": "libkrb5-dev",
  "header:gmp.h": "libgmp-dev",
  "header:readline/readline.h": "libreadline-dev",
  "header:ncurses.h": "libncurses-dev",
  "header:curl/curl.h": "libcurl4-openssl-dev",
  "header:xmlsec/xmlsec.h": "libxmlsec1-dev",
  "header:mcrypt.h": "libmcrypt-dev",
  "library:xml2": "libxml2-dev",
  "library:xslt": "libxslt1-dev",
  "library:ffi": "libffi-dev",
  "library:pq": "libpq-dev",
  "library:ssl": "libssl-dev",
  "library:crypto": "libssl-dev",
  "library:z": "zlib1g-dev",
  "library:yaml": "libyaml-dev",
  "library:jpeg": "libjpeg-dev",
  "library:sqlite3": "libsqlite3-dev",
  "library:mysqlclient": "default-libmysqlclient-dev",
  "program:gcc": "gcc",
  "program:cc": "gcc",
  "program:x86_64-linux-gnu-gcc": "gcc",
  "program:g++": "g++",
  "program:swig": "swig",
  "program:pkg-config": "pkg-config",
  "program:pg_config": "libpq-dev",
  "program:mysql_config": "default-libmysqlclient-dev",
  "program:xml2-config": "libxml2-dev",
  "program:xslt-config": "libxslt1-dev",
  "program:cargo": "cargo",
  "program:rustc": "rustc",
  "program:make": "make",
};

export interface CommandResult {
  code: number;
  output: string;
}

export interface SystemPackagesOptions {
  /** `[system-packages]` of pip-accel.conf: project (any spelling) → space-separated package names. */
  projectPackages?: Readonly<Record<string, string>>;
  /** Finds the package that provides a missing item (apt-file search / dpkg -S); [] when unknown. */
  lookup?: (item: MissingItem) => Promise<string[]>;
  /** True when a system package is already installed (dpkg-query). Default: nothing is installed. */
  isInstalled?: (pkg: string) => Promise<boolean>;
  /** PIP_ACCEL_AUTO_INSTALL / a flag: true = yes, false = no, undefined = ask on a terminal. */
  autoInstall?: boolean;
  /** Whether a human can answer (stdin and stderr are terminals). */
  interactive?: boolean;
  /** Asks a yes/no question. */
  confirm?: (question: string) => Promise<boolean>;
  /** Runs the install command (argv). The only call tests stub. */
  runCommand: (argv: string[]) => Promise<CommandResult>;
  /** Running as root (no sudo). Default: `process.getuid() === 0`. */
  isRoot?: boolean;
  /** Progress notes. */
  note?: (message: string) => void;
}

export class SystemPackages {
  constructor(private readonly options: SystemPackagesOptions) {}

  /** The packages that would fix `output` for `project`, minus installed ones. */
  async packagesFor(project: string, output: string): Promise<string[]> {
    const wanted = new Set<string>();
    for (const item of detectMissing(output)) {
      const known = KNOWN_PACKAGES[`${item.kind}:${item.name}`];
      const found = known !== undefined ? [known] : (await this.options.lookup?.(item)) ?? [];
      for (const pkg of found) wanted.add(pkg);
    }
    for (const [name, list] of Object.entries(this.options.projectPackages ?? {})) {
      if (canonicalizeName(name) === canonicalizeName(project)) for (const pkg of list.split(/[\s,]+/).filter(Boolean)) wanted.add(pkg);
    }
    const missing: string[] = [];
    for (const pkg of wanted) if (!(await this.options.isInstalled?.(pkg) ?? false)) missing.push(pkg);
    return missing;
  }

  /** The exact command that installs `packages`. */
  installCommand(packages: readonly string[]): string[] {
    const root = this.options.isRoot ?? (typeof process.getuid === "function" && process.getuid() === 0);
    return [...(root ? [] : ["sudo"]), "apt-get", "install", "--yes", ...packages];
  }

  /**
   * Offers to install what `output` says is missing. Returns false when
   * nothing is known to be missing (the caller re-raises the build error),
   * true after a successful install (the caller retries). Throws
   * `SystemPackageRefusedError` when the answer is no.
   */
  async offer(project: string, output: string, cause: unknown): Promise<boolean> {
    const packages = await this.packagesFor(project, output);
    if (packages.length === 0) return false;
    const argv = this.installCommand(packages);
    const command = argv.join(" ");
    this.options.note?.(`${project} seems to need ${packages.length} system package(s): ${packages.join(" ")}. Install with: ${command}`);
    if (!(await this.answer(packages))) throw new SystemPackageRefusedError(packages, command, { cause });
    const result = await this.options.runCommand(argv);
    if (result.code !== 0) throw new SystemPackageInstallError(packages, command, result.output, { cause });
    return true;
  }

  private async answer(packages: readonly string[]): Promise<boolean> {
    if (this.options.autoInstall !== undefined) return this.options.autoInstall;
    if (this.options.interactive !== true || this.options.confirm === undefined) return false;
    const what = packages.length === 1 ? "this dependency" : "these dependencies";
    return this.options.confirm(`Do you want me to install ${what} (${packages.join(" ")})? [y/N]`);
  }
}

/** Parses a `PIP_ACCEL_AUTO_INSTALL`-style value: true/yes/1/on, false/no/0/off, anything else undefined. */
export function parseAutoInstall(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (["1", "true", "yes", "on", "y", "t"].includes(v)) return true;
  if (["0", "false", "no", "off", "n", "f"].includes(v)) return false;
  return undefined;
}
