/**
 * Build environments without pip: the build requirements, turned into
 * local artifacts by an injected provider, installed by an injected
 * `ArtifactInstaller` (operations passes pip-accel's own installer; the
 * builder never imports it) into a private prefix that is reused by every
 * build with the same artifact set and interpreter.
 *
 * Layout: `<cacheDir>/build-envs-v1/<key>/{site,bin,include,data}` where
 * `key` = sha256 over the interpreter (path, version, ABI) and the sorted
 * artifact sha256s. An environment appears atomically (built in a temp
 * directory, then renamed) and carries `pip-accel-build-env.json` listing
 * what it holds.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Requirement } from "../pep508/index.js";
import type { Interpreter } from "../python/interpreter.js";
import type { Scheme } from "../python/scheme.js";
import { BuildEnvError } from "./errors.js";

export const BUILD_ENV_BUCKET = "build-envs-v1";
const ENV_RECORD = "pip-accel-build-env.json";

/** A local file: a wheel (`.whl`), an sdist, or a pip-accel binary archive built from one. */
export type ArtifactPath = string;

/**
 * Turns build requirements into local artifacts for `interpreter`: wheels
 * or sdists (the builder builds sdists itself, recursively). Implemented by
 * `operations/` with the resolver and the index client; tests pass a
 * trivial one.
 */
export type BuildRequirementsProvider = (requirements: Requirement[], interpreter: Interpreter, context?: BuildRequirementsContext) => Promise<ArtifactPath[]>;

/** Who is asking: `chain` lists the projects whose build environments led here (outermost first), for cycle detection. */
export interface BuildRequirementsContext {
  readonly chain: readonly string[];
}

/**
 * Installs one artifact into a build environment: `schemeFor(project)` gives
 * the directories for the project the artifact turns out to hold. Returns
 * its name and version. Implemented by `operations/` with the installer.
 */
export type ArtifactInstaller = (
  artifact: InstallableArtifact,
  schemeFor: (project: string) => Scheme,
  context: { readonly interpreter: Interpreter; readonly cacheDir: string },
) => Promise<{ name: string; version: string }>;

/** A ready environment. */
export interface BuildEnv {
  dir: string;
  /** Goes on PYTHONPATH (and through `site.addsitedir`). */
  site: string;
  /** Goes first on PATH. */
  bin: string;
  /** `name==version` of what is installed. */
  installed: string[];
  reused: boolean;
}

/** An artifact ready to install: a wheel or a pip-accel binary archive. */
export interface InstallableArtifact {
  path: string;
  kind: "wheel" | "binary";
  sha256: string;
}

export function buildEnvKey(artifacts: readonly InstallableArtifact[], interpreter: Interpreter): string {
  const hash = createHash("sha256");
  const v = interpreter.info.versionInfo;
  hash.update(`${interpreter.info.executable}\n${v.join(".")}\n${interpreter.info.tags.soabi ?? ""}\n`);
  for (const sha of artifacts.map((a) => a.sha256).sort()) hash.update(`${sha}\n`);
  return hash.digest("hex").slice(0, 32);
}

/** Returns the environment holding exactly `artifacts`, creating it when needed. */
export async function ensureBuildEnv(artifacts: readonly InstallableArtifact[], interpreter: Interpreter, cacheDir: string, install: ArtifactInstaller): Promise<BuildEnv> {
  const bucket = join(cacheDir, BUILD_ENV_BUCKET);
  const dir = join(bucket, buildEnvKey(artifacts, interpreter));
  const record = join(dir, ENV_RECORD);
  if (existsSync(record)) {
    const installed = (JSON.parse(readFileSync(record, "utf8")) as { installed: string[] }).installed;
    return { dir, site: join(dir, "site"), bin: join(dir, "bin"), installed, reused: true };
  }
  mkdirSync(bucket, { recursive: true });
  const tmp = mkdtempSync(join(bucket, ".tmp-"));
  try {
    const installed = await installInto(tmp, artifacts, { interpreter, cacheDir }, install);
    writeFileSync(join(tmp, ENV_RECORD), JSON.stringify({ installed, artifacts: artifacts.map((a) => a.sha256) }, null, 1));
    try {
      renameSync(tmp, dir);
    } catch (error) {
      if (!existsSync(record)) throw error;
      rmSync(tmp, { recursive: true, force: true });
    }
    return { dir, site: join(dir, "site"), bin: join(dir, "bin"), installed, reused: false };
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    if (error instanceof BuildEnvError) throw error;
    throw new BuildEnvError(`Cannot set up the build environment: ${(error as Error).message}`, { cause: error });
  }
}

async function installInto(
  root: string,
  artifacts: readonly InstallableArtifact[],
  context: { readonly interpreter: Interpreter; readonly cacheDir: string },
  install: ArtifactInstaller,
): Promise<string[]> {
  const installed: string[] = [];
  const [major, minor] = context.interpreter.info.versionInfo;
  const schemeFor = (project: string): Scheme => ({
    purelib: join(root, "site"), platlib: join(root, "site"), scripts: join(root, "bin"),
    headers: join(root, "include", `python${major}.${minor}`, project), data: join(root, "data"),
  });
  for (const artifact of artifacts) {
    const { name, version } = await install(artifact, schemeFor, context);
    installed.push(`${name}==${version}`);
  }
  mkdirSync(join(root, "site"), { recursive: true });
  mkdirSync(join(root, "bin"), { recursive: true });
  return installed.sort();
}
