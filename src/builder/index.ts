/**
 * The builder's public surface, for `operations/` and the CLI.
 *
 *     const builder = new Builder({ interpreter, cacheDir, provider, installArtifact, reporter, jobs, systemPackages });
 *     const built = await builder.build(sdistPath);       // BuiltArtifact (cached binary or wheel)
 *     await buildSdists(paths, options);                  // many, in parallel, deduplicated
 *     new BuilderMetadataSource(builder, locate);         // the resolver's MetadataSource for sdists
 *
 * A `BuiltArtifact` of `kind: "binary"` is installed with the installer's
 * `unpackBinaryArchive`, one of `kind: "wheel"` (PEP 517 backends) with `unpackWheel`.
 */
export { Builder, buildSdists, identifySdist, type BuilderOptions, type BuiltArtifact, type PreparedSource } from "./builder.js";
export { BinaryCache, BINARY_BUCKET, type CachedBinary, type CachedKind, type BinaryCacheBackend } from "./binary-cache.js";
export type { SharedBinaryCache } from "./shared-cache.js";
export { binaryKey, binaryKeyString, interpreterKey, type BinaryKey } from "./binary-key.js";
export { BUILD_ENV_BUCKET, type ArtifactInstaller, type InstallableArtifact, type BuildRequirementsProvider, type BuildRequirementsContext, type ArtifactPath, type BuildEnv } from "./build-env.js";
export { readBuildSystem, DEFAULT_BUILD_REQUIRES, type BuildSystem } from "./build-system.js";
export { sdistMetadata, BuilderMetadataSource, METADATA_BUCKET } from "./sdist-metadata.js";
export { type BuildReporter, DEFAULT_SOURCE_DATE_EPOCH } from "./run-build.js";
export { SystemPackages, detectMissing, parseAutoInstall, KNOWN_PACKAGES, type SystemPackagesOptions, type MissingItem, type CommandResult } from "./system-deps.js";
export { debianLookups, systemPackagesSection } from "./system-lookup.js";
export { unpackSdist } from "./sdist-unpack.js";
export * from "./errors.js";
