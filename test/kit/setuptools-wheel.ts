/**
 * Where to get setuptools for build environments without touching PyPI or the
 * machine's mirror: the wheel that the interpreter's `ensurepip` bundles, or
 * else Debian's `/usr/share/python-wheels/`. Tests and the demo put it into
 * fixture indexes so that `[build-system] requires = ["setuptools..."]` resolves.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { cleanPythonEnv } from "./repo.js";
import type { FileEntry } from "./index-pages.js";

const run = promisify(execFile);
const DEBIAN_WHEELS = "/usr/share/python-wheels";
const found = new Map<string, Promise<string>>();

function setuptoolsIn(dir: string): string | null {
  if (!existsSync(dir)) return null;
  const wheels = readdirSync(dir).filter((f) => /^setuptools-.+\.whl$/.test(f)).sort();
  return wheels.length ? path.join(dir, wheels[wheels.length - 1]!) : null;
}

async function bundledDir(python: string): Promise<string | null> {
  const code = "import ensurepip, os; print(os.path.join(os.path.dirname(ensurepip.__file__), '_bundled'))";
  try {
    const { stdout } = await run(python, ["-c", code], { env: cleanPythonEnv() });
    return stdout.trim() || null;
  } catch {
    return null;
  }
}

async function locate(python: string): Promise<string> {
  const bundled = await bundledDir(python);
  const wheel = (bundled && setuptoolsIn(bundled)) ?? setuptoolsIn(DEBIAN_WHEELS);
  if (wheel) return wheel;
  throw new Error(
    `no setuptools wheel found for ${python}: looked in ensurepip's bundle (${bundled ?? "ensurepip not importable"}) ` +
      `and in ${DEBIAN_WHEELS}. Install python3-pip-whl (Debian) or use a Python with ensurepip.`,
  );
}

/** The path of a setuptools `.whl` usable offline with `python` (default `python3`). Cached per interpreter. */
export function findSetuptoolsWheel(python = "python3"): Promise<string> {
  let promise = found.get(python);
  if (!promise) {
    promise = locate(python);
    found.set(python, promise);
    promise.catch(() => found.delete(python));
  }
  return promise;
}

/** The setuptools wheel as an index-server file entry (`projects: { setuptools: [entry] }`). */
export async function setuptoolsIndexEntry(python = "python3"): Promise<FileEntry> {
  const wheel = await findSetuptoolsWheel(python);
  return { filename: path.basename(wheel), path: wheel };
}
