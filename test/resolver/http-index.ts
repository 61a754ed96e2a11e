/**
 * Turns a scenario's in-memory index into real files served by the local
 * index server: wheels (every other one with a PEP 658 `.metadata` file, the
 * rest read through Range requests), and sdists whose dependencies live in
 * `*.egg-info/requires.txt` under a Metadata-Version 2.1 PKG-INFO (the common
 * setuptools case) or, when they use markers, in a PKG-INFO 2.2. A release
 * marked `unavailable` becomes an sdist with nothing but a setup.py.
 */
import { buildWheel, makeSdistFromFiles } from "../kit/artifacts.js";
import type { FileEntry } from "../kit/index-server.js";
import type { MemoryIndex, MemoryRelease } from "../../src/resolver/memory-source.js";

/** The sdist the server offers for a release (see the header for its shape). */
export function sdistFiles(name: string, version: string, release: MemoryRelease, outDir: string) {
  const requires = [...(release.requires_dist ?? [])];
  const requiresPython = release.metadata_requires_python ?? release.requires_python;
  if (release.unavailable !== undefined) {
    return makeSdistFromFiles({ name, version, pkgInfo: false, files: { "setup.py": "raise SystemExit(1)\n" } }, outDir);
  }
  if (requires.every((r) => !r.includes(";")) && (release.extras ?? []).length === 0) {
    return makeSdistFromFiles({
      name, version,
      pkgInfo: { metadataVersion: "2.1", ...(requiresPython ? { requiresPython } : {}) },
      eggInfo: requires.length > 0 ? { "requires.txt": `${requires.join("\n")}\n` } : { "SOURCES.txt": "setup.py\n" },
      files: { "setup.py": "from setuptools import setup\nsetup()\n" },
    }, outDir);
  }
  return makeSdistFromFiles({
    name, version,
    pkgInfo: { metadataVersion: "2.2", requiresDist: requires, providesExtra: [...(release.extras ?? [])], ...(requiresPython ? { requiresPython } : {}) },
    files: { "setup.py": "" },
  }, outDir);
}

/** The server's `projects` for a scenario index; artifacts are written into `outDir`. */
export function servedProjects(index: MemoryIndex, outDir: string): Record<string, FileEntry[]> {
  const projects: Record<string, FileEntry[]> = {};
  let wheelCount = 0;
  for (const [name, releases] of Object.entries(index)) {
    const entries: FileEntry[] = (projects[name] = []);
    for (const [version, release] of Object.entries(releases)) {
      const common = {
        ...(release.yanked === undefined || release.yanked === false ? {} : { yanked: release.yanked === true ? (true as const) : release.yanked }),
        ...(release.requires_python ? { requiresPython: release.requires_python } : {}),
      };
      if (release.sdist !== false) {
        const built = sdistFiles(name, version, release, outDir);
        entries.push({ filename: built.filename, path: built.path, ...common });
      }
      for (const tag of release.wheel_tags ?? []) {
        const requiresPython = release.metadata_requires_python ?? release.requires_python;
        const wheel = buildWheel({
          name, version, tag,
          metadata: { requiresDist: [...(release.requires_dist ?? [])], providesExtra: [...(release.extras ?? [])], ...(requiresPython ? { requiresPython } : {}) },
        }, outDir);
        const pep658 = wheelCount++ % 2 === 0;
        entries.push({ filename: wheel.filename, path: wheel.path, ...common, ...(pep658 ? { metadata: wheel.metadata } : {}) });
      }
    }
  }
  return projects;
}
