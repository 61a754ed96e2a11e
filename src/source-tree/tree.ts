/**
 * A local source tree (a project directory, or a VCS checkout) as the
 * builder sees it: the files that count, a hash that changes when they
 * change, and a deterministic `.tar.gz` of them (an sdist in all but name)
 * so the builder and the binary cache treat a tree like any other sdist:
 * the same content gives the same archive, hence the same binary key, and
 * any change gives a new one. A tree is never served stale.
 *
 * Left out (they are outputs or tools, not sources): VCS metadata
 * (`.git`, `.hg`, `.svn`, `.bzr`), `__pycache__`, `.tox`, `.nox`, `.eggs`,
 * tool caches (`.pytest_cache`, `.mypy_cache`, `.ruff_cache`),
 * `node_modules`, virtual environments (any directory holding
 * `pyvenv.cfg`), `*.egg-info` anywhere, and at the top level `build/` and
 * `dist/` (setuptools' outputs, which would otherwise leak stale files and
 * stale dependency lists into a build).
 *
 * Two hash modes: `content` (sha256 of every file; the default) and
 * `mtime` (path, size and modification time: no file is read; the
 * original pip-accel's "trust mod times").
 */
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { AccelError } from "../report/errors.js";

export type TreeHashMode = "content" | "mtime";

export interface TreeFile {
  /** `/`-separated path relative to the tree. */
  readonly path: string;
  readonly kind: "file" | "symlink";
  readonly mode: number;
  readonly size: number;
  readonly mtimeMs: number;
}

const ANYWHERE = new Set([".git", ".hg", ".svn", ".bzr", "__pycache__", ".tox", ".nox", ".eggs", ".pytest_cache", ".mypy_cache", ".ruff_cache", "node_modules"]);
const TOP_LEVEL = new Set(["build", "dist"]);

/** True when `dir` looks like a Python project (pip's rule: setup.py or pyproject.toml). */
export function isInstallableTree(dir: string): boolean {
  return existsSync(join(dir, "setup.py")) || existsSync(join(dir, "pyproject.toml"));
}

/** The files of the tree that count, sorted by path. */
export function treeFiles(root: string): TreeFile[] {
  const out: TreeFile[] = [];
  const walk = (rel: string): void => {
    const full = rel === "" ? root : join(root, rel);
    for (const name of readdirSync(full).sort()) {
      if (ANYWHERE.has(name) || name.endsWith(".egg-info")) continue;
      if (rel === "" && TOP_LEVEL.has(name)) continue;
      const path = rel === "" ? name : `${rel}/${name}`;
      const st = lstatSync(join(root, path));
      if (st.isDirectory()) {
        if (existsSync(join(root, path, "pyvenv.cfg"))) continue;
        walk(path);
      } else if (st.isFile() || st.isSymbolicLink()) {
        out.push({ path, kind: st.isFile() ? "file" : "symlink", mode: st.mode & 0o777, size: st.size, mtimeMs: st.mtimeMs });
      }
      // sockets, fifos and devices are not sources
    }
  };
  walk("");
  return out;
}

/** A hex digest of the tree in the given mode (see the module comment). */
export function treeHash(root: string, mode: TreeHashMode = "content"): string {
  const hash = createHash("sha256").update(`pip-accel-tree-v1 ${mode}\n`);
  for (const file of treeFiles(root)) {
    const exec = (file.mode & 0o111) !== 0 ? "x" : "-";
    let detail: string;
    if (file.kind === "symlink") detail = `-> ${readlinkSync(join(root, file.path))}`;
    else if (mode === "mtime") detail = `${file.size} ${Math.trunc(file.mtimeMs)}`;
    else detail = createHash("sha256").update(readFileSync(join(root, file.path))).digest("hex");
    hash.update(`${file.kind} ${exec} ${JSON.stringify(file.path)} ${detail}\n`);
  }
  return hash.digest("hex");
}

/**
 * Packs the tree's files under the top-level directory `top` into `outFile`
 * (gzip, fixed times and owners, sorted: the same files give the same bytes).
 * Written to a temp file and renamed, so `outFile` is complete or absent.
 */
export async function packTree(root: string, outFile: string, top: string): Promise<void> {
  const files = treeFiles(root);
  if (files.length === 0) throw new AccelError("empty-source-tree", `${root} has no files to build`);
  const tmp = `${outFile}.${process.pid}.tmp`;
  try {
    const { create } = await import("tar");
    await create({
      gzip: { level: 6 }, file: tmp, cwd: root, portable: true, mtime: new Date(315532800000), prefix: top, noDirRecurse: true,
    }, files.map((f) => f.path));
    renameSync(tmp, outFile);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}
