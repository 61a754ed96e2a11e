/**
 * The package sets `npm run bench` measures, each as index files plus a
 * requirements file:
 *
 * - `demo`: the bundled example index (sdists from `demo/`, one with a C
 *   extension), requirements with ranges, extras and markers.
 * - `generated-40`: 40 generated pure-Python projects as wheels, a
 *   dependency tree four wide, every project pinned in the requirements file
 *   (like pip-compile output and uv's 38-package benchmark). A tiny set is
 *   dominated by fixed start-up costs; this one shows the per-package costs.
 *
 * Both sets also serve setuptools (ensurepip's bundled wheel) and a minimal
 * `wheel` stand-in (see `wheel-shim.ts`): pip's isolated sdist builds need both.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildWheel } from "../test/kit/wheel-factory.js";
import type { FileEntry } from "../test/kit/index-server.js";
import { repoRoot } from "../test/kit/repo.js";
import { buildDemoIndex } from "./demo-index.js";
import { buildWheelShim } from "./wheel-shim.js";

export interface BenchSet {
  label: string;
  description: string;
  projects: Record<string, FileEntry[]>;
  requirementsFile: string;
  /** Distributions the requirements install (for a sanity check). */
  expected: number;
}

const FANOUT = 4;

/** The generated project names `bench-p00` … `bench-p39`. */
export function generatedNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `bench-p${String(i).padStart(2, "0")}`);
}

/** The dependencies of generated project `i`: a tree `FANOUT` wide rooted at 0. */
export function generatedDeps(i: number, count: number): number[] {
  const deps: number[] = [];
  for (let child = FANOUT * i + 1; child <= FANOUT * i + FANOUT && child < count; child++) deps.push(child);
  return deps;
}

/** ~20 modules of a few KiB each, so that installing is real work. */
function moduleFiles(pkg: string, index: number): Record<string, string> {
  const files: Record<string, string> = { [`${pkg}/__init__.py`]: `"""Generated benchmark project ${index}."""\nVALUE = ${index}\n` };
  for (let m = 0; m < 20; m++) {
    const body = Array.from({ length: 40 }, (_, l) => `def f_${m}_${l}(x):\n    return x * ${l} + ${index}\n`).join("\n");
    files[`${pkg}/mod_${m}.py`] = `"""Module ${m} of ${pkg}."""\n\n${body}`;
  }
  return files;
}

/** Writes the generated wheels (two versions of every fifth project) into `dir`. */
export function buildGeneratedSet(dir: string, count = 40): BenchSet {
  const names = generatedNames(count);
  const projects: Record<string, FileEntry[]> = {};
  names.forEach((name, i) => {
    const versions = i % 5 === 0 ? ["1.0.0", "1.1.0"] : ["1.0.0"];
    for (const version of versions) {
      const requiresDist = generatedDeps(i, count).map((d) => `${names[d]}>=1.0`);
      const wheel = buildWheel({ name, version, files: moduleFiles(name.replace(/-/g, "_"), i), metadata: { requiresDist } }, dir);
      (projects[name] ??= []).push({ filename: wheel.filename, path: wheel.path });
    }
  });
  const requirementsFile = join(dir, "requirements.txt");
  const pins = names.map((name, i) => `${name}==${i % 5 === 0 ? "1.1.0" : "1.0.0"}`);
  writeFileSync(requirementsFile, `# generated: ${count} pure-Python wheels, all pinned\n${pins.join("\n")}\n`);
  return { label: `generated-${count}`, description: `${count} generated pure-Python wheels (21 modules each), tree 4 wide, all pinned`, projects, requirementsFile, expected: count };
}

/** The demo index as a bench set (with the `wheel` stand-in that pip's builds need). */
export async function demoSet(dir: string): Promise<BenchSet> {
  const index = await buildDemoIndex();
  const shim = buildWheelShim(dir);
  const count = Object.keys(index.projects).length - 1;
  return {
    label: "demo",
    description: `demo/: ${count} sdists (one C extension), ranges, extras, markers`,
    projects: { ...index.projects, wheel: [shim] },
    requirementsFile: index.requirementsFile,
    expected: 10,
  };
}

/** Adds the build tools to a wheel-only set so both tools see the same index. */
export function withBuildTools(set: BenchSet, tools: Record<string, FileEntry[]>): BenchSet {
  return { ...set, projects: { ...set.projects, ...tools } };
}

/** `../shared/realworld` (30 wheels as PyPI serves them), or null when it is not beside the repository. */
export function realworldSet(): BenchSet | null {
  const root = join(repoRoot(), "..", "shared", "realworld");
  const wheels = join(root, "wheels");
  if (!existsSync(wheels)) return null;
  const projects: Record<string, FileEntry[]> = {};
  for (const filename of readdirSync(wheels).filter((n) => n.endsWith(".whl")).sort()) {
    const name = filename.split("-")[0]!.toLowerCase().replace(/[-_.]+/g, "-");
    (projects[name] ??= []).push({ filename, path: join(wheels, filename) });
  }
  const expected = readFileSync(join(root, "expected-freeze.txt"), "utf8").split("\n").filter((l) => l.includes("==")).length;
  return {
    label: "realworld",
    description: `../shared/realworld: ${Object.values(projects).flat().length} real PyPI wheels (black, httpx, pydantic, rich, jsonschema, ...)`,
    projects, requirementsFile: join(root, "requirements.txt"), expected,
  };
}
