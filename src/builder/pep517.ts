/**
 * Calling a PEP 517 backend hook in the provisioned build environment,
 * without pip: the in-repo hook runner (python-shims.ts) imports the
 * backend (honouring `backend-path`) and writes the hook's return value to
 * a JSON file. Used for non-setuptools backends (hatchling, flit_core,
 * poetry-core, pdm-backend, scikit-build-core, maturin, in-tree backends).
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BuildEnv } from "./build-env.js";
import type { BuildSystem } from "./build-system.js";
import { BuildFailedError } from "./errors.js";
import { HOOK_RUNNER } from "./python-shims.js";
import { runBuildCommand, writeBuildLog, type BuildReporter } from "./run-build.js";

export interface HookCall {
  python: string;
  system: BuildSystem;
  env: BuildEnv;
  /** The unpacked source tree (cwd of the hook). */
  src: string;
  /** Where `build_wheel` / `prepare_metadata_for_build_wheel` write. */
  outDir: string;
  hook: string;
  project: string;
  baseEnv?: NodeJS.ProcessEnv;
  reporter?: BuildReporter;
  logDir: string;
}

/** Runs the hook and returns what it returned. Throws BuildFailedError (with a log file) on failure. */
export async function runPep517Hook(call: HookCall): Promise<unknown> {
  mkdirSync(call.outDir, { recursive: true });
  const resultFile = join(call.outDir, `.hook-${call.hook}.json`);
  const backend = call.system.backend ?? "setuptools.build_meta:__legacy__";
  const args = ["-S", "-c", HOOK_RUNNER, call.env.site, backend, JSON.stringify(call.system.backendPath), call.hook, call.outDir, resultFile];
  const result = await runBuildCommand(call.python, args, {
    cwd: call.src, envSites: [call.env.site], envBins: [call.env.bin], baseEnv: call.baseEnv, project: call.project, reporter: call.reporter,
  });
  if (result.code !== 0 || !existsSync(resultFile)) {
    const output = `${backend} ${call.hook} failed (exit ${result.code})\n${result.output}`;
    throw new BuildFailedError({ project: call.project, output, logFile: writeBuildLog(call.logDir, call.project, output) });
  }
  return (JSON.parse(readFileSync(resultFile, "utf8")) as { result: unknown }).result;
}
