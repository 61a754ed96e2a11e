import type { Output } from "./output.js";

/** What every subcommand receives. */
export interface CommandContext {
  /** positional arguments */
  args: string[];
  /** parsed options after pip.conf / PIP_* defaults (keys from options.ts) */
  options: Record<string, unknown>;
  env: Record<string, string | undefined>;
  output: Output;
  cwd: string;
}
