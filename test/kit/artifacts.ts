/**
 * Artifact factories for tests and the demo, in one import:
 *
 * - `buildWheel(spec, outDir)`: a real `.whl` from a file map (wheel-factory.ts).
 * - `buildSdist(project, outDir?)`: a real setuptools sdist of a tree in
 *   `test/fixtures/projects/`, cached by content hash (sdist-build.ts).
 * - `makeSdistFromFiles(spec, outDir)`: a `.tar.gz` sdist written directly, for
 *   metadata-only tests (tarball-factory.ts).
 * - `makeMaliciousSdist(kind, outDir)`: `../`, absolute, symlink and hardlink attacks.
 * - `makeDumbTarball(spec, outDir)`: a `bdist_dumb`-shaped binary tarball.
 * - `findSetuptoolsWheel(python)`: setuptools for offline build environments.
 * - `writeTar`/`writeTarGz`: raw tar writing, member by member, unsanitised.
 */
export { buildWheel, wheelMembers, wheelFilename, escapeWheelName, formatCoreMetadata, formatEntryPoints, recordHash } from "./wheel-factory.js";
export type { BuiltWheel, WheelSpec, CoreMetadataSpec, Content } from "./wheel-factory.js";
export { buildSdist, treeHash } from "./sdist-build.js";
export type { BuiltSdist, BuildSdistOptions } from "./sdist-build.js";
export { makeSdistFromFiles, makeMaliciousSdist, makeDumbTarball } from "./tarball-factory.js";
export type { BuiltArchive, SdistFilesSpec, MaliciousKind, DumbTarballSpec } from "./tarball-factory.js";
export { findSetuptoolsWheel, setuptoolsIndexEntry } from "./setuptools-wheel.js";
export { writeTar, writeTarGz, parentDirs, FIXED_MTIME } from "./tar-writer.js";
export type { TarMember, TarMemberType } from "./tar-writer.js";
