/**
 * Core metadata without building: parsing METADATA/PKG-INFO, a wheel's
 * METADATA (whole file or byte ranges), an sdist's static metadata. Pure
 * parsing and in-memory archive reading (through src/archive); no network,
 * no files.
 */
export { InvalidMetadata, dependencyMetadata, formatCoreMetadata, getAll, getFirst, metadataToJson, metadataVersionOf, parseCoreMetadata } from "./core-metadata.js";
export type { CoreMetadata, DependencyMetadata, MetadataJson } from "./core-metadata.js";
export { convertEggRequires, type EggRequires } from "./egg-requires.js";
export { readWheelMetadata, readWheelMetadataByRanges, findMetadataEntry, TAIL_GUESS, type RangeReader } from "./wheel-metadata.js";
export { readSdistMetadata, sdistMetadataFromFiles, pyprojectMetadata, isMetadataMember } from "./sdist-metadata.js";
export type { SdistMetadataResult, SdistMetadataSource } from "./sdist-metadata.js";
export { BadTar } from "./tar-members.js";
