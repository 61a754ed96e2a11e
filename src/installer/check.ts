/**
 * `pip check`: for every installed distribution, every Requires-Dist whose
 * marker holds in the target environment (with `extra` = "") must be
 * installed at a version its specifier contains (pre-releases allowed, as
 * pip does). Returns data; the CLI formats it like pip:
 * `demo 1.0 requires six, which is not installed.` /
 * `demo 1.0 has requirement six>=2, but you have six 1.0.`
 */
import { parseRequirement, type EvaluationEnvironment } from "../pep508/index.js";
import type { InstalledDistribution } from "./environment.js";
import { canonicalizeName } from "../filenames/index.js";

export type CheckProblem =
  | { kind: "missing"; name: string; version: string; requirement: string; dependency: string }
  | { kind: "conflict"; name: string; version: string; requirement: string; dependency: string; installedVersion: string }
  | { kind: "invalid-requirement"; name: string; version: string; requirement: string; message: string };

/** Dependency problems among `installed`, evaluated for the interpreter's marker `environment`. */
export function checkDistributions(installed: InstalledDistribution[], environment: EvaluationEnvironment): CheckProblem[] {
  const byName = new Map(installed.map((d) => [d.canonicalName, d]));
  const problems: CheckProblem[] = [];
  for (const dist of installed) {
    for (const text of dist.requiresDist) {
      const problem = checkRequirement(dist, text, byName, environment);
      if (problem !== null) problems.push(problem);
    }
  }
  return problems;
}

function checkRequirement(
  dist: InstalledDistribution,
  text: string,
  byName: Map<string, InstalledDistribution>,
  environment: EvaluationEnvironment,
): CheckProblem | null {
  const who = { name: dist.name, version: dist.version, requirement: text };
  let requirement;
  try {
    requirement = parseRequirement(text);
    if (requirement.marker !== null && !requirement.marker.evaluate({ ...environment, extra: "" }, "metadata")) return null;
  } catch (error) {
    return { kind: "invalid-requirement", ...who, message: (error as Error).message };
  }
  const dependency = byName.get(canonicalizeName(requirement.name));
  if (dependency === undefined) return { kind: "missing", ...who, dependency: requirement.name };
  let ok = true;
  try {
    ok = requirement.specifier.contains(dependency.version, { prereleases: true });
  } catch {
    ok = false;
  }
  return ok ? null : { kind: "conflict", ...who, dependency: dependency.name, installedVersion: dependency.version };
}

/** pip's wording for one problem. */
export function formatCheckProblem(problem: CheckProblem): string {
  switch (problem.kind) {
    case "missing":
      return `${problem.name} ${problem.version} requires ${problem.dependency}, which is not installed.`;
    case "conflict":
      return `${problem.name} ${problem.version} has requirement ${problem.requirement.split(";")[0]!.trim()}, but you have ${problem.dependency} ${problem.installedVersion}.`;
    case "invalid-requirement":
      return `${problem.name} ${problem.version} has an invalid requirement ${JSON.stringify(problem.requirement)}: ${problem.message}`;
  }
}
