import type { AccelSettingName } from "../config/accel-config.js";
import type { Setting } from "../config/pip-config.js";
import type { Output } from "./output.js";

/** What every subcommand receives. */
export interface CommandContext {
  /** positional arguments */
  args: string[];
  /** The whole command line (`process.argv`), where main had one. */
  argv?: readonly string[];
  /** parsed options after pip.conf / PIP_* defaults (keys from options.ts) */
  options: Record<string, unknown>;
  env: Record<string, string | undefined>;
  output: Output;
  cwd: string;
  /** pip-accel's settings, read once by main (absent: read on first use). */
  accel?: ReadonlyMap<AccelSettingName, Setting>;
}
