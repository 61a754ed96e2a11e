/** `pip-accel show NAME...`: pip's `Name:`/`Version:`/... blocks, `---` between them. */
import { showInstalled, type ShownDistribution } from "../../operations/inspect.js";
import type { CommandContext } from "../context.js";
import { commandEnvironment } from "../target.js";

export function formatShown(dist: ShownDistribution, verbose: boolean): string {
  const lines = [
    `Name: ${dist.name}`, `Version: ${dist.version}`, `Summary: ${dist.summary}`, `Home-page: ${dist.homePage}`,
    `Author: ${dist.author}`, `Author-email: ${dist.authorEmail}`, `License: ${dist.license}`, `Location: ${dist.location}`,
    `Requires: ${dist.requires.join(", ")}`, `Required-by: ${dist.requiredBy.join(", ")}`,
  ];
  if (verbose) lines.push(`Installer: ${dist.installer ?? ""}`);
  return lines.map((l) => `${l}\n`).join("");
}

export async function run(ctx: CommandContext): Promise<number> {
  if (ctx.args.length === 0) {
    ctx.output.warn("ERROR: Please provide a package name or names.");
    return 1;
  }
  const environment = await commandEnvironment(ctx);
  const { found, missing } = showInstalled(environment, ctx.args);
  if (missing.length > 0) ctx.output.warn(`Package(s) not found: ${missing.join(", ")}`);
  ctx.output.data(found.map((d) => formatShown(d, ctx.output.verbosity > 0)).join("---\n"));
  return found.length === 0 ? 1 : 0;
}
