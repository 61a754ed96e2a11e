/**
 * Debian/Ubuntu lookups for the system-package flow, over an injected
 * command runner (so tests never touch the machine's package manager):
 * `apt-file search` (finds files of packages that are not installed),
 * then `dpkg -S` (installed packages only), and `dpkg-query` for "is it
 * installed". Plus the `[system-packages]` section of pip-accel.conf.
 */
import { existsSync } from "node:fs";
import { accelConfigFiles, loadAccelConfig } from "../config/accel-config.js";
import { parseConfigText } from "../config/pip-config.js";
import { parseAutoInstall, SystemPackages, type CommandResult, type MissingItem, type SystemPackagesOptions } from "./system-deps.js";

export type Exec = (argv: string[]) => Promise<CommandResult>;

/** Where a missing item would live on Debian, as an apt-file/dpkg regular expression. */
function pathPattern(item: MissingItem): string {
  const escaped = item.name.replace(/[.+*?^$()[\]{}|\\]/g, "\\$&");
  if (item.kind === "header") return `/include/(.*/)?${escaped}$`;
  if (item.kind === "library") return `/lib(64)?/([^/]*/)?lib${escaped}\\.(so|a)$`;
  return `/s?bin/${escaped}$`;
}

/** Package names from `pkg: /path` lines (apt-file and dpkg -S both print that). */
function packagesFromLines(output: string): string[] {
  const out = new Set<string>();
  for (const line of output.split("\n")) {
    const colon = line.indexOf(": ");
    if (colon > 0) for (const pkg of line.slice(0, colon).split(",")) out.add(pkg.trim().replace(/:[a-z0-9]+$/, ""));
  }
  return [...out].filter((p) => /^[a-z0-9][a-z0-9+.-]*$/.test(p)).sort();
}

/** `lookup` and `isInstalled` for SystemPackagesOptions, backed by apt-file / dpkg. */
export function debianLookups(exec: Exec): Pick<SystemPackagesOptions, "lookup" | "isInstalled"> {
  return {
    lookup: async (item) => {
      const pattern = pathPattern(item);
      for (const argv of [["apt-file", "search", "--regexp", pattern], ["dpkg", "-S", pattern.replace(/^\//, "*/").replace(/\$$/, "")]]) {
        const result = await exec(argv).catch(() => ({ code: 127, output: "" }));
        if (result.code === 0) {
          const found = packagesFromLines(result.output);
          if (found.length > 0) return found.slice(0, 3);
        }
      }
      return [];
    },
    isInstalled: async (pkg) => {
      const result = await exec(["dpkg-query", "-W", "-f=${Status}", pkg]).catch(() => ({ code: 1, output: "" }));
      return result.code === 0 && result.output.includes("install ok installed");
    },
  };
}

/** The merged `[system-packages]` sections of the given config file texts (later files win). */
export function systemPackagesSection(files: ReadonlyArray<{ path: string; text: string }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { path, text } of files) Object.assign(out, parseConfigText(text, path)["system-packages"] ?? {});
  return out;
}

export interface SystemSetupOptions {
  env: Record<string, string | undefined>;
  home: string;
  readFile: (path: string) => string | null;
  /** `--auto-install` on the command line. */
  autoInstallFlag?: boolean;
  /** stdin and stderr are terminals and `--no-input` was not given. */
  interactive: boolean;
  confirm?: (question: string) => Promise<boolean>;
  /** Runs lookups and the final install command. */
  exec: Exec;
  note?: (message: string) => void;
  /** Default: `/etc/debian_version` exists. */
  debian?: boolean;
}

/**
 * The system-package flow as the CLI wires it: `--auto-install`, else
 * `PIP_ACCEL_AUTO_INSTALL` / `auto-install` from pip-accel.conf; the
 * `[system-packages]` sections of the same files; apt-file/dpkg lookups on
 * Debian and derivatives (elsewhere only the config section applies).
 */
export function configureSystemPackages(options: SystemSetupOptions): SystemPackages {
  const settings = loadAccelConfig({ env: options.env, home: options.home, readFile: options.readFile });
  const files = accelConfigFiles(options.env, options.home).flatMap((path) => {
    const text = options.readFile(path);
    return text === null ? [] : [{ path, text }];
  });
  const debian = options.debian ?? existsSync("/etc/debian_version");
  const autoInstall = options.autoInstallFlag === true ? true : parseAutoInstall(settings.get("auto-install")?.value);
  return new SystemPackages({
    ...(debian ? debianLookups(options.exec) : {}),
    projectPackages: systemPackagesSection(files),
    interactive: options.interactive,
    runCommand: options.exec,
    ...(autoInstall === undefined ? {} : { autoInstall }),
    ...(options.confirm === undefined ? {} : { confirm: options.confirm }),
    ...(options.note === undefined ? {} : { note: options.note }),
  });
}
