/** `pip-accel freeze`: `name==version` per installed distribution (pip, and build backends before 3.12, skipped). */
import { freezeInstalled } from "../../operations/inspect.js";
import type { CommandContext } from "../context.js";
import { commandEnvironment } from "../target.js";

export async function run(ctx: CommandContext): Promise<number> {
  const environment = await commandEnvironment(ctx);
  const lines = freezeInstalled(environment, { all: false });
  ctx.output.data(lines.map((l) => `${l}\n`).join(""));
  return 0;
}
