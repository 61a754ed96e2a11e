/**
 * pip's requirement-file syntax: `parseRequirementsFile` for files (with
 * `-r`/`-c` includes), `parseRequirementLine` / `parseEditableLine` for
 * command-line arguments. See `types.ts` for the result shapes.
 */
export { parseRequirementsFile, resolveNested, isRemoteFile } from "./includes.js";
export { parseRequirementLine, parseEditableLine, parseLine } from "./parser.js";
export type { ParsedLine, LineParseOptions } from "./parser.js";
export { allowedFormats, allowsPrereleases, createGlobalOptions, DEFAULT_INDEX_URL } from "./global-options.js";
export { preprocess, breakArgsOptions, shlexSplit, decodeRequirementsBytes } from "./tokenizer.js";
export {
  RequirementsFileParseError, InvalidRequirementLineError, RequirementsFileOpenError, RequirementsFileDecodeError,
} from "./errors.js";
export type * from "./types.js";
