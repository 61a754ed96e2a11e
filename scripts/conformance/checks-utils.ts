/**
 * Record path `utils`: packaging.utils (names, versions, wheel and sdist
 * filenames) against src/filenames.
 */
import type { Checks } from "./types.js";
import { bind, fnRecordCheck, sortedPython, versionText } from "./fn-records.js";
import type { FnAdapter } from "./fn-records.js";
import {
  canonicalizeName, canonicalizeVersion, isNormalizedName, parseSdistFilename, parseWheelFilename,
  InvalidName, InvalidSdistFilename, InvalidWheelFilename,
} from "../../src/filenames/index.js";
import { Version } from "../../src/pep440/index.js";

function text(value: unknown, what: string): string {
  if (typeof value !== "string") throw new Error(`${what} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

const adapters: Record<string, FnAdapter> = {
  canonicalize_name: (args, kwargs) => {
    const [name, validate] = bind(args, kwargs, ["name", "validate"]);
    return canonicalizeName(text(name, "name"), { validate: validate === true });
  },
  is_normalized_name: (args, kwargs) => {
    const [name] = bind(args, kwargs, ["name"]);
    return isNormalizedName(text(name, "name"));
  },
  canonicalize_version: (args, kwargs) => {
    const [version, strip] = bind(args, kwargs, ["version", "strip_trailing_zero"]);
    const input = typeof version === "object" && version !== null ? Version.parse(text(versionText(version), "version")) : text(version, "version");
    return canonicalizeVersion(input, { stripTrailingZero: strip !== false });
  },
  parse_wheel_filename: (args, kwargs) => {
    const [filename, validateOrder] = bind(args, kwargs, ["filename", "validate_order"]);
    const wheel = parseWheelFilename(text(filename, "filename"), { validateOrder: validateOrder === true });
    return [wheel.name, { $version: wheel.version.toString() }, wheel.build, sortedPython(wheel.tags.map(String))];
  },
  parse_sdist_filename: (args, kwargs) => {
    const [filename] = bind(args, kwargs, ["filename"]);
    const sdist = parseSdistFilename(text(filename, "filename"));
    return [sdist.name, { $version: sdist.version.toString() }];
  },
};

export const checks: Checks = {
  utils: fnRecordCheck(adapters, {
    InvalidName: [InvalidName],
    InvalidWheelFilename: [InvalidWheelFilename],
    InvalidSdistFilename: [InvalidSdistFilename],
  }),
};
