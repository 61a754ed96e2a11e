/**
 * The builder's `ArtifactInstaller`: a build requirement (a wheel, or a
 * binary archive the builder made from an sdist) unpacked into the store
 * once and installed into a build environment by pip-accel's installer.
 */
import type { ArtifactInstaller } from "../builder/index.js";
import { installFromStore, Store, unpackBinaryArchive, unpackWheel } from "../installer/index.js";

export const installBuildArtifact: ArtifactInstaller = async (artifact, schemeFor, { interpreter, cacheDir }) => {
  const store = Store.inCache(cacheDir);
  const entry = artifact.kind === "wheel"
    ? await unpackWheel(artifact.path, store, { sha256: artifact.sha256 })
    : await unpackBinaryArchive(artifact.path, store, { sha256: artifact.sha256 });
  await installFromStore(entry, schemeFor(entry.manifest.name), { python: { executable: interpreter.info.executable } });
  return { name: entry.manifest.name, version: entry.manifest.version };
};
