/**
 * Where a distribution's files go: pip's `Scheme(purelib, platlib, headers,
 * scripts, data)` for the default, `--user`, `--prefix`, `--home`,
 * `--target` and `--root` layouts (pip-behaviour.md §4.1).
 *
 * The paths come from the target interpreter's own `sysconfig` (queried
 * once, see interpreter.ts); this module only picks the variant, substitutes
 * the `--prefix`/`--home` base and re-roots for `--root`. Pure, no I/O.
 */
import { isAbsolute, join, resolve } from "node:path";
import { AccelError } from "../report/errors.js";
import type { InterpreterInfo, SchemePaths } from "./interpreter.js";
import { BASE_PLACEHOLDER } from "./query-script.js";

import { SCHEME_KEYS, type SchemeKey } from "../archive/scheme-keys.js";

export { SCHEME_KEYS, type SchemeKey };

/** Absolute directories. `headers` already ends in the distribution's name, as in pip. */
export type Scheme = Record<SchemeKey, string>;

export interface SchemeOptions {
  /** `--user`: the user site (`site.USER_BASE`). */
  user?: boolean;
  /** `--prefix DIR`. */
  prefix?: string;
  /** `--home DIR` (the `posix_home` scheme). */
  home?: string;
  /**
   * `--target DIR`: pip installs with `--home` into a temporary directory and
   * moves the library directory's contents to DIR (and `bin/`, `include/`
   * next to them); the resulting layout is computed directly here.
   */
  target?: string;
  /** `--root DIR`: every path re-rooted under DIR (distutils `change_root`). */
  root?: string;
  /** The distribution's name, used for `headers` (`UNKNOWN` when absent, as pip does outside a venv). */
  distName?: string;
  /** Relative paths in options resolve against this (default `process.cwd()`). */
  cwd?: string;
}

/** Computes pip's scheme for `options` from the interpreter's answers. */
export function computeScheme(info: InterpreterInfo, options: SchemeOptions = {}): Scheme {
  checkCombination(options);
  const cwd = options.cwd ?? process.cwd();
  const distName = options.distName ?? "UNKNOWN";
  const [paths, base] = pickPaths(info, options, cwd);
  const scheme: Scheme = {
    purelib: need(paths, "purelib"),
    platlib: need(paths, "platlib"),
    headers: join(includeDir(info, paths, base, options), distName),
    scripts: need(paths, "scripts"),
    data: need(paths, "data"),
  };
  if (options.target !== undefined) {
    const target = resolve(cwd, options.target);
    scheme.purelib = target;
    scheme.platlib = target;
  }
  if (options.root !== undefined) {
    const root = resolve(cwd, options.root);
    for (const key of SCHEME_KEYS) scheme[key] = changeRoot(root, scheme[key]);
  }
  return scheme;
}

function checkCombination(options: SchemeOptions): void {
  const given = (["user", "prefix", "home", "target"] as const).filter((k) => options[k] !== undefined && options[k] !== false);
  if (given.length > 1) {
    throw new AccelError("scheme-options-conflict", `Can not combine ${given.map((k) => `'--${k}'`).join(" and ")}`, {
      hint: "Choose one of --user, --prefix, --home or --target.",
    });
  }
}

function pickPaths(info: InterpreterInfo, options: SchemeOptions, cwd: string): [SchemePaths, string] {
  if (options.user === true) {
    if (info.inVirtualenv && info.enableUserSite !== true) {
      throw new AccelError("user-site-unavailable", "Can not perform a '--user' install. User site-packages are not visible in this virtualenv.", {
        hint: "Install without --user, or create the virtualenv with --system-site-packages.",
      });
    }
    if (info.schemes.user === null) throw new AccelError("user-site-unavailable", "This interpreter has no user scheme.");
    return [info.schemes.user, info.userBase ?? info.prefix];
  }
  const dir = options.prefix ?? options.home ?? options.target;
  if (dir !== undefined) {
    const base = resolve(cwd, dir);
    const template = options.prefix !== undefined ? info.schemes.prefix : info.schemes.home;
    if (template === null) throw new AccelError("scheme-unavailable", "This interpreter has no home scheme.");
    return [substitute(template, base), base];
  }
  return [info.schemes.default, info.prefix];
}

/** Replaces the query script's placeholder base with `base`. */
function substitute(paths: SchemePaths, base: string): SchemePaths {
  const out: SchemePaths = {};
  for (const [key, value] of Object.entries(paths)) out[key] = value.split(BASE_PLACEHOLDER).join(base);
  return out;
}

/** pip: inside a virtualenv, headers go to `<base>/include/site/pythonX.Y` (the venv's include may be a symlink). */
function includeDir(info: InterpreterInfo, paths: SchemePaths, base: string, options: SchemeOptions): string {
  if (info.inVirtualenv) {
    const [major, minor] = info.versionInfo;
    const root = options.user === true || options.prefix !== undefined || options.home !== undefined || options.target !== undefined ? base : info.prefix;
    return join(root, "include", "site", `python${major}.${minor}`);
  }
  return need(paths, "include");
}

function need(paths: SchemePaths, key: string): string {
  const value = paths[key];
  if (value === undefined) throw new AccelError("scheme-incomplete", `The interpreter's scheme has no '${key}' path`);
  return value;
}

/** distutils `change_root` on POSIX: `/usr/lib` under `/tmp/r` is `/tmp/r/usr/lib`. */
export function changeRoot(root: string, path: string): string {
  if (!isAbsolute(path)) return join(root, path);
  return join(root, path.replace(/^[A-Za-z]:/, "").replace(/^[/\\]+/, ""));
}

/** The site directories (purelib and platlib, deduplicated) where installed distributions live. */
export function siteDirectories(scheme: Scheme): string[] {
  return scheme.purelib === scheme.platlib ? [scheme.purelib] : [scheme.purelib, scheme.platlib];
}
