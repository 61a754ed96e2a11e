/**
 * Applying one line's options to the run's global options, as pip's
 * `handle_option_line` does (index list with sticky `--no-index`, find-links
 * relative to the file, trusted hosts, `--pre`), and pip's FormatControl /
 * ReleaseControl set rules, which pip applies while parsing *every* line
 * (the option callbacks mutate the finder's objects), so we do too.
 */
import { canonicalizeName } from "../filenames/index.js";
import type { ListOption, LineOptions } from "./options.js";
import type { FormatControl, GlobalOptions, ReleaseControl } from "./types.js";

export const DEFAULT_INDEX_URL = "https://pypi.org/simple";

/** A fresh options object; `initial` values are copied, not shared. */
export function createGlobalOptions(initial: Partial<GlobalOptions> = {}): GlobalOptions {
  return {
    indexUrls: [...(initial.indexUrls ?? [DEFAULT_INDEX_URL])],
    noIndex: initial.noIndex ?? false,
    findLinks: [...(initial.findLinks ?? [])],
    trustedHosts: (initial.trustedHosts ?? []).map((t) => ({ ...t })),
    formatControl: {
      noBinary: [...(initial.formatControl?.noBinary ?? [])],
      onlyBinary: [...(initial.formatControl?.onlyBinary ?? [])],
    },
    releaseControl: {
      allReleases: [...(initial.releaseControl?.allReleases ?? [])],
      onlyFinal: [...(initial.releaseControl?.onlyFinal ?? [])],
    },
    preferBinary: initial.preferBinary ?? false,
    requireHashes: initial.requireHashes ?? false,
    noRequireHashes: initial.noRequireHashes ?? false,
    useFeatures: [...(initial.useFeatures ?? [])],
  };
}

/**
 * pip's `handle_mutual_excludes`: `value` is a comma list of names, `:all:`
 * or `:none:`. A name moves from `other` to `target`; `:all:` clears both
 * and sets `:all:` in `target`; `:none:` clears `target`.
 */
export function applyMutualExcludes(value: string, target: string[], other: string[]): void {
  let names = value.split(",");
  while (names.includes(":all:")) {
    other.length = 0;
    target.length = 0;
    target.push(":all:");
    names = names.slice(names.indexOf(":all:") + 1);
    if (!names.includes(":none:")) return;
  }
  for (const raw of names) {
    if (raw === ":none:") {
      target.length = 0;
      continue;
    }
    const name = canonicalizeName(raw);
    const at = other.indexOf(name);
    if (at >= 0) other.splice(at, 1);
    if (!target.includes(name)) target.push(name);
  }
}

/** Applies `--no-binary`/`--only-binary`/`--all-releases`/`--only-final` in order. */
export function applyListOptions(options: GlobalOptions, list: readonly ListOption[]): void {
  const fc = options.formatControl;
  const rc = options.releaseControl;
  for (const { target, value } of list) {
    if (target === "no-binary") applyMutualExcludes(value, fc.noBinary, fc.onlyBinary);
    else if (target === "only-binary") applyMutualExcludes(value, fc.onlyBinary, fc.noBinary);
    else if (target === "all-releases") applyMutualExcludes(value, rc.allReleases, rc.onlyFinal);
    else applyMutualExcludes(value, rc.onlyFinal, rc.allReleases);
  }
}

export interface OptionLineContext {
  /** `line N of FILE`, for trusted-host sources. */
  source: string;
  /** Resolves a `--find-links` value relative to the file when that path exists. */
  resolveFindLinks: (value: string) => string;
}

/** pip's `handle_option_line` for the global options of one option line. */
export function applyOptionLine(options: GlobalOptions, opts: LineOptions, context: OptionLineContext): void {
  if (opts.noIndex) {
    options.noIndex = true;
    options.indexUrls = [];
  }
  if (opts.indexUrl !== null && !options.noIndex) options.indexUrls = [opts.indexUrl];
  if (opts.extraIndexUrls.length > 0 && !options.noIndex) options.indexUrls.push(...opts.extraIndexUrls);
  if (opts.findLinks.length > 0) options.findLinks.push(context.resolveFindLinks(opts.findLinks[0]!));
  if (opts.pre) applyMutualExcludes(":all:", options.releaseControl.allReleases, options.releaseControl.onlyFinal);
  if (opts.preferBinary) options.preferBinary = true;
  if (opts.requireHashes) options.requireHashes = true;
  if (opts.noRequireHashes) options.noRequireHashes = true;
  for (const host of opts.trustedHosts) options.trustedHosts.push({ host, source: context.source });
  for (const feature of opts.useFeatures) {
    if (!options.useFeatures.includes(feature)) options.useFeatures.push(feature);
  }
}

/** Allowed formats for a project (pip's `get_allowed_formats` lookup order). */
export function allowedFormats(fc: FormatControl, name: string): { binary: boolean; source: boolean } {
  const n = canonicalizeName(name);
  if (fc.onlyBinary.includes(n)) return { binary: true, source: false };
  if (fc.noBinary.includes(n)) return { binary: false, source: true };
  if (fc.onlyBinary.includes(":all:")) return { binary: true, source: false };
  if (fc.noBinary.includes(":all:")) return { binary: false, source: true };
  return { binary: true, source: true };
}

/**
 * Whether pre-releases are allowed for a project: true, false, or null for
 * packaging's default (allowed only when nothing else matches).
 */
export function allowsPrereleases(rc: ReleaseControl, name: string): boolean | null {
  const n = canonicalizeName(name);
  if (rc.allReleases.includes(n)) return true;
  if (rc.onlyFinal.includes(n)) return false;
  if (rc.allReleases.includes(":all:")) return true;
  if (rc.onlyFinal.includes(":all:")) return false;
  return null;
}
