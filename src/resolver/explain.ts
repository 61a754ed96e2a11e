/**
 * Turns a `ResolutionImpossible` from the Python provider into text that
 * explains the chain: what was requested, who required what, which versions
 * of the conflicting projects exist and why each one was not usable, and
 * which other candidates were tried and given up.
 *
 * The text is deterministic so it can be snapshot-tested.
 */
import type { ResolutionImpossible, RejectedAttempt } from "./errors.js";
import type { RequirementInformation } from "./provider.js";
import type { PythonProvider } from "./python-provider.js";
import { PYTHON_ID, describeCandidate, type PyCandidate, type PyRequirement } from "./python-types.js";
import { parseVersion } from "../pep440/index.js";

type Info = RequirementInformation<PyRequirement, PyCandidate>;
const MAX_VERSIONS = 8;

/** "requested" or "a 1.0 <- b 2.0 <- requested": who caused `parent` to be there. */
function chain(parent: PyCandidate | null, error: ResolutionImpossible<PyRequirement, PyCandidate>): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  let current = parent;
  while (current !== null && !seen.has(current.id)) {
    seen.add(current.id);
    parts.push(describeCandidate(current));
    const infos = error.information.get(current.id) ?? [];
    current = infos.find((i) => i.parent === null) ? null : infos[0]?.parent ?? null;
  }
  parts.push("requested");
  return parts.join(" <- ");
}

function describeInfo(info: Info, error: ResolutionImpossible<PyRequirement, PyCandidate>): string {
  return `${info.requirement.text} (from ${chain(info.parent, error)})`;
}

function groupById(causes: readonly Info[]): Map<string, Info[]> {
  const groups = new Map<string, Info[]>();
  for (const cause of causes) {
    const list = groups.get(cause.requirement.id) ?? [];
    if (!list.some((i) => i.requirement.text === cause.requirement.text && i.parent?.key === cause.parent?.key)) list.push(cause);
    groups.set(cause.requirement.id, list);
  }
  return groups;
}

/** Why each known version of a project could not be used with these requirements. */
async function versionLines(name: string, infos: readonly Info[], provider: PythonProvider, error: ResolutionImpossible<PyRequirement, PyCandidate>, python: string): Promise<string[]> {
  const versions = (await provider.availableVersions(name)).reverse();
  const rejections = provider.rejectionsFor(name);
  const lines: string[] = [];
  if (versions.length === 0 && rejections.length === 0) return [`  no versions of ${name} were found in the configured sources`];
  for (const version of versions.slice(0, MAX_VERSIONS)) {
    const v = parseVersion(version)!;
    const excluded = infos.filter((i) => (i.requirement.kind === "specifier") && !i.requirement.specifier.contains(v, { prereleases: true })).map((i) => describeInfo(i, error));
    for (const c of provider.constraintsFor(name)) if (!c.contains(v, { prereleases: true })) excluded.push(`the constraint ${name}${c.toString()}`);
    if (excluded.length > 0) {
      lines.push(`  ${version}: excluded by ${excluded.join("; ")}`);
      continue;
    }
    const fileReasons = rejections.filter((r) => r.version === version).map((r) => r.reason);
    if (fileReasons.length > 0) {
      lines.push(`  ${version}: skipped, ${[...new Set(fileReasons)].join("; ")}`);
      continue;
    }
    const attempt = (error.attempts.get(name) ?? []).find((a) => a.candidate.version.toString() === version);
    lines.push(`  ${version}: ${attempt ? describeAttempt(attempt, error, python) : "matches, but conflicts with the requirements above"}`);
  }
  if (versions.length > MAX_VERSIONS) lines.push(`  ... and ${versions.length - MAX_VERSIONS} older versions`);
  for (const r of rejections.filter((r) => r.version === "")) lines.push(`  ${r.filename}: ${r.reason}`);
  const yankedOnly = rejections.filter((r) => !versions.includes(r.version) && r.version !== "");
  for (const version of [...new Set(yankedOnly.map((r) => r.version))]) {
    lines.push(`  ${version}: skipped, ${[...new Set(yankedOnly.filter((r) => r.version === version).map((r) => r.reason))].join("; ")}`);
  }
  return lines;
}

function describeAttempt(attempt: RejectedAttempt<PyRequirement, PyCandidate>, error: ResolutionImpossible<PyRequirement, PyCandidate>, python: string): string {
  if (attempt.kind === "backtracked") return "pinned first, then given up because of a conflict further down";
  const causes = attempt.causes;
  const first = causes[0];
  if (first === undefined) return "rejected";
  if (first.requirement.kind === "python") return `requires ${first.requirement.text}, the target Python is ${python}`;
  if (first.requirement.kind === "unavailable") return `its metadata is unavailable: ${first.requirement.reason}`;
  const own = causes.filter((c) => c.parent?.key === attempt.candidate.key).map((c) => c.requirement.text);
  const others = causes.filter((c) => c.parent?.key !== attempt.candidate.key).map((c) => describeInfo(c, error));
  const needs = own.length > 0 ? `needs ${own.join(", ")}` : `needs ${first.requirement.text}`;
  return others.length > 0 ? `${needs}, which conflicts with ${others.join("; ")}` : `${needs}, which no usable version satisfies`;
}

/**
 * The projects behind a failure when the failure is only that no source offers them at all
 * (a typo, a wrong index): every conflicting project has no version and no file left out.
 * Null when anything else is involved (a version conflict, Requires-Python, skipped files).
 */
export async function missingProjects(error: ResolutionImpossible<PyRequirement, PyCandidate>, provider: PythonProvider): Promise<string[] | null> {
  const names: string[] = [];
  for (const [id, infos] of groupById(error.causes)) {
    if (id === PYTHON_ID || id.startsWith("<unavailable") || infos.some((i) => i.requirement.kind !== "specifier")) return null;
    const name = id.replace(/\[.*$/, "");
    if ((await provider.availableVersions(name)).length > 0 || provider.rejectionsFor(name).length > 0) return null;
    if (!names.includes(name)) names.push(name);
  }
  return names.length > 0 ? names : null;
}

/** The full explanation text (no trailing newline). */
export async function explainResolution(error: ResolutionImpossible<PyRequirement, PyCandidate>, provider: PythonProvider, python: string): Promise<string> {
  const groups = groupById(error.causes);
  const names = [...groups.keys()];
  // An unavailable-metadata id is internal (`<unavailable:key>`): it is shown as the project whose metadata it is.
  const shown = (id: string): string => (id === PYTHON_ID ? "Python" : id.startsWith("<unavailable") ? (groups.get(id)?.[0]?.parent?.name ?? "a project") : id);
  const lines = [`Cannot resolve the requirements: no usable version of ${[...new Set(names.map(shown))].join(", ")} satisfies all of them.`];
  for (const [id, infos] of groups) {
    lines.push("");
    if (id === PYTHON_ID) {
      lines.push(`The target Python is ${python}, but:`);
      for (const info of infos) lines.push(`  ${describeInfo(info, error)}`);
      continue;
    }
    if (id.startsWith("<unavailable")) {
      for (const info of infos) if (info.requirement.kind === "unavailable") lines.push(`The ${info.requirement.text} is unavailable: ${info.requirement.reason}.`);
      continue;
    }
    const name = id.replace(/\[.*$/, "");
    lines.push(`${id} is required as:`);
    for (const info of infos) lines.push(`  ${describeInfo(info, error)}`);
    for (const c of provider.constraintsFor(name)) lines.push(`  ${name}${c.toString()} (from the constraints)`);
    const urls = new Set(infos.flatMap((i) => (i.requirement.kind === "url" ? [i.requirement.url] : [])));
    if (urls.size > 1) {
      lines.push(`These are ${urls.size} different direct references; only one file of ${name} can be installed.`);
      continue;
    }
    lines.push(`Versions of ${name}:`);
    lines.push(...(await versionLines(name, infos, provider, error, python)));
  }
  const tried = [...error.attempts].filter(([id]) => !groups.has(id));
  if (tried.length > 0) {
    lines.push("", "Also tried and given up:");
    for (const [, attempts] of tried) {
      for (const attempt of attempts) lines.push(`  ${describeCandidate(attempt.candidate)}: ${describeAttempt(attempt, error, python)}`);
    }
  }
  return lines.join("\n");
}
