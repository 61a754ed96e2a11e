/**
 * `pip-accel index versions NAME`: the versions the configured indexes (and
 * find-links) offer for a project, newest first, as pip prints them.
 * Pre-releases only with `--pre`; files whose Requires-Python excludes the
 * target are left out (as pip does).
 */
import { availableVersions } from "../../operations/resolution.js";
import { AccelError } from "../../report/errors.js";
import type { CommandContext } from "../context.js";
import { sourceOptions } from "../source-options.js";

export async function run(ctx: CommandContext): Promise<number> {
  const [sub, name, ...rest] = ctx.args;
  if (sub !== "versions" || name === undefined || rest.length > 0) {
    throw new AccelError("usage", "Usage: pip-accel index versions NAME", { hint: "'versions' is the only index subcommand." });
  }
  const { versions, offline } = await availableVersions(name, { ...sourceOptions(ctx), ignoreRequiresPython: Boolean(ctx.options.ignoreRequiresPython) });
  if (versions.length === 0) {
    throw new AccelError("no-matching-distribution", `No matching distribution found for ${name}`, {
      hint: offline ? "Run without --offline to ask the index." : "Check the name, the index URL, or add --pre.",
    });
  }
  ctx.output.data(`${name} (${versions[0]})\nAvailable versions: ${versions.join(", ")}\n`);
  return 0;
}
