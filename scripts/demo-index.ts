/**
 * The bundled example index for `npm run demo` and `npm run bench`, built
 * from the source projects in `test/fixtures/projects/`: a C extension
 * (compiled here with the target Python's setuptools `build_ext`), a
 * package with console/gui scripts, a plain script and a data file, and a
 * dependency chain with extras and markers.
 *
 * Until the builder lands on main (it turns the same sources' sdists into
 * cached binaries), the index serves wheels assembled from those sources.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { buildWheel } from "../test/kit/artifacts.js";
import { cleanPythonEnv, projectPath } from "../test/kit/repo.js";

export interface DemoIndex {
  /** Directory of wheels (serve it with startIndexServer({root})). */
  dir: string;
  /** A fully pinned requirements file (as pip-compile would write). */
  requirementsFile: string;
}

/** `{path-in-package: content}` for every file of a source package directory. */
function packageFiles(project: string, pkg: string): Record<string, Buffer> {
  const root = projectPath(project);
  const out: Record<string, Buffer> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (!name.endsWith(".c") && !name.endsWith(".pyc")) out[relative(root, full)] = readFileSync(full);
    }
  };
  walk(join(root, pkg));
  return out;
}

/** Compiles the C extension in a copy of the project; returns the built module's name and bytes. */
function compileExtension(python: string, work: string): [string, Buffer] {
  const copy = join(work, "cext-src");
  cpSync(projectPath("cext"), copy, { recursive: true });
  const result = spawnSync(python, ["setup.py", "-q", "build_ext", "--inplace"], { cwd: copy, env: cleanPythonEnv(), encoding: "utf8" });
  if (result.status !== 0) throw new Error(`compiling the demo C extension failed:\n${result.stderr}`);
  const built = readdirSync(join(copy, "pa_demo_cext")).find((f) => f.startsWith("_speedup") && f.endsWith(".so"));
  if (built === undefined) throw new Error("build_ext produced no _speedup*.so");
  return [`pa_demo_cext/${built}`, readFileSync(join(copy, "pa_demo_cext", built))];
}

function platformTag(python: string): string {
  const code = "import sys, sysconfig; v=sys.version_info; print(f'cp{v.major}{v.minor}-cp{v.major}{v.minor}-' + sysconfig.get_platform().replace('-', '_').replace('.', '_'))";
  const result = spawnSync(python, ["-c", code], { env: cleanPythonEnv(), encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

/** Builds the demo wheels into `<work>/index` and the pinned requirements file. */
export function buildDemoIndex(work: string, python = "python3"): DemoIndex {
  const dir = join(work, "index");
  mkdirSync(dir, { recursive: true });
  const [soName, so] = compileExtension(python, work);
  buildWheel({
    name: "pa-demo-cext", version: "1.0", tag: platformTag(python), rootIsPurelib: false,
    files: { ...packageFiles("cext", "pa_demo_cext"), [soName]: so },
    metadata: { summary: "pip-accel demo: a tiny C extension" },
  }, dir);
  buildWheel({
    name: "pa-demo-scripts", version: "1.0", files: packageFiles("scripts", "pa_demo_scripts"),
    metadata: { summary: "pip-accel demo: entry points and a plain script" },
    entryPoints: { console_scripts: { "pa-demo-cli": "pa_demo_scripts.cli:main" }, gui_scripts: { "pa-demo-gui": "pa_demo_scripts.cli:gui" } },
    data: {
      scripts: { "pa-demo-plain": readFileSync(join(projectPath("scripts"), "bin", "pa-demo-plain"), "utf8").replace(/^#!.*\n/, "#!python\n") },
      data: { "share/pa-demo-scripts/data.txt": readFileSync(join(projectPath("scripts"), "data.txt")) },
    },
    modes: { "pa_demo_scripts-1.0.data/scripts/pa-demo-plain": 0o755 },
  }, dir);
  buildWheel({
    name: "pa-demo-pure", version: "1.0", files: packageFiles("pure", "pa_demo_pure"),
    metadata: { requiresPython: ">=3.7", requiresDist: ['pa-deps-c>=1.0; python_version >= "3"', 'pa-never-installed; python_version < "3"', 'pa-deps-b; extra == "extra"'], providesExtra: ["extra"] },
  }, dir);
  buildWheel({
    name: "pa-deps-a", version: "1.0", files: packageFiles("deps-a", "pa_deps_a"),
    metadata: { requiresDist: ["pa-deps-b[fast]>=1.0", 'pa-deps-c; sys_platform != "win32"'] },
  }, dir);
  buildWheel({
    name: "pa-deps-b", version: "1.0", files: packageFiles("deps-b", "pa_deps_b"),
    metadata: { requiresDist: ["pa-deps-c>=1.0,<2", 'pa-deps-c[speed]; python_version >= "3.8" and extra == "fast"', 'pa-not-on-any-index; extra == "never"'], providesExtra: ["fast", "never"] },
  }, dir);
  buildWheel({ name: "pa-deps-c", version: "1.0", files: packageFiles("deps-c", "pa_deps_c"), metadata: { providesExtra: ["speed"] } }, dir);
  const requirementsFile = join(work, "requirements.txt");
  writeFileSync(requirementsFile, [
    "# pinned, as pip-compile writes it", "pa-demo-cext==1.0", "pa-demo-scripts==1.0", "pa-demo-pure[extra]==1.0",
    "pa-deps-a==1.0", "pa-deps-b[fast]==1.0", "pa-deps-c==1.0", "",
  ].join("\n"));
  return { dir, requirementsFile };
}
