/**
 * The install target: which interpreter (`--python`, else `$VIRTUAL_ENV`,
 * else `python3` on PATH), its facts from one cached query, the scheme for
 * `--target` / `--prefix` / `--user` / `--root`, the supported wheel tags and
 * marker values, and what is installed there.
 *
 * Cost: `openEnvironment` spawns Python only when the interpreter's cached
 * answer in `<cacheDir>/interpreters-v1/` is stale (see src/python). Listing
 * installed distributions reads the site directories each time it is asked.
 * Opening finishes or undoes any install a killed run left half done
 * (installer/transaction.ts): one `readdir` per site directory.
 */
import { ensureCacheRoot } from "../cache/cache.js";
import { listDistributions, type InstalledDistribution } from "../installer/environment.js";
import { recoverTransactions, type RecoveredTransaction } from "../installer/transaction.js";
import { findInterpreter, queryInterpreter, venvConfigPath, type Interpreter, type InterpreterInfo } from "../python/interpreter.js";
import { computeScheme, siteDirectories, type Scheme, type SchemeOptions } from "../python/scheme.js";
import { sysTags, type InterpreterDescription, type PlatformDescription } from "../tags/index.js";

export interface EnvironmentOptions {
  /** `--python`: an executable, a name on PATH, or a virtualenv directory. */
  python?: string;
  /** pip-accel's cache root (interpreter answers are cached under it). */
  cacheDir: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  target?: string;
  prefix?: string;
  user?: boolean;
  root?: string;
  /** Called when the interpreter must be started to be queried (its answer was not cached): work may overlap the wait. */
  onInterpreterQuery?: () => void;
}

/** One target environment, opened once per operation. */
export interface TargetEnvironment {
  readonly interpreter: Interpreter;
  /** The scheme for a distribution called `distName` (only `headers` depends on it). */
  schemeFor(distName: string): Scheme;
  /** purelib and platlib of the chosen scheme: where installs land and are looked for. */
  readonly siteDirs: string[];
  /** PEP 508 marker values of the target interpreter. */
  readonly markers: Record<string, string>;
  /** Supported wheel tags, best first. */
  tags(): string[];
  /** Installed distributions in `siteDirs` (read fresh each call). */
  installed(): InstalledDistribution[];
  /** Interrupted installs or removals that opening the environment finished or undid. */
  readonly recovered: RecoveredTransaction[];
  /**
   * The local paths whose state chose and describes the interpreter: every
   * candidate looked at, the one chosen (its symlink target stands for the
   * interpreter the cached answer belongs to) and its venv's `pyvenv.cfg`.
   */
  readonly interpreterInputs: readonly string[];
}

export { cacheRoot } from "./cache-root.js";

/** Finds and queries the interpreter and fixes the scheme. */
export async function openEnvironment(options: EnvironmentOptions): Promise<TargetEnvironment> {
  const env = (options.env ?? process.env) as NodeJS.ProcessEnv;
  const cwd = options.cwd ?? process.cwd();
  ensureCacheRoot(options.cacheDir);
  const interpreterInputs: string[] = [];
  const path = findInterpreter({ python: options.python, env, cwd, onProbe: (p) => interpreterInputs.push(p) });
  interpreterInputs.push(path, venvConfigPath(path));
  const interpreter = await queryInterpreter(path, { cacheDir: options.cacheDir, env, ...(options.onInterpreterQuery ? { onSpawn: options.onInterpreterQuery } : {}) });
  const schemeOptions: SchemeOptions = {
    cwd, target: options.target, prefix: options.prefix, user: options.user === true ? true : undefined, root: options.root,
  };
  const base = computeScheme(interpreter.info, schemeOptions);
  const siteDirs = siteDirectories(base);
  let tags: string[] | null = null;
  const recovered = recoverTransactions(siteDirs);
  return {
    recovered,
    interpreterInputs,
    interpreter,
    schemeFor: (distName) => computeScheme(interpreter.info, { ...schemeOptions, distName }),
    siteDirs,
    markers: { ...interpreter.info.markerEnvironment },
    tags: () => (tags ??= interpreterTags(interpreter.info)),
    installed: () => listDistributions(siteDirs),
  };
}

/** What a recovered transaction tells the user. */
export function recoveryMessage({ label, outcome }: RecoveredTransaction): string {
  return outcome === "completed"
    ? `An interrupted run had installed ${label}; its cleanup is now done`
    : `An interrupted run left ${label} half done; it was undone`;
}

/** The supported tags of a queried interpreter (packaging's `sys_tags`). */
export function interpreterTags(info: InterpreterInfo): string[] {
  const [major, minor] = info.versionInfo;
  const implementation = IMPLEMENTATIONS[info.implementation] ?? info.implementation;
  const desc: InterpreterDescription = {
    implementation,
    pythonVersion: [major, minor],
    debug: info.tags.pyDebug,
    freeThreaded: info.tags.pyGilDisabled,
    platform: interpreterPlatform(info),
  };
  return sysTags(desc).map((t) => t.toString());
}

/** `sys.implementation.name` → the short name tags use (packaging's `INTERPRETER_SHORT_NAMES`). */
export const IMPLEMENTATIONS: Readonly<Record<string, string>> = { cpython: "cp", pypy: "pp", ironpython: "ip", jython: "jy", graalpy: "graalpy" };

/** The platform of a queried interpreter, described for `sysTags`. */
export function interpreterPlatform(info: InterpreterInfo): PlatformDescription {
  const platform = info.tags.platform;
  if (platform.startsWith("linux-")) {
    let arch = platform.slice("linux-".length).replace(/[-.]/g, "_");
    if (info.pointerSize === 32 && arch === "x86_64") arch = "i686";
    const libc = info.tags.libc;
    const version = libc?.version?.split(".").map(Number);
    const parsed = version && version.length >= 2 && version.every(Number.isFinite) ? [version[0]!, version[1]!] as const : null;
    return { os: "linux", arch, libc: libc && parsed ? { kind: libc.kind, version: parsed } : null };
  }
  return { os: "other", platforms: [platform.replace(/[-.]/g, "_")] };
}
