/**
 * `pip-accel download [-r FILE] [REQ...] [-d DIR] [--no-deps]`: resolves
 * (or, with `--no-deps`, picks the best file for each requirement without
 * looking at dependencies) and saves every chosen file into DIR (default
 * the current directory). Files come from the local source index when they
 * are there (offline-first): a second download of the same set opens no
 * connection.
 */
import { resolve as resolvePath } from "node:path";
import { downloadPins, openResolution, resolveSession } from "../../operations/resolution.js";
import { AccelError } from "../../report/errors.js";
import type { CommandContext } from "../context.js";
import { resolutionPolicy, resolutionRequest } from "../source-options.js";

export async function run(ctx: CommandContext): Promise<number> {
  if (ctx.args.length === 0 && !ctx.options.requirement) {
    throw new AccelError("no-requirements", "Nothing to download: give requirements or -r FILE.", { hint: "pip-accel download -r requirements.txt -d ./wheelhouse" });
  }
  const dest = resolvePath(ctx.cwd, typeof ctx.options.dest === "string" ? ctx.options.dest : ".");
  const session = await openResolution(resolutionRequest(ctx));
  try {
    const result = await resolveSession(session, resolutionPolicy(ctx));
    for (const warning of result.warnings) ctx.output.warn(warning);
    const saved = await downloadPins(session, result.pins, dest);
    for (const file of saved) {
      if (file.existed) ctx.output.info(`File was already downloaded ${file.path}`);
      ctx.output.info(`Saved ${file.path}`);
    }
    ctx.output.info(`Successfully downloaded ${saved.map((f) => f.name).join(" ")}`);
    return 0;
  } finally {
    await session.close();
  }
}
