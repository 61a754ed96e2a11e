/**
 * Real sdists built by Python from the source trees in `test/fixtures/projects/`,
 * cached between test runs under `<repo>/.cache/fixtures/sdists/` by a content
 * hash of the tree (plus the interpreter), so only the first run pays for Python.
 *
 * - setuptools projects: `python setup.py sdist --formats=gztar`; a project
 *   with only a `pyproject.toml` `[project]` table gets a generated
 *   `setup.py` shim calling `setuptools.setup()` (so its sdist has one too).
 * - a project whose `build-backend` is not setuptools (`in-tree-backend`):
 *   the backend's own `build_sdist` hook, loaded from its `backend-path`.
 *
 * The build runs in a temporary copy of the tree with `PIP_*`, `PYTHON*` and
 * `VIRTUAL_ENV` cleared and `SOURCE_DATE_EPOCH` set.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { parse as parseToml } from "smol-toml";
import { cleanPythonEnv, projectPath, repoRoot, tempDir } from "./repo.js";
import type { BuiltArchive } from "./tarball-factory.js";

const run = promisify(execFile);
/** Bump to invalidate every cached fixture sdist. */
const CACHE_REVISION = "1";
const SKIP = new Set(["build", "dist", "__pycache__"]);

export interface BuiltSdist extends BuiltArchive {
  /** True when the sdist came from the cache without running Python. */
  cached: boolean;
}

export interface BuildSdistOptions {
  /** The interpreter (default `python3`). */
  python?: string;
  /** Cache root (default `<repo>/.cache/fixtures`). */
  cacheDir?: string;
}

function listTree(root: string, rel = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, rel)).sort()) {
    if (SKIP.has(name) || name.endsWith(".egg-info")) continue;
    const relPath = rel ? `${rel}/${name}` : name;
    if (statSync(path.join(root, relPath)).isDirectory()) out.push(...listTree(root, relPath));
    else out.push(relPath);
  }
  return out;
}

/** A hash of a source tree's paths, executable bits and contents (plus `salt`). */
export function treeHash(root: string, salt = ""): string {
  const hash = createHash("sha256").update(`${CACHE_REVISION}\0${salt}\0`);
  for (const rel of listTree(root)) {
    const full = path.join(root, rel);
    hash.update(`${rel}\0${statSync(full).mode & 0o111 ? "x" : "-"}\0`).update(readFileSync(full)).update("\0");
  }
  return hash.digest("hex").slice(0, 20);
}

function backendOf(tree: string): { backend: string; backendPath: string[] } | null {
  const file = path.join(tree, "pyproject.toml");
  if (!existsSync(file)) return null;
  const system = (parseToml(readFileSync(file, "utf8")) as { "build-system"?: Record<string, unknown> })["build-system"];
  const backend = system?.["build-backend"];
  if (typeof backend !== "string" || backend.startsWith("setuptools")) return null;
  return { backend, backendPath: (system?.["backend-path"] as string[] | undefined) ?? [] };
}

const HOOK_SCRIPT = [
  "import importlib, sys",
  "tree, dist, backend = sys.argv[1], sys.argv[2], sys.argv[3]",
  "sys.path[:0] = [tree + '/' + p for p in sys.argv[4:]]",
  "mod, _, obj = backend.partition(':')",
  "hooks = importlib.import_module(mod)",
  "if obj: hooks = getattr(hooks, obj)",
  "print(hooks.build_sdist(dist))",
].join("\n");

async function runPython(python: string, args: string[], cwd: string): Promise<void> {
  try {
    await run(python, args, { cwd, env: cleanPythonEnv({ SOURCE_DATE_EPOCH: "315532800" }), maxBuffer: 16 << 20 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`building a fixture sdist failed: ${python} ${args.join(" ")} in ${cwd}\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
  }
}

/** Builds the sdist of a copy of `source` into `distDir`; returns the file path. */
async function buildInto(source: string, distDir: string, python: string): Promise<string> {
  const work = tempDir("sdist-src");
  try {
    const tree = path.join(work.path, "src");
    cpSync(source, tree, { recursive: true, filter: (p) => !SKIP.has(path.basename(p)) && !p.endsWith(".egg-info") });
    const backend = backendOf(tree);
    if (backend) {
      await runPython(python, ["-c", HOOK_SCRIPT, tree, distDir, backend.backend, ...backend.backendPath], tree);
    } else {
      if (!existsSync(path.join(tree, "setup.py"))) writeFileSync(path.join(tree, "setup.py"), "import setuptools\nsetuptools.setup()\n");
      await runPython(python, ["setup.py", "-q", "sdist", "--formats=gztar", "--dist-dir", distDir], tree);
    }
    const built = readdirSync(distDir).filter((f) => f.endsWith(".tar.gz"));
    if (built.length !== 1) throw new Error(`building a fixture sdist of ${source} produced ${built.length} files`);
    return path.join(distDir, built[0]!);
  } finally {
    work.cleanup();
  }
}

function describe(file: string, cached: boolean): BuiltSdist {
  return { path: file, filename: path.basename(file), sha256: createHash("sha256").update(readFileSync(file)).digest("hex"), cached };
}

function cachedFile(dir: string): string | null {
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => f.endsWith(".tar.gz"));
  return files.length === 1 ? path.join(dir, files[0]!) : null;
}

/**
 * The sdist of `test/fixtures/projects/<project>` (or of the directory `project` if it is an
 * absolute path), from the cache or freshly built. With `outDir`, the file is copied there and
 * that copy is returned; without, the cached file itself (do not modify it).
 */
export async function buildSdist(project: string, outDir?: string, options: BuildSdistOptions = {}): Promise<BuiltSdist> {
  const python = options.python ?? "python3";
  const source = path.isAbsolute(project) ? project : projectPath(project);
  if (!existsSync(source)) throw new Error(`buildSdist: no source tree at ${source}`);
  const cacheRoot = options.cacheDir ?? path.join(repoRoot(), ".cache", "fixtures");
  const entry = path.join(cacheRoot, "sdists", `${path.basename(source)}-${treeHash(source, python)}`);
  let file = cachedFile(entry);
  const cached = file !== null;
  if (!file) {
    const staging = `${entry}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    mkdirSync(staging, { recursive: true });
    try {
      await buildInto(source, staging, python);
      renameSync(staging, entry);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!cachedFile(entry)) throw error; // a concurrent build won the rename: use its result
    }
    file = cachedFile(entry)!;
  }
  if (!outDir) return describe(file, cached);
  mkdirSync(outDir, { recursive: true });
  const copy = path.join(outDir, path.basename(file));
  copyFileSync(file, copy);
  return describe(copy, cached);
}
