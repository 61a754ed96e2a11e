/**
 * `pip-accel build [REQ|SDIST…] [-r FILE…] [--no-deps]`: fill the binary
 * cache without installing (pip-accel's `pip wheel`; operations/build-binaries.ts).
 */
import { buildBinaries, type BuildReporter } from "../../operations/build-binaries.js";
import type { CommandContext } from "../context.js";
import { ask, canAsk, execPassthrough } from "../prompt.js";
import { resolutionPolicy, resolutionRequest } from "../source-options.js";

export async function run(ctx: CommandContext): Promise<number> {
  const o = ctx.options;
  const summary = await buildBinaries(resolutionRequest(ctx), {
    policy: resolutionPolicy(ctx), python: typeof o.python === "string" && o.python !== "" ? o.python : undefined,
    reporter: reporter(ctx), onWheel: (filename) => ctx.output.info(`Saved ${filename}`), onWarning: (m) => ctx.output.warn(m),
    autoInstall: o.autoInstall === true, ...(canAsk(ctx) ? { confirm: (q: string) => ask(q) } : {}), exec: execPassthrough,
  });
  const { binaries, built, wheels } = summary;
  const downloaded = wheels === 0 ? "" : `; ${wheels} wheel${wheels === 1 ? "" : "s"} downloaded`;
  ctx.output.info(`${binaries} binar${binaries === 1 ? "y" : "ies"} in ${summary.cacheDir} (${built} built, ${binaries - built} already cached)${downloaded}`);
  return 0;
}

function reporter(ctx: CommandContext): BuildReporter {
  return {
    onBuildStart: (p) => ctx.output.info(`Building ${p}`),
    onOutput: (_p, chunk) => { for (const line of chunk.split("\n")) if (line !== "") ctx.output.debug(line); },
    onBuildDone: (p, i) => ctx.output.info(i.fromCache ? `Using cached ${p}` : `Built ${p} in ${i.seconds.toFixed(1)} s`),
    onNote: (p, m) => ctx.output.warn(`${p}: ${m}`),
  };
}
