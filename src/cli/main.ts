#!/usr/bin/env node
/**
 * The `pip-accel` command. Start-up is kept cheap: only commander is loaded
 * up front; each subcommand imports its implementation when it runs.
 */
import { Command } from "commander";
import { readFileSync } from "node:fs";

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command("pip-accel");
  program
    .description("Install Python packages fast: resolve, build once, cache binaries, install natively (no pip needed).")
    .version(`pip-accel ${packageVersion()}`, "-V, --version", "show the version and exit")
    .helpOption("-h, --help", "show help and exit")
    .showSuggestionAfterError(true);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    process.exitCode = typeof code === "number" ? code : 1;
  }
}

await main(process.argv);
