/**
 * `pip-accel resolve -r requirements.in [-o requirements.txt] [--generate-hashes]
 * [--python-version X.Y --platform TAG ...]`: a pinned requirements file with
 * `# via` comments, like pip-compile (operations/resolution.ts).
 */
import { writeFile } from "node:fs/promises";
import { resolve as resolvePath } from "node:path";
import { openResolution, pinnedRequirements, resolveSession } from "../../operations/resolution.js";
import { AccelError } from "../../report/errors.js";
import type { CommandContext } from "../context.js";
import { list, resolutionPolicy, resolutionRequest } from "../source-options.js";

export async function run(ctx: CommandContext): Promise<number> {
  if (ctx.args.length === 0 && list(ctx.options.requirement).length === 0 && list(ctx.options.editable).length === 0) {
    throw new AccelError("no-requirements", "Nothing to resolve: give requirements or -r FILE.", { hint: "pip-accel resolve -r requirements.in -o requirements.txt" });
  }
  const session = await openResolution(resolutionRequest(ctx));
  try {
    const result = await resolveSession(session, { ...resolutionPolicy(ctx), noDeps: false });
    for (const warning of result.warnings) ctx.output.warn(warning);
    const out = ctx.options.outputFile;
    const command = ["pip-accel resolve", ...(ctx.options.generateHashes ? ["--generate-hashes"] : []),
      ...(typeof out === "string" ? [`--output-file=${out}`] : []), ...list(ctx.options.requirement).map((f) => `-r ${f}`), ...list(ctx.options.editable).map((e) => `-e ${e}`), ...ctx.args].join(" ");
    const text = await pinnedRequirements(session, result, { command, generateHashes: Boolean(ctx.options.generateHashes) });
    if (typeof out === "string" && out !== "-") {
      await writeFile(resolvePath(ctx.cwd, out), text);
      ctx.output.info(`Wrote ${result.pins.length} pins to ${out}`);
    } else ctx.output.data(text);
    return 0;
  } finally {
    await session.close();
  }
}
