/**
 * PEP 425 platform compatibility tags (packaging.tags 26.4), pure and I/O-free:
 * parse wheel tags, generate the supported tags of a described interpreter,
 * and rank wheels by their best tag.
 */
export { Tag, parseTag, formatTagSet, InvalidTag, TooManyTagsError, UnsortedTagsError, InvalidTagArgument } from "./tag.js";
export type { ParseTagOptions } from "./tag.js";
export { cpythonTags, cpythonAbis, genericTags, compatibleTags, purePythonTags, versionNodot } from "./interpreter-tags.js";
export type { PythonVersion } from "./interpreter-tags.js";
export { macPlatforms, iosPlatforms, androidPlatforms, normalizePlatformString } from "./apple-android-platforms.js";
export type { AppleVersion } from "./apple-android-platforms.js";
export { manylinuxPlatforms, musllinuxPlatforms, linuxPlatforms, linuxArchs, expandPlatform, expandPlatforms, expandTagPlatforms } from "./linux-platforms.js";
export type { Libc, LibcVersion } from "./linux-platforms.js";
export { sysTags, platformTags, tagPriority, bestTagRank } from "./sys-tags.js";
export type { InterpreterDescription, PlatformDescription } from "./sys-tags.js";
