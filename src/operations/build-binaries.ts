/**
 * `build`'s operation (pip-accel's `pip wheel`): fill the binary cache
 * without installing. Local sdists (paths or `file:` entries) are built as
 * they are; named requirements are resolved (with their dependencies
 * unless `noDeps`), downloaded into the source index, and every sdist of
 * the set is built in parallel (up to the core count, build dependencies
 * first). Wheels of the set are only downloaded. Build requirements come
 * from the same index sources (build-setup.ts).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { BuiltArtifact } from "../builder/builder.js";
import type { BuildReporter } from "../builder/run-build.js";
import type { CommandResult } from "../builder/system-deps.js";
import { findInterpreter, queryInterpreter } from "../python/interpreter.js";
import type { RequirementEntry } from "../requirements-file/index.js";
import { AccelError } from "../report/errors.js";
import { createBuilder } from "./build-setup.js";
import { fetchPins, openResolution, resolveSession, type ResolutionPolicy, type ResolutionRequest } from "./resolution.js";

export type { BuildReporter };

export interface BuildBinariesOptions {
  policy: ResolutionPolicy;
  /** The interpreter to build for (`--python`). */
  python?: string;
  reporter?: BuildReporter;
  /** Saw a wheel of the set (downloaded, not built). */
  onWheel?: (filename: string) => void;
  onWarning?: (message: string) => void;
  autoInstall?: boolean;
  confirm?: (question: string) => Promise<boolean>;
  exec?: (argv: string[]) => Promise<CommandResult>;
}

export interface BuildSummary {
  cacheDir: string;
  /** Binaries of the set in the cache. */
  binaries: number;
  /** Of those, built by this run. */
  built: number;
  wheels: number;
}

/** A local sdist: a path or `file:` link to an archive that is not a wheel. */
function localSdist(entry: RequirementEntry): string | null {
  const link = entry.link;
  if (link === null || !link.isFile || link.isDirectory) return null;
  const path = fileURLToPath(link.url.split("#")[0] as string);
  return path.endsWith(".whl") ? null : path;
}

export async function buildBinaries(request: ResolutionRequest, options: BuildBinariesOptions): Promise<BuildSummary> {
  // The session reads every input once (requirement files by URL through the index client); local
  // sdists and wheels are kept out of the resolution, the sdists to be built as they are.
  const sdists = new Set<string>();
  const session = await openResolution({
    ...request,
    skip: (entry) => {
      const path = localSdist(entry);
      if (path !== null) sdists.add(path);
      return path !== null || (entry.link?.url.endsWith(".whl") ?? false);
    },
  });
  try {
    for (const p of sdists) if (!existsSync(p)) throw new AccelError("usage", `No such sdist: ${p}`);
    const named = session.inputs.requirements.length > 0;
    if (sdists.size === 0 && !named) throw new AccelError("usage", "Nothing to build", { hint: "Give requirements, sdist paths or -r FILE." });
    const cacheDir = session.cacheDir;
    const interpreter = await queryInterpreter(findInterpreter({ python: options.python, env: request.env, cwd: request.cwd }), { cacheDir });
    let downloaded = { sdists: [] as string[], wheels: [] as string[] };
    if (named) {
      const result = await resolveSession(session, options.policy);
      for (const warning of result.warnings) options.onWarning?.(warning);
      downloaded = await fetchPins(session, result.pins);
      for (const pin of result.pins) if (pin.file?.isWheel) options.onWheel?.(pin.file.filename);
    }
    const builder = createBuilder({
      // Local sdists alone get local build requirements only (find-links, source index, ensurepip): no network.
      interpreter, cacheDir, ...(named ? { indexSources: session.sources } : {}),
      findLinks: request.findLinks.map((d) => resolve(request.cwd, d.startsWith("file:") ? fileURLToPath(d) : d)),
      reporter: options.reporter, env: { ...request.env }, verbose: true, autoInstall: options.autoInstall === true,
      ...(options.confirm ? { confirm: options.confirm } : {}), ...(options.exec ? { exec: options.exec } : {}),
    });
    const all = [...new Set([...sdists, ...downloaded.sdists])];
    const built: BuiltArtifact[] = await Promise.all(all.map((s) => builder.build(s))).finally(() => builder.close());
    return { cacheDir, binaries: built.length, built: built.filter((b) => !b.fromCache).length, wheels: downloaded.wheels.length };
  } finally {
    await session.close();
  }
}
