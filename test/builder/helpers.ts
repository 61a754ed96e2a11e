/**
 * Shared by the builder tests: the machine's python3, a trivial
 * BuildRequirementsProvider that picks local setuptools wheels by
 * specifier (ensurepip's bundled one, Debian's /usr/share/python-wheels),
 * and a reader for cached binary archives.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { findInterpreter, queryInterpreter, type Interpreter } from "../../src/python/interpreter.js";
import type { BuildRequirementsProvider } from "../../src/builder/build-env.js";
import { findSetuptoolsWheel } from "../kit/setuptools-wheel.js";
import { cleanPythonEnv } from "../kit/repo.js";

let interpreter: Promise<Interpreter> | null = null;

/** python3 from PATH, queried once per process. */
export function testInterpreter(): Promise<Interpreter> {
  interpreter ??= queryInterpreter(findInterpreter({ python: "python3", env: cleanPythonEnv() }), { env: cleanPythonEnv() });
  return interpreter;
}

/** Every local setuptools wheel: `[version, path]`. */
export async function localSetuptoolsWheels(): Promise<Array<[string, string]>> {
  const dirs = new Set<string>(["/usr/share/python-wheels"]);
  try {
    const found = await findSetuptoolsWheel("python3");
    dirs.add(join(found, ".."));
  } catch { /* none bundled */ }
  const out: Array<[string, string]> = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      const m = /^setuptools-([^-]+)-py3-none-any\.whl$/.exec(f);
      if (m !== null) out.push([m[1] as string, join(dir, f)]);
    }
  }
  return out;
}

/**
 * Resolves `setuptools<spec>` to a matching local wheel, ensurepip's first (Debian's
 * setuptools wheel is patched for Debian's own Python and fails on others with
 * `AttributeError: install_layout`); anything else is an error. Records calls.
 */
export function setuptoolsProvider(calls: string[][] = []): BuildRequirementsProvider {
  return async (requirements) => {
    calls.push(requirements.map((r) => r.toString()));
    const wheels = await localSetuptoolsWheels();
    const bundled = await findSetuptoolsWheel("python3").catch(() => null);
    return requirements.map((req) => {
      if (req.name.toLowerCase() !== "setuptools") throw new Error(`test provider: no artifact for ${req.toString()}`);
      const matching = wheels.filter(([v]) => req.specifier.contains(v)).sort((a, b) => Number(b[1] === bundled) - Number(a[1] === bundled));
      if (matching.length === 0) throw new Error(`test provider: no local wheel for ${req.toString()}`);
      return (matching[0] as [string, string])[1];
    });
  };
}
