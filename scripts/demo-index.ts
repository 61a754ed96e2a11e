/**
 * The bundled example index for `npm run demo` and `npm run bench`: every
 * source tree under `<repo>/demo/` as a real setuptools **sdist** (built by
 * `python3 setup.py sdist`, cached by a content hash of the tree under
 * `<repo>/.cache/demo/sdists/`, so only the first run pays for Python),
 * plus the setuptools wheel that the interpreter's `ensurepip` bundles
 * (build environments need it, and there is no PyPI here).
 *
 * ```ts
 * const index = await buildDemoIndex();
 * const server = await startIndexServer({ projects: index.projects });
 * // pip-accel install -r index.requirementsFile -i server.simpleUrl
 * ```
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { buildSdist, type BuiltSdist } from "../test/kit/sdist-build.js";
import { setuptoolsIndexEntry } from "../test/kit/setuptools-wheel.js";
import type { FileEntry } from "../test/kit/index-server.js";
import { repoRoot } from "../test/kit/repo.js";

export interface DemoIndexOptions {
  /** The interpreter that builds the sdists and whose ensurepip provides setuptools (default `python3`). */
  python?: string;
  /** Where built sdists are cached (default `<repo>/.cache/demo`). */
  cacheDir?: string;
  /** The directory of source trees (default `<repo>/demo`). */
  sourceDir?: string;
}

export interface DemoIndex {
  /** Files per project, ready for `startIndexServer({ projects })`. */
  projects: Record<string, FileEntry[]>;
  /** The demo's requirements file (`<repo>/demo/requirements.txt`). */
  requirementsFile: string;
  /** The sdists, one per source tree, in directory order. */
  sdists: BuiltSdist[];
  /** How many sdists were built now (0 when all came from the cache). */
  built: number;
}

/** The source trees of the demo: every directory under `sourceDir` with a `setup.py` or `pyproject.toml`. */
export function demoProjects(sourceDir = join(repoRoot(), "demo")): string[] {
  return readdirSync(sourceDir)
    .sort()
    .map((name) => join(sourceDir, name))
    .filter((dir) => statSync(dir).isDirectory() && (existsSync(join(dir, "setup.py")) || existsSync(join(dir, "pyproject.toml"))));
}

/** The project name of an sdist filename (`demo-geo-1.2.0.tar.gz` → `demo-geo`). */
export function sdistProject(filename: string): string {
  const match = /^(.+?)-\d[^-]*\.(tar\.gz|zip)$/.exec(filename);
  if (!match) throw new Error(`not an sdist filename: ${filename}`);
  return match[1]!;
}

/** Builds (or takes from the cache) every demo sdist, two at a time, and adds setuptools. */
export async function buildDemoIndex(options: DemoIndexOptions = {}): Promise<DemoIndex> {
  const python = options.python ?? "python3";
  const cacheDir = options.cacheDir ?? join(repoRoot(), ".cache", "demo");
  const sourceDir = options.sourceDir ?? join(repoRoot(), "demo");
  const trees = demoProjects(sourceDir);
  const sdists: BuiltSdist[] = new Array<BuiltSdist>(trees.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < trees.length) {
      const i = next++;
      sdists[i] = await buildSdist(trees[i]!, undefined, { python, cacheDir });
    }
  };
  await Promise.all([worker(), worker()]);
  const projects: Record<string, FileEntry[]> = {};
  for (const sdist of sdists) (projects[sdistProject(sdist.filename)] ??= []).push({ filename: sdist.filename, path: sdist.path });
  projects["setuptools"] = [await setuptoolsIndexEntry(python)];
  return { projects, requirementsFile: join(sourceDir, "requirements.txt"), sdists, built: sdists.filter((s) => !s.cached).length };
}
