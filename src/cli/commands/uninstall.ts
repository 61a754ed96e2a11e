/**
 * `pip-accel uninstall NAME...`: removes each by its RECORD. Without `-y`
 * it asks on a terminal; when stdin is not a terminal it refuses rather
 * than guess (pip would read EOF and abort).
 */
import { AccelError } from "../../report/errors.js";
import { planUninstall, removeDistributions } from "../../operations/uninstall.js";
import type { CommandContext } from "../context.js";
import { ask, canAsk } from "../prompt.js";
import { commandEnvironment } from "../target.js";

export async function run(ctx: CommandContext): Promise<number> {
  if (ctx.args.length === 0) {
    throw new AccelError("missing-argument", "You must give at least one requirement to uninstall", { hint: "pip-accel uninstall NAME [NAME...]" });
  }
  const environment = await commandEnvironment(ctx);
  const names = ctx.args.map((a) => a.split(/[\s<>=!~;[]/)[0]!).filter((n) => n !== "");
  const { found, missing } = planUninstall(environment, names);
  for (const name of missing) ctx.output.warn(`Skipping ${name} as it is not installed.`);
  if (found.length === 0) return 0;
  if (ctx.options.yes !== true) {
    if (!canAsk(ctx)) {
      throw new AccelError("confirmation-required", `Not uninstalling ${found.map((d) => `${d.name}-${d.version}`).join(", ")} without confirmation`, {
        hint: "Pass -y (--yes) to uninstall without asking.",
      });
    }
    if (!(await ask(`Uninstall ${found.map((d) => `${d.name}-${d.version}`).join(", ")}? [Y/n]`, true))) return 1;
  }
  removeDistributions(environment, found, {
    onUninstallStart: (d) => ctx.output.info(`Found existing installation: ${d.name} ${d.version}\nUninstalling ${d.name}-${d.version}:`),
    onUninstalled: (d) => ctx.output.info(`  Successfully uninstalled ${d.name}-${d.version}`),
  });
  return 0;
}
