/**
 * The resolution-based commands' options (`resolve`, `download`, `build`,
 * `index`) as the operations take them: index URLs (`-i` default PyPI,
 * `--extra-index-url`), `--find-links`, `--no-index`, `--offline`,
 * `--refresh`, the network options, the target (`--python-version`,
 * `--platform`, `--implementation`, `--abi`, `--python`) and the policy
 * (`--pre`, `-U`, `--prefer-binary`, `--only-binary`, ...).
 */
import type { RequirementEntry, ResolutionPolicy, ResolutionRequest, SourceOptions } from "../operations/resolution.js";
import type { CommandContext } from "./context.js";
import { httpClientOptions } from "./http-options.js";
import { commandCacheDir } from "./target.js";

export const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === "string" && value !== "" ? [value] : []);
const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

export function sourceOptions(ctx: CommandContext): SourceOptions {
  const o = ctx.options;
  return {
    cwd: ctx.cwd, env: ctx.env, cacheDir: commandCacheDir(ctx),
    indexUrls: [...(typeof o.indexUrl === "string" ? [o.indexUrl] : ["https://pypi.org/simple"]), ...list(o.extraIndexUrl)],
    findLinks: list(o.findLinks), noIndex: Boolean(o.noIndex),
    offline: Boolean(o.offline), refresh: Boolean(o.refresh), pre: Boolean(o.pre),
    http: httpClientOptions(o, ctx.env),
    target: { pythonVersion: str(o.pythonVersion), platforms: list(o.platform), implementation: str(o.implementation), abis: list(o.abi), python: str(o.python) },
    onWarning: (message) => ctx.output.warn(message),
  };
}

/** The command's arguments, `-r` and `-c` files and source options. */
export function resolutionRequest(ctx: CommandContext, skip?: (entry: RequirementEntry) => boolean): ResolutionRequest {
  return {
    ...sourceOptions(ctx), requirements: ctx.args, editables: list(ctx.options.editable), requirementFiles: list(ctx.options.requirement), constraintFiles: list(ctx.options.constraint),
    upgrade: Boolean(ctx.options.upgrade), ...(skip ? { skip } : {}),
  };
}

export function resolutionPolicy(ctx: CommandContext): ResolutionPolicy {
  const o = ctx.options;
  return {
    noDeps: Boolean(o.noDeps), pre: Boolean(o.pre), upgrade: Boolean(o.upgrade), preferBinary: Boolean(o.preferBinary),
    onlyBinary: list(o.onlyBinary), noBinary: list(o.noBinary), requireHashes: Boolean(o.requireHashes), ignoreRequiresPython: Boolean(o.ignoreRequiresPython),
  };
}
