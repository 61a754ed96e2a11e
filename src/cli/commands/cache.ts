/**
 * `pip-accel cache dir|info|list [PATTERN]|remove PATTERN|purge|push`: inspect
 * and clean the binary cache, the build environments and the build logs
 * (operations/cache-inspect.ts); `push` uploads the local binaries to the
 * shared S3 store, and `info` also reports the store's state.
 */
import { cacheInfo, listBinaries, purgeBinaries, pushBinaries, removeBinaries, sharedCacheInfo } from "../../operations/cache-inspect.js";
import { AccelError } from "../../report/errors.js";
import type { CommandContext } from "../context.js";
import { commandCacheDir } from "../target.js";

const ACTIONS = ["dir", "info", "list", "remove", "purge", "push"] as const;
const binaries = (n: number): string => `${n} cached binar${n === 1 ? "y" : "ies"}`;

export async function run(ctx: CommandContext): Promise<number> {
  const [action, pattern] = ctx.args;
  if (action === undefined || !(ACTIONS as readonly string[]).includes(action)) {
    throw new AccelError("usage", `Unknown cache action ${JSON.stringify(action ?? "")}`, { hint: `Use one of: ${ACTIONS.join(", ")}` });
  }
  const root = commandCacheDir(ctx);
  switch (action) {
    case "dir":
      ctx.output.data(`${root}\n`);
      return 0;
    case "info": {
      const python = typeof ctx.options.python === "string" && ctx.options.python !== "" ? ctx.options.python : undefined;
      ctx.output.data(cacheInfo(root) + ((await sharedCacheInfo(root, ctx.env, ctx.cwd, python)) ?? ""));
      return 0;
    }
    case "push": {
      const pushed = await pushBinaries(root, ctx.env);
      ctx.output.info(`Shared ${binaries(pushed.uploaded)} with ${pushed.location} (${pushed.present} already there)`);
      return 0;
    }
    case "list":
      ctx.output.data(listBinaries(root, pattern ?? "*").map((l) => `${l}\n`).join(""));
      return 0;
    case "remove": {
      if (pattern === undefined || pattern === "") throw new AccelError("usage", "cache remove needs a PATTERN", { hint: "e.g. pip-accel cache remove 'lxml*'" });
      ctx.output.info(`Removed ${binaries(removeBinaries(root, pattern))}`);
      return 0;
    }
    default:
      ctx.output.info(`Removed ${binaries(purgeBinaries(root))}, the build environments and the build logs`);
      return 0;
  }
}
