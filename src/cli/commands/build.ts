/**
 * `pip-accel build [REQ|SDIST…] [-r FILE…] [--no-deps]`: fill the binary
 * cache without installing (pip-accel's `pip wheel`). Local sdists (paths or
 * `file:` entries) are built as they are; named requirements are resolved
 * (with their dependencies unless `--no-deps`) from the configured indexes
 * and find-links, downloaded into the source index, and every sdist of the
 * set is built in parallel (up to the core count, build dependencies
 * first). Wheels of the set are only downloaded. Build requirements come
 * from the same index sources (operations/build-setup.ts).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { BuiltArtifact } from "../../builder/builder.js";
import type { BuildReporter } from "../../builder/run-build.js";
import { createBuilder, downloadPin } from "../../operations/build-setup.js";
import { findInterpreter, queryInterpreter } from "../../python/interpreter.js";
import type { RequirementEntry } from "../../requirements-file/index.js";
import { AccelError } from "../../report/errors.js";
import type { CommandContext } from "../context.js";
import { ask, canAsk, execPassthrough } from "../prompt.js";
import { openSession, resolveSession, type Session } from "./resolve.js";

/** A local sdist: a path or `file:` link to an archive that is not a wheel. */
function localSdist(entry: RequirementEntry): string | null {
  const link = entry.link;
  if (link === null || !link.isFile || link.isDirectory) return null;
  const path = fileURLToPath(link.url.split("#")[0] as string);
  return path.endsWith(".whl") ? null : path;
}

export async function run(ctx: CommandContext): Promise<number> {
  // The session reads every input once (requirement files by URL through the index client); local
  // sdists and wheels are kept out of the resolution, the sdists to be built as they are.
  const sdists = new Set<string>();
  const session = await openSession(ctx, (entry) => {
    const path = localSdist(entry);
    if (path !== null) sdists.add(path);
    return path !== null || (entry.link?.url.endsWith(".whl") ?? false);
  });
  try {
    for (const p of sdists) if (!existsSync(p)) throw new AccelError("usage", `No such sdist: ${p}`);
    const named = session.inputs.requirements.length > 0;
    if (sdists.size === 0 && !named) throw new AccelError("usage", "Nothing to build", { hint: "Give requirements, sdist paths or -r FILE." });
    const cacheDir = session.cacheDir;
    const interpreter = await queryInterpreter(findInterpreter({ python: str(ctx.options.python), env: ctx.env, cwd: ctx.cwd }), { cacheDir });
    const downloaded = named ? await downloadSet(ctx, session) : { sdists: [], wheels: [] };
    const builder = createBuilder({
      // Local sdists alone get local build requirements only (find-links, source index, ensurepip): no network.
      interpreter, cacheDir, ...(named ? { indexSources: session.sources } : {}),
      findLinks: list(ctx.options.findLinks).map((d) => resolve(ctx.cwd, d.startsWith("file:") ? fileURLToPath(d) : d)),
      reporter: reporter(ctx), env: { ...ctx.env }, verbose: true, autoInstall: ctx.options.autoInstall === true,
      ...(canAsk(ctx) ? { confirm: (q: string) => ask(q) } : {}), exec: execPassthrough,
    });
    const all = [...new Set([...sdists, ...downloaded.sdists])];
    const built: BuiltArtifact[] = await Promise.all(all.map((s) => builder.build(s)));
    const fresh = built.filter((b) => !b.fromCache).length;
    const wheels = downloaded.wheels.length === 0 ? "" : `; ${downloaded.wheels.length} wheel${downloaded.wheels.length === 1 ? "" : "s"} downloaded`;
    ctx.output.info(`${built.length} binar${built.length === 1 ? "y" : "ies"} in ${cacheDir} (${fresh} built, ${built.length - fresh} already cached)${wheels}`);
    return 0;
  } finally {
    await session.close();
  }
}

/** Resolves the named requirements and downloads every file of the set into the source index. */
async function downloadSet(ctx: CommandContext, session: Session): Promise<{ sdists: string[]; wheels: string[] }> {
  const result = await resolveSession(ctx, session, { noDeps: Boolean(ctx.options.noDeps) });
  for (const warning of result.warnings) ctx.output.warn(warning);
  const out = { sdists: [] as string[], wheels: [] as string[] };
  await Promise.all(result.pins.map(async (pin) => {
    if (pin.file === null) return;
    const path = await downloadPin(session.sources, pin);
    (pin.file.isWheel ? out.wheels : out.sdists).push(path);
    if (pin.file.isWheel) ctx.output.info(`Saved ${pin.file.filename}`);
  }));
  return out;
}


function reporter(ctx: CommandContext): BuildReporter {
  return {
    onBuildStart: (p) => ctx.output.info(`Building ${p}`),
    onOutput: (_p, chunk) => { for (const line of chunk.split("\n")) if (line !== "") ctx.output.debug(line); },
    onBuildDone: (p, i) => ctx.output.info(i.fromCache ? `Using cached ${p}` : `Built ${p} in ${i.seconds.toFixed(1)} s`),
    onNote: (p, m) => ctx.output.warn(`${p}: ${m}`),
  };
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : typeof v === "string" && v !== "" ? [v] : [];
}
