/**
 * A no-op `pip-accel install`, answered before the rest of the program
 * loads (main.ts asks `replayNoop` first).
 *
 * When an install was answered by the "already satisfied" fast path and
 * printed nothing but its result, the install command keeps the lines it
 * printed in `<cache>/noop-v1/` (operations/command-memo.ts), with a stamp
 * of every local path the answer depended on: the requirement files and
 * the paths they probed, the interpreter and the candidates looked at
 * before it, the site directories and each METADATA in them, every
 * pip.conf and pip-accel.conf location, and pip-accel itself. The command
 * is the argument list, the working directory, the whole environment
 * (hashed, never stored) and pip-accel's version. A later run of the same
 * command whose stamps all hold prints the same lines: anything installed,
 * removed or rewritten, a file edited, a config file created or a new
 * interpreter on PATH changes a stamp, and the full check runs again.
 *
 * Not kept for `-v` (it always runs the whole check), `--dry-run`,
 * `--report`, a requirement file read from a URL or a run that warned; nor
 * when an input changed after the run started, nor when the cache root is
 * set where the command line and environment do not tell it (pip-accel.conf
 * `data-directory`: the replay looks before any config file is read).
 */
import { cacheRootFrom } from "../operations/cache-root.js";
import { recallCommand, type CommandMemoPlace } from "../operations/command-memo.js";
import { packageVersion } from "./version.js";

type Env = Record<string, string | undefined>;

/** What a remembered no-op prints. */
export interface NoopOutcome {
  /** The lines before the closing one. */
  lines: string[];
  /** Whether it printed at all (`-q` prints nothing). */
  printed: boolean;
}

/** pip's line for a requirement kept as installed. */
export const satisfiedLine = (s: { name: string; version: string }): string => `Requirement already satisfied: ${s.name}==${s.version}`;

/** The closing line of an install that changed nothing. */
export const nothingToInstallLine = (ms: number): string => `Nothing to install, all requirements satisfied in ${(ms / 1000).toFixed(2)}s`;

/** The cache root as far as the command line (the last `--cache-dir`) and the environment tell it, without the config files. */
export function commandLineCacheRoot(argv: readonly string[], env: Env, cwd: string): string {
  let given: string | undefined;
  argv.slice(2).forEach((arg, i, args) => {
    if (arg === "--cache-dir" && i + 1 < args.length) given = args[i + 1];
    else if (arg.startsWith("--cache-dir=")) given = arg.slice("--cache-dir=".length);
  });
  return cacheRootFrom(given, env, cwd);
}

/** Where a command's no-op is remembered: `process.argv`, the working directory and the environment identify it. */
export function noopPlace(argv: readonly string[], env: Env, cwd: string): CommandMemoPlace {
  const environment = Object.entries(env).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { root: commandLineCacheRoot(argv, env, cwd), bucket: "noop-v1", command: [packageVersion(), argv.slice(2), cwd, environment] };
}

/** Prints the remembered answer to this command and returns true, or returns false (run the command). */
export function replayNoop(argv: readonly string[], env: Env, cwd: string, stdout: { write(text: string): unknown }): boolean {
  const started = performance.now();
  const outcome = recallCommand<NoopOutcome>(noopPlace(argv, env, cwd));
  if (outcome === null || !Array.isArray(outcome.lines)) return false;
  if (outcome.printed) stdout.write([...outcome.lines, nothingToInstallLine(performance.now() - started)].map((l) => `${l}\n`).join(""));
  return true;
}
