/**
 * Read-only views of a target environment: `list`, `freeze`, `show`,
 * `check`. Each returns data; the CLI formats it like pip does.
 */
import { checkDistributions, formatCheckProblem, type CheckProblem } from "../installer/check.js";
import type { InstalledDistribution } from "../installer/environment.js";
import { canonicalizeName } from "../filenames/index.js";
import { parseRequirement, type EvaluationEnvironment } from "../pep508/index.js";
import type { TargetEnvironment } from "./environment.js";
import { getFirst } from "../metadata/core-metadata.js";

/** One row of `pip list`. */
export interface ListedDistribution {
  name: string;
  version: string;
  location: string;
  installer: string | null;
  requested: boolean;
}

/** pip list: every installed distribution (sorted by normalised name). */
export function listInstalled(environment: TargetEnvironment): ListedDistribution[] {
  return environment.installed().map((d) => ({
    name: d.name, version: d.version, location: d.location, installer: d.installer, requested: d.requested,
  }));
}

/** pip freeze skips these (and, before Python 3.12, the build backends) unless `--all`. */
export function freezeSkips(pythonVersion: string): Set<string> {
  const [major, minor] = pythonVersion.split(".").map(Number);
  const old = (major ?? 3) < 3 || ((major ?? 3) === 3 && (minor ?? 0) < 12);
  return new Set(old ? ["pip", "setuptools", "wheel", "distribute"] : ["pip"]);
}

/** One line of `pip freeze`: `name==version`, or `name @ url` for a PEP 610 direct reference. */
export function freezeLine(dist: InstalledDistribution): string {
  const direct = dist.directUrl as { url?: string; dir_info?: { editable?: boolean }; vcs_info?: { vcs: string; commit_id: string } } | null;
  if (direct && typeof direct.url === "string") {
    if (direct.dir_info?.editable === true) return `-e ${direct.url}`;
    if (direct.vcs_info) return `${dist.name} @ ${direct.vcs_info.vcs}+${direct.url}@${direct.vcs_info.commit_id}`;
    return `${dist.name} @ ${direct.url}`;
  }
  return `${dist.name}==${dist.version}`;
}

/** pip freeze output lines. */
export function freezeInstalled(environment: TargetEnvironment, options: { all?: boolean } = {}): string[] {
  const skip = options.all === true ? new Set<string>() : freezeSkips(environment.markers.python_version ?? "3.12");
  return environment.installed().filter((d) => !skip.has(d.canonicalName)).map(freezeLine);
}

/** What `pip show` prints for one distribution. */
export interface ShownDistribution {
  name: string;
  version: string;
  summary: string;
  homePage: string;
  author: string;
  authorEmail: string;
  license: string;
  location: string;
  requires: string[];
  requiredBy: string[];
  installer: string | null;
  files: string[] | null;
}

/** pip show for `names`; unknown names go to `missing`. */
export function showInstalled(environment: TargetEnvironment, names: string[]): { found: ShownDistribution[]; missing: string[] } {
  const installed = environment.installed();
  const byName = new Map(installed.map((d) => [d.canonicalName, d]));
  const found: ShownDistribution[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const dist = byName.get(canonicalizeName(name));
    if (dist === undefined) missing.push(name);
    else found.push(describe(dist, installed, environment.markers));
  }
  return { found, missing };
}

function field(dist: InstalledDistribution, name: string): string {
  return getFirst(dist.metadata, name) ?? "";
}

/** Names of the requirements of `dist` (markers evaluated without extras, as pip show). */
function requirementNames(dist: InstalledDistribution, markers: EvaluationEnvironment): string[] {
  const names: string[] = [];
  for (const text of dist.requiresDist) {
    try {
      const req = parseRequirement(text);
      if (req.marker !== null && !req.marker.evaluate({ ...markers, extra: "" }, "metadata")) continue;
      if (!names.includes(req.name)) names.push(req.name);
    } catch {
      // pip show skips unparsable requirements too
    }
  }
  return names.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
}

function describe(dist: InstalledDistribution, installed: InstalledDistribution[], markers: EvaluationEnvironment): ShownDistribution {
  const requiredBy = installed
    .filter((other) => requirementNames(other, markers).some((n) => canonicalizeName(n) === dist.canonicalName))
    .map((other) => other.name)
    .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  return {
    name: dist.name, version: dist.version,
    summary: field(dist, "Summary"), homePage: field(dist, "Home-page"), author: field(dist, "Author"),
    authorEmail: field(dist, "Author-email"), license: field(dist, "License"), location: dist.location,
    requires: requirementNames(dist, markers), requiredBy, installer: dist.installer, files: null,
  };
}

/** pip check over the target environment. */
export function checkInstalled(environment: TargetEnvironment): CheckProblem[] {
  return checkDistributions(environment.installed(), environment.markers as EvaluationEnvironment);
}

/** `pip check`'s lines for the problems (`foo 1.0 requires bar, which is not installed.`). */
export function checkLines(problems: readonly CheckProblem[]): string[] {
  return problems.map(formatCheckProblem);
}
