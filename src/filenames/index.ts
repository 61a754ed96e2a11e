/**
 * Project names, versions and distribution filenames (packaging.utils 26.4),
 * plus pip's reading of legacy archive names. Pure, no I/O.
 */
export { canonicalizeName, distInfoName, isNormalizedName, isValidName, canonicalizeVersion, InvalidName } from "./names.js";
export type { NormalizedName } from "./names.js";
export { parseWheelFilename, formatWheelFilename, compareBuildTags, InvalidWheelFilename } from "./wheel-filename.js";
export type { WheelFilename, BuildTag } from "./wheel-filename.js";
export { parseSdistFilename, formatSdistFilename, InvalidSdistFilename } from "./sdist-filename.js";
export type { SdistFilename } from "./sdist-filename.js";
export {
  ARCHIVE_EXTENSIONS, WHEEL_EXTENSION, splitArchiveExtension, isArchiveExtension,
  splitNameVersion, stripPythonSuffix, readLegacyNameVersion,
} from "./archive-name.js";
export type { SplitFilename, LegacyNameVersion } from "./archive-name.js";
