/**
 * Dependency metadata of an sdist without building it, in pip-accel's order
 * (issue 5), stopping at the first that answers:
 *  1. `PKG-INFO` with Metadata-Version >= 2.2 whose `Dynamic` names none of
 *     Requires-Dist, Requires-Python, Provides-Extra (PEP 643);
 *  2. `*.egg-info/requires.txt` (pip's `[extra:marker]` conversion), with
 *     Requires-Python from PKG-INFO; an `.egg-info` directory with a PKG-INFO
 *     and no requires.txt means "no dependencies" (setuptools writes the
 *     file only when there are some);
 *  3. a static `[project]` table in `pyproject.toml` (PEP 621) whose
 *     `dynamic` names none of dependencies, optional-dependencies,
 *     requires-python;
 *  4. otherwise `needs-build`.
 * Only `PKG-INFO`, `pyproject.toml` and `*.egg-info/{PKG-INFO,requires.txt}`
 * members are read out of the archive.
 */
import { parse as parseToml } from "smol-toml";
import { parseRequirement } from "../pep508/index.js";
import { dependencyMetadata, metadataVersionOf, parseCoreMetadata, type CoreMetadata, type DependencyMetadata } from "./core-metadata.js";
import { convertEggRequires } from "./egg-requires.js";
import { readTarMembers } from "./tar-members.js";
import { openZip } from "../archive/zip-reader.js";

export type SdistMetadataSource = "pkg-info" | "requires-txt" | "pyproject";

export type SdistMetadataResult =
  | { readonly kind: "ok"; readonly source: SdistMetadataSource; readonly metadata: DependencyMetadata; readonly coreMetadata: CoreMetadata | null }
  | { readonly kind: "needs-build"; readonly reason: string };

const DYNAMIC_DEPENDENCY_FIELDS = ["requires-dist", "requires-python", "provides-extra"];
const DYNAMIC_PROJECT_KEYS = ["dependencies", "optional-dependencies", "requires-python"];

/** Members worth reading: at depth 1 (`top/PKG-INFO`) or an egg-info at depth 2/3 (`top/src/x.egg-info/…`). */
export function isMetadataMember(path: string): boolean {
  const parts = path.replace(/^\.\//, "").split("/");
  if (parts.length === 2) return parts[1] === "PKG-INFO" || parts[1] === "pyproject.toml";
  if (parts.length !== 3 && !(parts.length === 4 && parts[1] === "src")) return false;
  return parts[parts.length - 2]!.endsWith(".egg-info") && ["PKG-INFO", "requires.txt"].includes(parts[parts.length - 1]!);
}

/** Metadata of an sdist archive (`.tar.gz`, `.tgz`, `.tar`, `.zip`) held in memory. */
export function readSdistMetadata(archive: Buffer, filename: string): SdistMetadataResult {
  const members = filename.toLowerCase().endsWith(".zip") ? zipMembers(archive, filename) : readTarMembers(archive, filename, isMetadataMember);
  const byRelative = new Map<string, string>();
  for (const [path, data] of members) byRelative.set(path.replace(/^\.\//, "").split("/").slice(1).join("/"), data.toString("utf8"));
  return sdistMetadataFromFiles(byRelative);
}

function zipMembers(archive: Buffer, filename: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const zip = openZip(archive, filename);
  for (const entry of zip.entries) {
    if (isMetadataMember(entry.name)) out.set(entry.name, zip.read(entry));
  }
  return out;
}

/** The decision, from the metadata files by path relative to the sdist's top directory. */
export function sdistMetadataFromFiles(files: ReadonlyMap<string, string>): SdistMetadataResult {
  const pkgInfoText = files.get("PKG-INFO");
  const pkgInfo = pkgInfoText === undefined ? null : parseCoreMetadata(pkgInfoText);
  const reasons: string[] = [];
  if (pkgInfo !== null) {
    const version = metadataVersionOf(pkgInfo);
    const deps = dependencyMetadata(pkgInfo);
    const dynamic = deps.dynamic.filter((d) => DYNAMIC_DEPENDENCY_FIELDS.includes(d));
    if (version !== null && (version[0] > 2 || (version[0] === 2 && version[1] >= 2)) && dynamic.length === 0) {
      return { kind: "ok", source: "pkg-info", metadata: deps, coreMetadata: pkgInfo };
    }
    reasons.push(dynamic.length > 0 ? `PKG-INFO marks ${dynamic.join(", ")} as dynamic` : `PKG-INFO is Metadata-Version ${deps.metadataVersion ?? "?"} (< 2.2)`);
  } else reasons.push("no PKG-INFO");
  const fromEgg = eggInfoMetadata(files, pkgInfo);
  if (fromEgg !== null) return fromEgg;
  reasons.push("no .egg-info");
  const pyproject = files.get("pyproject.toml");
  if (pyproject !== undefined) {
    const result = pyprojectMetadata(pyproject, pkgInfo);
    if (result.kind === "ok") return result;
    reasons.push(result.reason);
  } else reasons.push("no pyproject.toml");
  return { kind: "needs-build", reason: reasons.join("; ") };
}

function eggInfoMetadata(files: ReadonlyMap<string, string>, pkgInfo: CoreMetadata | null): SdistMetadataResult | null {
  const dirs = [...files.keys()].filter((p) => p.endsWith(".egg-info/PKG-INFO") || p.endsWith(".egg-info/requires.txt"))
    .map((p) => p.slice(0, p.lastIndexOf("/"))).sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b));
  const dir = dirs[0];
  if (dir === undefined) return null;
  const eggPkgInfoText = files.get(`${dir}/PKG-INFO`);
  const base = pkgInfo ?? (eggPkgInfoText === undefined ? null : parseCoreMetadata(eggPkgInfoText));
  const converted = convertEggRequires(files.get(`${dir}/requires.txt`) ?? "");
  const deps = base === null ? null : dependencyMetadata(base);
  return {
    kind: "ok",
    source: "requires-txt",
    coreMetadata: base,
    metadata: {
      metadataVersion: deps?.metadataVersion ?? null, name: deps?.name ?? null, version: deps?.version ?? null,
      requiresDist: converted.requiresDist, requiresPython: deps?.requiresPython ?? null,
      providesExtra: [...new Set([...(deps?.providesExtra ?? []), ...converted.providesExtra])], dynamic: [],
    },
  };
}

interface ProjectTable {
  name?: unknown; version?: unknown; dynamic?: unknown; dependencies?: unknown;
  "optional-dependencies"?: unknown; "requires-python"?: unknown;
}

/** PEP 621 static metadata; `needs-build` when absent, dynamic or malformed. */
export function pyprojectMetadata(text: string, pkgInfo: CoreMetadata | null = null): SdistMetadataResult {
  let project: ProjectTable;
  try {
    project = (parseToml(text) as { project?: ProjectTable }).project ?? {};
  } catch (error) {
    return { kind: "needs-build", reason: `pyproject.toml is not valid TOML (${(error as Error).message.split("\n")[0]})` };
  }
  if (typeof project.name !== "string") return { kind: "needs-build", reason: "pyproject.toml has no [project] table" };
  const dynamic = Array.isArray(project.dynamic) ? project.dynamic.filter((d): d is string => typeof d === "string") : [];
  const blocked = dynamic.filter((d) => DYNAMIC_PROJECT_KEYS.includes(d));
  if (blocked.length > 0) return { kind: "needs-build", reason: `pyproject.toml marks ${blocked.join(", ")} as dynamic` };
  try {
    const requiresDist = stringList(project.dependencies, "dependencies");
    const extras: string[] = [];
    const optional = (project["optional-dependencies"] ?? {}) as Record<string, unknown>;
    for (const [extra, list] of Object.entries(optional)) {
      extras.push(extra);
      for (const req of stringList(list, `optional-dependencies.${extra}`)) requiresDist.push(withExtra(req, extra));
    }
    const requiresPython = typeof project["requires-python"] === "string" ? project["requires-python"] : null;
    return {
      kind: "ok", source: "pyproject", coreMetadata: pkgInfo,
      metadata: {
        metadataVersion: null, name: project.name, version: typeof project.version === "string" ? project.version : null,
        requiresDist, requiresPython, providesExtra: extras, dynamic: [],
      },
    };
  } catch (error) {
    return { kind: "needs-build", reason: `pyproject.toml: ${(error as Error).message}` };
  }
}

function stringList(value: unknown, key: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw new Error(`${key} is not a list of strings`);
  return [...value];
}

/** `req ; marker` for an optional dependency: `req ; (marker) and extra == "x"`. */
function withExtra(text: string, extra: string): string {
  const req = parseRequirement(text);
  const head = `${req.name}${req.extras.length > 0 ? `[${req.extras.join(",")}]` : ""}`
    + (req.url !== null ? ` @ ${req.url} ` : req.specifier.toString());
  const condition = req.marker === null ? `extra == "${extra}"` : `(${req.marker.toString()}) and extra == "${extra}"`;
  return `${head} ; ${condition}`;
}
