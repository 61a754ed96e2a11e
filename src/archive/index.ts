/**
 * Archives, below every stage that reads or writes them: the one strict ZIP
 * reader (whole archives and range-read pieces), the ZIP writer, the rules
 * for member names and contained paths, and the archive errors.
 */
export { openZip, locateDirectory, readCentralDirectory, readMember, memberSpan, exactMemberSpan, MAX_MEMBER_SIZE } from "./zip-reader.js";
export type { ZipArchive, ZipEntry, ZipDirectory } from "./zip-reader.js";
export { writeZip, type ZipMemberInput } from "./zip-writer.js";
export { checkMemberName, containedJoin, isInside } from "./member-path.js";
export { CorruptArchiveError, InvalidBinaryArchiveError, UnsafeArchiveError } from "./errors.js";
export { writeBinaryArchive, readBinaryArchive, BINARY_MANIFEST, BINARY_FORMAT, BINARY_FORMAT_VERSION, type BinaryManifest, type BinaryFile } from "./binary-format.js";
export { SCHEME_KEYS, type SchemeKey } from "./scheme-keys.js";
export { sha256Hex } from "./digest.js";
