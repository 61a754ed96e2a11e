/**
 * Tag generators for a given interpreter, ABIs and platform list: the pure parts
 * of `packaging.tags` (`cpython_tags`, `generic_tags`, `compatible_tags`,
 * `pure_python_tags`). Every argument is explicit; nothing looks at the running
 * system. Each returns the tags best first.
 */
import { InvalidTagArgument, Tag } from "./tag.js";

/** A one- or two-item Python version, e.g. `[3, 11]` or `[3]`. */
export type PythonVersion = readonly number[];

/** `[3, 11]` -> `"311"` (packaging's `_version_nodot`). */
export function versionNodot(version: PythonVersion): string {
  return version.map(String).join("");
}

function compareVersionTuples(a: PythonVersion, b: PythonVersion): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i]! !== b[i]!) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

/** True for a free-threaded ABI such as `cp313t` (a "t" in the abiflags of the first ABI). */
function isThreadedCpython(abis: readonly string[]): boolean {
  const m = abis.length > 0 ? /^cp\d+(.*)$/s.exec(abis[0]!) : null;
  return m !== null && m[1]!.includes("t");
}

function stableAbiApplies(version: PythonVersion): boolean {
  return version.length > 1 && compareVersionTuples(version, [3, 2]) >= 0;
}

/**
 * packaging's `_cpython_abis` for a described build: `cp311`, plus the flags of
 * older or special builds (`d` debug, `t` free-threaded, `m` pymalloc before 3.8).
 */
export function cpythonAbis(version: PythonVersion, flags: { debug?: boolean; freeThreaded?: boolean; pymalloc?: boolean } = {}): string[] {
  const nodot = versionNodot(version.slice(0, 2));
  const threading = flags.freeThreaded && compareVersionTuples(version, [3, 13]) >= 0 ? "t" : "";
  const debug = flags.debug ? "d" : "";
  const old = compareVersionTuples(version, [3, 8]) < 0;
  const pymalloc = old && (flags.pymalloc ?? true) ? "m" : "";
  const abis = [`cp${nodot}${threading}${debug}${pymalloc}`];
  if (!old && debug) abis.push(`cp${nodot}${threading}`);
  return abis;
}

/**
 * `cp<ver>-<abi>-<plat>` for each given ABI, then the stable ABI (`abi3`, or
 * `abi3t` for a free-threaded ABI), then `none`, then the stable ABI of every
 * older minor down to 3.2.
 */
export function cpythonTags(pythonVersion: PythonVersion, abis: readonly string[], platforms: readonly string[]): Tag[] {
  const interpreter = `cp${versionNodot(pythonVersion.slice(0, 2))}`;
  const threading = isThreadedCpython(abis);
  const explicit = threading ? ["abi3", "abi3t", "none"] : ["abi3", "none"];
  const ownAbis = [...abis];
  for (const abi of explicit) {
    const at = ownAbis.indexOf(abi);
    if (at >= 0) ownAbis.splice(at, 1);
  }
  const tags: Tag[] = [];
  for (const abi of ownAbis) for (const platform of platforms) tags.push(new Tag(interpreter, abi, platform));
  const stable = stableAbiApplies(pythonVersion) ? (threading ? "abi3t" : "abi3") : null;
  if (stable) for (const platform of platforms) tags.push(new Tag(interpreter, stable, platform));
  for (const platform of platforms) tags.push(new Tag(interpreter, "none", platform));
  if (stable) {
    for (let minor = pythonVersion[1]! - 1; minor > 1; minor--) {
      const older = `cp${versionNodot([pythonVersion[0]!, minor])}`;
      for (const platform of platforms) tags.push(new Tag(older, stable, platform));
    }
  }
  return tags;
}

/** `<interpreter>-<abi>-<plat>` for each ABI, with `none` added last when missing. */
export function genericTags(interpreter: string, abis: readonly string[], platforms: readonly string[]): Tag[] {
  const all = abis.includes("none") ? [...abis] : [...abis, "none"];
  const tags: Tag[] = [];
  for (const abi of all) for (const platform of platforms) tags.push(new Tag(interpreter, abi, platform));
  return tags;
}

/** `py311`, `py3`, `py310`, ..., `py30` (packaging's `_py_interpreter_range`). */
function pyInterpreterRange(version: PythonVersion): string[] {
  const out: string[] = [];
  if (version.length > 1) out.push(`py${versionNodot(version.slice(0, 2))}`);
  out.push(`py${version[0]}`);
  if (version.length > 1) {
    for (let minor = version[1]! - 1; minor >= 0; minor--) out.push(`py${versionNodot([version[0]!, minor])}`);
  }
  return out;
}

/** `py*-none-any`, newest first. Throws `InvalidTagArgument` for an empty version. */
export function purePythonTags(pythonVersion: PythonVersion): Tag[] {
  if (pythonVersion.length === 0) throw new InvalidTagArgument("python_version must contain at least one item");
  return pyInterpreterRange(pythonVersion).map((py) => new Tag(py, "none", "any"));
}

/**
 * `py*-none-<plat>` for every platform, then `<interpreter>-none-any` when an
 * interpreter is given, then `py*-none-any`.
 */
export function compatibleTags(pythonVersion: PythonVersion, interpreter: string | null, platforms: readonly string[]): Tag[] {
  if (pythonVersion.length === 0) throw new InvalidTagArgument("python_version must contain at least one item");
  const tags: Tag[] = [];
  for (const py of pyInterpreterRange(pythonVersion)) {
    for (const platform of platforms) tags.push(new Tag(py, "none", platform));
  }
  if (interpreter) tags.push(new Tag(interpreter, "none", "any"));
  tags.push(...purePythonTags(pythonVersion));
  return tags;
}
