/**
 * `createBuilder(options)`: the Builder `install` hands sdists to.
 *
 * Minimal version (the buildreq branch replaces it with one that resolves
 * build requirements through the index): build requirements come from the
 * local `--find-links` directories plus the interpreter's ensurepip bundle
 * (`localBuildRequirementsProvider`). `indexSources` is accepted for the
 * index-backed provider and unused here.
 */
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Builder } from "../builder/builder.js";
import { localBuildRequirementsProvider } from "../builder/local-provider.js";
import type { BuildReporter } from "../builder/run-build.js";
import type { Interpreter } from "../python/interpreter.js";
import type { IndexSources } from "../resolver/lib.js";

export interface CreateBuilderOptions {
  interpreter: Interpreter;
  cacheDir: string;
  indexSources?: IndexSources;
  findLinks: readonly string[];
  env?: NodeJS.ProcessEnv;
  jobs?: number;
  reporter?: BuildReporter;
  autoInstall?: boolean;
  verbose?: boolean;
}

/** The local directories among find-links locations (paths and `file:` URLs). */
function localDirectories(findLinks: readonly string[]): string[] {
  return findLinks
    .map((location) => (location.startsWith("file:") ? fileURLToPath(location) : /^[a-z+]+:\/\//i.test(location) ? null : location))
    .filter((path): path is string => path !== null && existsSync(path) && statSync(path).isDirectory());
}

export function createBuilder(opts: CreateBuilderOptions): Builder {
  return new Builder({
    interpreter: opts.interpreter,
    cacheDir: opts.cacheDir,
    provider: localBuildRequirementsProvider(localDirectories(opts.findLinks)),
    ...(opts.reporter ? { reporter: opts.reporter } : {}),
    ...(opts.jobs !== undefined ? { jobs: opts.jobs } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  });
}
