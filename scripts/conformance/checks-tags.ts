/**
 * Record path `tags`: packaging.tags (tag parsing, tag and platform
 * generators) against src/tags. Only explicit arguments are supported: a
 * record that relies on the running system's defaults fails with a reason.
 */
import type { Checks } from "./types.js";
import { bind, fnRecordCheck, sortedPython } from "./fn-records.js";
import type { FnAdapter } from "./fn-records.js";
import {
  androidPlatforms, compatibleTags, cpythonAbis, cpythonTags, genericTags, iosPlatforms, macPlatforms, parseTag,
  purePythonTags, InvalidTag, InvalidTagArgument, TooManyTagsError, UnsortedTagsError,
} from "../../src/tags/index.js";
import type { AppleVersion, PythonVersion, Tag } from "../../src/tags/index.js";

function required<T>(value: unknown, what: string, ok: (v: unknown) => boolean): T {
  if (value === undefined || value === null) throw new Error(`${what} from the running system is not supported; give it explicitly`);
  if (!ok(value)) throw new Error(`bad ${what}: ${JSON.stringify(value)}`);
  return value as T;
}

const isString = (v: unknown): boolean => typeof v === "string";
const isInt = (v: unknown): boolean => Number.isInteger(v);
const isIntList = (v: unknown): boolean => Array.isArray(v) && v.every(isInt);
const isStringList = (v: unknown): boolean => Array.isArray(v) && v.every(isString);
const strings = (tags: readonly Tag[]): string[] => tags.map(String);

const adapters: Record<string, FnAdapter> = {
  parse_tag: (args, kwargs) => {
    const [tag, validateOrder, limit] = bind(args, kwargs, ["tag", "validate_order", "limit"]);
    const parsed = parseTag(required<string>(tag, "tag", isString), {
      validateOrder: validateOrder === true,
      limit: limit === undefined || limit === null ? null : required<number>(limit, "limit", isInt),
    });
    return sortedPython(strings(parsed));
  },
  cpython_tags: (args, kwargs) => {
    const [version, abis, platforms] = bind(args, kwargs, ["python_version", "abis", "platforms", "warn"]);
    const v = required<PythonVersion>(version, "python_version", isIntList);
    const abiList = abis === undefined || abis === null ? (v.length > 1 ? cpythonAbis(v) : []) : required<string[]>(abis, "abis", isStringList);
    return strings(cpythonTags(v, abiList, required<string[]>(platforms, "platforms", isStringList)));
  },
  generic_tags: (args, kwargs) => {
    const [interpreter, abis, platforms] = bind(args, kwargs, ["interpreter", "abis", "platforms", "warn"]);
    return strings(genericTags(
      required<string>(interpreter, "interpreter", isString),
      required<string[]>(abis, "abis", isStringList),
      required<string[]>(platforms, "platforms", isStringList),
    ));
  },
  compatible_tags: (args, kwargs) => {
    const [version, interpreter, platforms] = bind(args, kwargs, ["python_version", "interpreter", "platforms"]);
    const interp = interpreter === undefined || interpreter === null ? null : required<string>(interpreter, "interpreter", isString);
    return strings(compatibleTags(
      required<PythonVersion>(version, "python_version", isIntList), interp,
      required<string[]>(platforms, "platforms", isStringList),
    ));
  },
  pure_python_tags: (args, kwargs) => {
    const [version] = bind(args, kwargs, ["python_version"]);
    return strings(purePythonTags(required<PythonVersion>(version, "python_version", isIntList)));
  },
  mac_platforms: (args, kwargs) => {
    const [version, arch] = bind(args, kwargs, ["version", "arch"]);
    return macPlatforms(required<AppleVersion>(version, "version", isIntList), required<string>(arch, "arch", isString));
  },
  ios_platforms: (args, kwargs) => {
    const [version, multiarch] = bind(args, kwargs, ["version", "multiarch"]);
    return iosPlatforms(required<AppleVersion>(version, "version", isIntList), required<string>(multiarch, "multiarch", isString));
  },
  android_platforms: (args, kwargs) => {
    const [apiLevel, abi] = bind(args, kwargs, ["api_level", "abi"]);
    return androidPlatforms(required<number>(apiLevel, "api_level", isInt), required<string>(abi, "abi", isString));
  },
};

export const checks: Checks = {
  tags: fnRecordCheck(adapters, {
    InvalidTag: [InvalidTag],
    TooManyTagsError: [TooManyTagsError],
    UnsortedTagsError: [UnsortedTagsError],
    ValueError: [InvalidTagArgument],
  }),
};
