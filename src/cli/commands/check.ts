/** `pip-accel check`: broken requirements among installed distributions, in pip's words; exit 1 when any. */
import { checkInstalled, checkLines } from "../../operations/inspect.js";
import type { CommandContext } from "../context.js";
import { commandEnvironment } from "../target.js";

export async function run(ctx: CommandContext): Promise<number> {
  const environment = await commandEnvironment(ctx);
  const problems = checkInstalled(environment);
  if (problems.length === 0) {
    ctx.output.data("No broken requirements found.\n");
    return 0;
  }
  ctx.output.data(checkLines(problems).map((l) => `${l}\n`).join(""));
  return 1;
}
