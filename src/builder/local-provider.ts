/**
 * An offline BuildRequirementsProvider: picks build requirements from local
 * directories of archives (`--find-links DIR`), the newest version that
 * satisfies the specifier, a wheel before an sdist of the same version.
 * Markers are evaluated by the caller's resolver in the full provider; here
 * requirements whose marker is false for the interpreter are skipped.
 * Wheel tags are not checked (build requirements are almost always pure).
 *
 * The index-backed provider (resolver + index client, with ensurepip's
 * setuptools as fallback) is `operations/build-setup.ts`; this one is for
 * callers with only local directories.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { canonicalizeName, parseSdistFilename, parseWheelFilename } from "../filenames/index.js";
import { compareVersions, type Version } from "../pep440/index.js";
import type { Requirement } from "../pep508/index.js";
import type { Interpreter } from "../python/interpreter.js";
import { runPython } from "../python/run.js";
import type { BuildRequirementsProvider } from "./build-env.js";
import { BuildEnvError } from "./errors.js";

interface LocalArtifact {
  name: string;
  version: Version;
  path: string;
  wheel: boolean;
}

function scan(dir: string): LocalArtifact[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const out: LocalArtifact[] = [];
  for (const file of readdirSync(dir)) {
    try {
      if (file.endsWith(".whl")) {
        const w = parseWheelFilename(file);
        out.push({ name: w.name, version: w.version, path: join(dir, file), wheel: true });
      } else if (file.endsWith(".tar.gz") || file.endsWith(".zip")) {
        const s = parseSdistFilename(file);
        out.push({ name: s.name, version: s.version, path: join(dir, file), wheel: false });
      }
    } catch {
      // not an archive name we understand: ignore it, as pip does
    }
  }
  return out;
}

/** The interpreter's `ensurepip/_bundled` directory (it holds a setuptools wheel before Python 3.12), or null. */
export async function ensurepipBundle(interpreter: Interpreter): Promise<string | null> {
  const code = "import ensurepip, os; print(os.path.join(os.path.dirname(ensurepip.__file__), '_bundled'))";
  const result = await runPython(interpreter.path, ["-I", "-c", code]).catch(() => null);
  return result === null || result.code !== 0 ? null : result.stdout.trim() || null;
}

/** A provider over `dirs` (searched together), with ensurepip's bundle as a last resort. */
export function localBuildRequirementsProvider(dirs: readonly string[]): BuildRequirementsProvider {
  return async (requirements: Requirement[], interpreter: Interpreter) => {
    const bundle = await ensurepipBundle(interpreter);
    const artifacts = [...dirs, ...(bundle === null ? [] : [bundle])].flatMap(scan);
    const env = interpreter.info.markerEnvironment as unknown as Record<string, string>;
    const out: string[] = [];
    for (const req of requirements) {
      if (req.marker !== null && !req.marker.evaluate({ ...env, extra: "" })) continue;
      const name = canonicalizeName(req.name);
      const best = artifacts
        .filter((a) => a.name === name && req.specifier.contains(a.version))
        .sort((a, b) => compareVersions(b.version, a.version) || Number(b.wheel) - Number(a.wheel))[0];
      if (best === undefined) {
        throw new BuildEnvError(`No local archive satisfies the build requirement ${req.toString()}`, {
          hint: `Put a wheel or sdist for it in a directory given with --find-links (searched: ${[...dirs, bundle ?? "ensurepip bundle"].join(", ")}).`,
        });
      }
      out.push(best.path);
    }
    return out;
  };
}
