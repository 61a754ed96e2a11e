/**
 * Finding the target interpreter and asking it, once, everything pip-accel
 * needs: scheme paths, the PEP 508 marker environment, tag inputs and
 * environment flags.
 *
 * Cost: the first `queryInterpreter` for a path spawns Python once (about
 * 50 ms for a plain CPython, up to a second behind pyenv shims). The answer
 * is cached in `<cacheDir>/interpreters-v2/<sha256(path)>.json` and reused
 * while the executable's realpath, size and mtime (and its venv's
 * `pyvenv.cfg` mtime) are unchanged, so a second call spawns nothing.
 * With a cache, a new venv's answer is derived from its base interpreter's
 * cached one without running Python (venv-derive.ts).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";
import { AccelError } from "../report/errors.js";
import { QUERY_SCRIPT } from "./query-script.js";
import { runPython } from "./run.js";
import { deriveVenvInfo, readVenvConfig, venvBaseExecutable, type VenvTemplates } from "./venv-derive.js";

export type { InterpreterInfo, MarkerEnvironment, SchemePaths } from "./interpreter-info.js";
import type { InterpreterInfo } from "./interpreter-info.js";

/** A queried interpreter: the path pip-accel was told to use plus its answers. */
export interface Interpreter {
  /** The path as found (a venv's `bin/python`, not its symlink target). */
  path: string;
  info: InterpreterInfo;
}

export interface FindInterpreterOptions {
  /** `--python`: an executable, or a virtualenv directory. */
  python?: string;
  /** The environment to read `VIRTUAL_ENV` and `PATH` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Told each path whose existence decided the choice (candidates looked at, the one chosen). */
  onProbe?: (path: string) => void;
}

const CACHE_BUCKET = "interpreters-v2";

/** `--python PATH`, else `$VIRTUAL_ENV/bin/python`, else `python3` on `PATH`. Returns an absolute path. */
export function findInterpreter(options: FindInterpreterOptions = {}): string {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const probe = options.onProbe ?? ((): void => {});
  if (options.python !== undefined && options.python !== "") {
    const given = options.python;
    if (!given.includes("/") && !given.includes("\\")) {
      const onPath = searchPath(given, env, probe);
      if (onPath !== null) return onPath;
    }
    const full = resolve(cwd, given);
    probe(full);
    if (existsSync(full) && statSync(full).isDirectory()) return venvPython(full, probe);
    if (!existsSync(full)) {
      throw new AccelError("python-not-found", `The Python interpreter ${given} does not exist`, {
        hint: "Pass --python with the path of a python executable or of a virtualenv directory.",
      });
    }
    return full;
  }
  const venv = env["VIRTUAL_ENV"];
  if (venv !== undefined && venv !== "") return venvPython(resolve(cwd, venv), probe);
  const found = searchPath("python3", env, probe) ?? searchPath("python", env, probe);
  if (found === null) {
    throw new AccelError("python-not-found", "No python3 found on PATH", {
      hint: "Activate a virtualenv or pass --python PATH.",
    });
  }
  return found;
}

function venvPython(dir: string, probe: (path: string) => void): string {
  for (const candidate of [join(dir, "bin", "python"), join(dir, "bin", "python3"), join(dir, "Scripts", "python.exe")]) {
    probe(candidate);
    if (existsSync(candidate)) return candidate;
  }
  throw new AccelError("python-not-found", `No Python interpreter in the virtualenv ${dir}`, {
    hint: "Check that the directory is a virtualenv (it should contain bin/python).",
  });
}

function searchPath(name: string, env: NodeJS.ProcessEnv, probe: (path: string) => void): string | null {
  for (const dir of (env["PATH"] ?? "").split(delimiter)) {
    if (dir === "" || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    probe(candidate);
    try {
      const st = statSync(candidate);
      if (st.isFile() && (st.mode & 0o111) !== 0) return candidate;
    } catch {
      // not there
    }
  }
  return null;
}

interface CacheRecord {
  path: string;
  fingerprint: string;
  info: InterpreterInfo;
}

/** The `pyvenv.cfg` of the venv an interpreter at `<venv>/bin/<name>` belongs to (it may not exist). */
export function venvConfigPath(path: string): string {
  return join(dirname(dirname(path)), "pyvenv.cfg");
}

/** What identifies an unchanged interpreter: realpath, size, mtime, and the venv's pyvenv.cfg mtime. */
export function interpreterFingerprint(path: string): string {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (cause) {
    throw new AccelError("python-not-found", `The Python interpreter ${path} does not exist`, { cause });
  }
  const st = statSync(real);
  const cfg = venvConfigPath(path);
  const cfgMtime = existsSync(cfg) ? statSync(cfg).mtimeMs : 0;
  return JSON.stringify([real, st.size, st.mtimeMs, cfgMtime]);
}

export interface QueryInterpreterOptions {
  /** pip-accel's cache root. Without it, nothing is cached. */
  cacheDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Called just before Python is started (no cached or derived answer): the caller may do other work meanwhile. */
  onSpawn?: () => void;
}

/** Runs the query script once (or reads the cached answer) and returns the interpreter's facts. */
export async function queryInterpreter(path: string, options: QueryInterpreterOptions = {}): Promise<Interpreter> {
  const fingerprint = interpreterFingerprint(path);
  const cacheFile = options.cacheDir === undefined ? null : join(options.cacheDir, CACHE_BUCKET, `${sha256(path)}.json`);
  if (cacheFile !== null) {
    const cached = readCache(cacheFile);
    if (cached !== null && cached.path === path && cached.fingerprint === fingerprint) return { path, info: cached.info };
    const derived = await deriveFromBase(path, options);
    if (derived !== null) {
      writeCache(cacheFile, { path, fingerprint, info: derived });
      return { path, info: derived };
    }
  }
  const running = runPython(path, ["-I", "-c", QUERY_SCRIPT], { env: options.env });
  options.onSpawn?.();
  const result = await running;
  if (result.code !== 0) {
    throw new AccelError("python-query-failed", `Querying the Python interpreter ${path} failed (exit code ${result.code})`, {
      hint: result.stderr.trim().split("\n").slice(-3).join("\n") || undefined,
    });
  }
  let info: InterpreterInfo;
  try {
    info = JSON.parse(result.stdout) as InterpreterInfo;
  } catch (cause) {
    throw new AccelError("python-query-failed", `The Python interpreter ${path} printed no valid JSON`, { cause });
  }
  if (cacheFile !== null) writeCache(cacheFile, { path, fingerprint, info });
  return { path, info };
}

/** A venv's answer from its base interpreter's (queried once, cached by real path); null to run the real query. */
async function deriveFromBase(path: string, options: QueryInterpreterOptions): Promise<InterpreterInfo | null> {
  const config = readVenvConfig(path);
  if (config === null) return null;
  const base = venvBaseExecutable(path, config);
  if (base === null) return null;
  const baseInfo = (await queryInterpreter(base, options)).info;
  return deriveVenvInfo(path, config, baseInfo);
}

function readCache(file: string): CacheRecord | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as CacheRecord;
  } catch {
    return null;
  }
}

function writeCache(file: string, record: CacheRecord): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, JSON.stringify(record));
  renameSync(tmp, file);
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
