/**
 * The `pip-accel` command line (main.ts loads it for everything but
 * `--version`). Start-up is kept cheap: only commander and the option table
 * load up front; each subcommand imports its implementation when it runs
 * (src/cli/commands/<name>.ts exporting `run`).
 */
import { Command, CommanderError } from "commander";
import { homedir } from "node:os";
import { specsFor, toCommanderOption, applyConfigDefaults } from "./options.js";
import { Output, formatError } from "./output.js";
import { packageVersion } from "./version.js";
import type { CommandContext } from "./context.js";

interface CommandSpec {
  name: string;
  args: string;
  summary: string;
}

/** Subcommands pip-accel implements, in help order. */
const COMMANDS: readonly CommandSpec[] = [
  { name: "install", args: "[requirements...]", summary: "Install packages (requirements, files, -r FILE)." },
  { name: "uninstall", args: "[names...]", summary: "Uninstall packages." },
  { name: "list", args: "", summary: "List installed packages." },
  { name: "freeze", args: "", summary: "Output installed packages in requirements format." },
  { name: "show", args: "[names...]", summary: "Show information about installed packages." },
  { name: "check", args: "", summary: "Verify installed packages have compatible dependencies." },
  { name: "build", args: "[requirements...]", summary: "Build sdists (local files or resolved requirements) into the binary cache without installing (like pip wheel)." },
  { name: "cache", args: "<action> [pattern]", summary: "Inspect and clean the binary cache: dir, info, list [PATTERN], remove PATTERN, purge, push (to the shared S3 store)." },
  { name: "download", args: "[requirements...]", summary: "Download the resolved packages (and their dependencies) into a directory." },
  { name: "resolve", args: "[requirements...]", summary: "Resolve requirements into a pinned requirements file with # via comments (like pip-compile)." },
  { name: "index", args: "<subcommand> [args...]", summary: "Inspect package indexes: 'index versions NAME'." },
];

/** pip subcommands pip-accel does not implement, and what to use instead. */
const PIP_ONLY: Record<string, string | null> = {
  wheel: "pip-accel build -r FILE fills the binary cache instead (wheels are not written out)",
  lock: "pip-accel resolve -r requirements.in -o requirements.txt",
  inspect: "pip-accel list --format json",
  config: "edit pip.conf or ~/.pip-accel/pip-accel.conf directly",
  hash: "sha256sum FILE (and pip-accel resolve --generate-hashes)",
  search: null,
  completion: null,
  debug: null,
};

/**
 * The subcommand `argv` runs (its first positional, or the one after
 * `help`); null for none. Only its options are built: building every
 * command's options costs more than the rest of a no-op install's start-up.
 */
export function invokedCommand(argv: readonly string[]): string | null {
  const positionals = argv.slice(2).filter((a) => !a.startsWith("-"));
  const first = positionals[0] ?? null;
  return first === "help" ? (positionals[1] ?? null) : first;
}

/** The commander program for `argv`; with `only`, just that subcommand gets its options (null: all of them). */
export function buildProgram(only: string | null = null, argv: readonly string[] = process.argv): Command {
  const program = new Command("pip-accel");
  program
    .description("Install Python packages fast: resolve, build once, cache binaries, install natively (no pip needed).")
    .version(`pip-accel ${packageVersion()}`, "-V, --version", "show the version and exit")
    .helpOption("-h, --help", "show help and exit")
    .showSuggestionAfterError(true)
    .enablePositionalOptions()
    .exitOverride();
  for (const spec of COMMANDS) {
    const command = program.command(`${spec.name} ${spec.args}`.trim()).description(spec.summary);
    if (only === null || only === spec.name) for (const option of specsFor(spec.name)) command.addOption(toCommanderOption(option));
    command.action(async (...received: unknown[]) => {
      const cmd = received[received.length - 1] as Command;
      await runCommand(spec.name, cmd.args, cmd.opts(), argv);
    });
  }
  for (const [name, alternative] of Object.entries(PIP_ONLY)) {
    program.command(name, { hidden: true }).allowUnknownOption().allowExcessArguments().action(() => {
      throw new CommanderError(1, "pip-accel.unsupported",
        `error[unsupported-command]: 'pip-accel ${name}' is a pip command that pip-accel does not implement (pip-accel never runs pip).\n` +
        (alternative ? `hint: ${alternative}\n` : "hint: run pip itself for this.\n"));
    });
  }
  return program;
}

async function runCommand(name: string, args: string[], given: Record<string, unknown>, argv: readonly string[]): Promise<void> {
  const env = process.env;
  const { loadPipConfig } = await import("../config/pip-config.js");
  const options = applyConfigDefaults(name, given, loadPipConfig({ env, home: homedir(), command: name, isolated: Boolean(given.isolated) }));
  const { loadAccelConfig, LOG_VERBOSITY } = await import("../config/accel-config.js");
  const accel = loadAccelConfig({ env: options.isolated === true ? {} : env, home: env.HOME ?? homedir() });
  const retries = accel.get("max-retries");
  if (options.retries === undefined && retries !== undefined) options.retries = Number(retries.value.trim());
  const level = accel.get("log-verbosity");
  const verbosity = options.verbose === undefined && options.quiet === undefined && level !== undefined
    ? LOG_VERBOSITY[level.value.trim().toLowerCase()]!
    : Number(options.verbose ?? 0) - Number(options.quiet ?? 0);
  const output = new Output({ stdout: process.stdout, stderr: process.stderr, env, verbosity, noColor: Boolean(options.noColor) });
  const context: CommandContext = { args, argv, options, env, output, cwd: process.cwd(), accel };
  const module = (await import(`./commands/${name}.js`)) as { run(ctx: CommandContext): Promise<number> };
  process.exitCode = await module.run(context);
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram(invokedCommand(argv), argv);
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "pip-accel.unsupported") process.stderr.write(error.message);
      if (error.code === "commander.unknownOption") {
        const name = argv.slice(2).find((a) => !a.startsWith("-"));
        process.stderr.write(`hint: run 'pip-accel ${name ?? ""}${name ? " " : ""}--help' to see the options it accepts\n`);
      }
      process.exitCode = error.exitCode === 0 ? 0 : error.code === "commander.unknownOption" || error.code === "commander.unknownCommand" ? 2 : error.exitCode;
      return;
    }
    process.stderr.write(formatError(error));
    process.exitCode = 1;
  }
}
