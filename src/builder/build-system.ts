/**
 * What an unpacked sdist needs to build: its `[build-system]` table
 * (PEP 517/518) and which way pip-accel builds it.
 *
 * - No `pyproject.toml`, or no `[build-system]`: `requires` defaults to
 *   `setuptools>=40.8.0` (PEP 518, as pip does) and setup.py is used.
 * - A setuptools backend (`setuptools.build_meta`, `…:__legacy__`) or no
 *   backend: built with `setup.py bdist_dumb` (a `setup()` shim when there
 *   is no setup.py).
 * - Any other backend: built through its PEP 517 `build_wheel` hook.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { InvalidBuildSystemError, InvalidSdistError } from "./errors.js";

export const DEFAULT_BUILD_REQUIRES: readonly string[] = ["setuptools>=40.8.0"];

export interface BuildSystem {
  /** PEP 508 strings from `[build-system].requires`. */
  requires: string[];
  /** `build-backend`, or null when not given. */
  backend: string | null;
  /** `backend-path` entries (relative to the source tree). */
  backendPath: string[];
  /** `setuptools`: setup.py / bdist_dumb; `pep517`: the backend's build_wheel hook. */
  strategy: "setuptools" | "pep517";
  hasSetupPy: boolean;
}

const SETUPTOOLS_BACKENDS = new Set(["setuptools.build_meta", "setuptools.build_meta:__legacy__"]);

/** Reads the build system of the unpacked source tree `sourceDir`. */
export function readBuildSystem(sourceDir: string, label = sourceDir): BuildSystem {
  const hasSetupPy = existsSync(join(sourceDir, "setup.py"));
  const pyprojectPath = join(sourceDir, "pyproject.toml");
  const hasPyproject = existsSync(pyprojectPath);
  if (!hasSetupPy && !hasPyproject) throw new InvalidSdistError(`${label}: neither setup.py nor pyproject.toml found`);
  const table = hasPyproject ? buildSystemTable(readFileSync(pyprojectPath, "utf8"), label) : null;
  if (table === null) return { requires: [...DEFAULT_BUILD_REQUIRES], backend: null, backendPath: [], strategy: "setuptools", hasSetupPy };
  const requires = stringList(table.requires, "requires", label);
  if (requires === null) throw new InvalidBuildSystemError(`${label}: [build-system] has no 'requires' list (PEP 518 requires one)`);
  const backend = table["build-backend"];
  if (backend !== undefined && typeof backend !== "string") throw new InvalidBuildSystemError(`${label}: 'build-backend' must be a string`);
  const backendPath = stringList(table["backend-path"], "backend-path", label) ?? [];
  for (const p of backendPath) {
    if (p.startsWith("/") || p.split(/[\\/]/).includes("..")) throw new InvalidBuildSystemError(`${label}: backend-path entry ${JSON.stringify(p)} must stay inside the source tree`);
  }
  const name = backend ?? null;
  const strategy = name === null || SETUPTOOLS_BACKENDS.has(name) ? "setuptools" : "pep517";
  return { requires, backend: name, backendPath, strategy, hasSetupPy };
}

function buildSystemTable(text: string, label: string): Record<string, unknown> | null {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new InvalidBuildSystemError(`${label}: pyproject.toml is not valid TOML`, { cause });
  }
  const table = doc["build-system"];
  if (table === undefined) return null;
  if (typeof table !== "object" || table === null || Array.isArray(table)) throw new InvalidBuildSystemError(`${label}: [build-system] must be a table`);
  return table as Record<string, unknown>;
}

function stringList(value: unknown, key: string, label: string): string[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw new InvalidBuildSystemError(`${label}: [build-system] '${key}' must be a list of strings`);
  return value as string[];
}
