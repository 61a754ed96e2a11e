/**
 * The "target" a link is evaluated for: plain data, no I/O.
 *
 * Built by the caller from the interpreter query (`src/python`) and the
 * options: Python version, the supported tags in priority order (most
 * preferred first, as `src/tags` lists them), and the user's choices.
 */
import { canonicalizeName } from "./archive-filename.js";

export interface FormatControl {
  /** Canonical project names, or `:all:`, whose wheels must not be used (`--no-binary`). */
  noBinary: string[];
  /** Canonical project names, or `:all:`, whose sdists must not be used (`--only-binary`). */
  onlyBinary: string[];
}

export interface TargetPython {
  /** (major, minor, micro) of the interpreter packages are chosen for. */
  pythonVersion: [number, number, number];
  /** Supported `python-abi-platform` tags, most preferred first (lower case). */
  supportedTags: string[];
  ignoreRequiresPython: boolean;
  formatControl: FormatControl;
  /** `--prefer-binary`: any wheel outranks any sdist. */
  preferBinary: boolean;
  /** Keep yanked links (pip's `install` does: they are filtered later, PEP 592). */
  allowYanked: boolean;
  /** Release control per project: true allows pre-releases, false forbids, null uses the specifier's rule. */
  prereleases: (project: string) => boolean | null;
}

export function defaultTarget(overrides: Partial<TargetPython> = {}): TargetPython {
  return {
    pythonVersion: [3, 11, 0],
    supportedTags: ["py3-none-any"],
    ignoreRequiresPython: false,
    formatControl: { noBinary: [], onlyBinary: [] },
    preferBinary: false,
    allowYanked: true,
    prereleases: () => null,
    ...overrides,
  };
}

/** pip's `FormatControl.get_allowed_formats`. */
export function allowedFormats(control: FormatControl, project: string): { binary: boolean; source: boolean } {
  const name = canonicalizeName(project);
  const has = (list: string[], value: string) => list.some((entry) => entry === value || (value !== ":all:" && canonicalizeName(entry) === value));
  if (has(control.onlyBinary, name)) return { binary: true, source: false };
  if (has(control.noBinary, name)) return { binary: false, source: true };
  if (control.onlyBinary.includes(":all:")) return { binary: true, source: false };
  if (control.noBinary.includes(":all:")) return { binary: false, source: true };
  return { binary: true, source: true };
}

/** `py_version` as pip writes it for the legacy `-pyX.Y` suffix check, e.g. `3.11`. */
export function pyVersionString(target: TargetPython): string {
  return `${target.pythonVersion[0]}.${target.pythonVersion[1]}`;
}
